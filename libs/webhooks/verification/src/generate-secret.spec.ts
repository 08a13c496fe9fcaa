import { createHmac } from 'node:crypto';
import { generateSecret } from './generate-secret';
import { verifyRequest } from './verify-request';

describe('generateSecret', () => {
  it('makes a whsec_ secret holding 32 random bytes for standard-webhooks', () => {
    const secret = generateSecret({ scheme: 'standard-webhooks' });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
  });

  it('makes a standard-webhooks secret that signs and verifies as its senders would use it', () => {
    const secret = generateSecret({ scheme: 'standard-webhooks' });
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const signature = createHmac('sha256', key).update('msg_1.1700000000.{}').digest('base64');
    const request = {
      headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': '1700000000', 'webhook-signature': `v1,${signature}` },
      rawBody: Buffer.from('{}'),
    };
    expect(verifyRequest({ scheme: 'standard-webhooks' }, [secret], request, new Date(1_700_000_000_000))).toMatchObject({ ok: true });
  });

  it.each(['hmac', 'stripe-style', 'bearer'] as const)('makes a base64url secret of 32 random bytes for %s', (scheme) => {
    const secret = generateSecret(scheme === 'hmac' ? { scheme, preset: 'github' } : { scheme });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('makes a different secret each time', () => {
    expect(generateSecret({ scheme: 'bearer' })).not.toEqual(generateSecret({ scheme: 'bearer' }));
  });
});
