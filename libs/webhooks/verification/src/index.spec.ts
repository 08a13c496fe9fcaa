import * as verification from './index';

describe('the verification module’s public surface', () => {
  it('exports the schema, the verifiers, the secret generator, the Standard Webhooks key reader (entered whsec_ secrets are checked with it) and the resolved HMAC settings (the CLI tells senders the format from them)', () => {
    expect(Object.keys(verification).sort()).toEqual(['authConfigSchema', 'createVerifier', 'generateSecret', 'hmacPresets', 'missingCredentialHeader', 'resolveHmacSettings', 'standardWebhooksKey', 'verifyRequest']);
  });
});
