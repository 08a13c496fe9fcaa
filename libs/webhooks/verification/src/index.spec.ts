import * as verification from './index';

describe('the verification module’s public surface', () => {
  it('exports the schema, the verifiers, the secret generator and the Standard Webhooks key reader (entered whsec_ secrets are checked with it)', () => {
    expect(Object.keys(verification).sort()).toEqual(['authConfigSchema', 'createVerifier', 'generateSecret', 'hmacPresets', 'missingCredentialHeader', 'standardWebhooksKey', 'verifyRequest']);
  });
});
