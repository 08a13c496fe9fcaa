import * as verification from './index';

describe('the verification module’s public surface', () => {
  it('exports the schema, the verifiers and the secret generator', () => {
    expect(Object.keys(verification).sort()).toEqual(['authConfigSchema', 'createVerifier', 'generateSecret', 'hmacPresets', 'missingCredentialHeader', 'verifyRequest']);
  });
});
