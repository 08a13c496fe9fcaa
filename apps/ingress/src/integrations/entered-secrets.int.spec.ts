import { senderFixture } from '@hookline/testing';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { startIngress, type RunningIngress } from '../testing/ingress-harness';

// Bring your own secret (senders that generate it: Svix, Stripe, PagerDuty v3
// webhook subscriptions), revoking the previous secret at once, and each
// secret's age in the integration view.

const alertmanagerBody = () => JSON.stringify({ ...senderFixture('alertmanager-two-alerts-firing'), groupKey: `{}:{run="${randomUUID()}"}` });
const hmacHex = (key: string | Buffer, content: string) => createHmac('sha256', key).update(content).digest('hex');
const now = () => String(Math.floor(Date.now() / 1000));

const senders = {
  svix: (secret: string, body: string) => {
    const [id, timestamp] = [`msg_${randomUUID()}`, now()];
    const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
    return { 'svix-id': id, 'svix-timestamp': timestamp, 'svix-signature': `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}` };
  },
  stripe: (secret: string, body: string) => {
    const timestamp = now();
    return { 'stripe-signature': `t=${timestamp},v1=${hmacHex(secret, `${timestamp}.${body}`)}` };
  },
  pagerDutyV3: (secret: string, body: string) => ({ 'x-pagerduty-signature': `v1=${hmacHex(secret, body)}` }),
  bearer: (secret: string) => ({ authorization: `Bearer ${secret}` }),
};

describe('secrets the user enters, revoked at once, shown by age', () => {
  let ingress: RunningIngress;

  beforeAll(async () => {
    ingress = await startIngress();
  });
  afterAll(() => ingress.close());

  const deliver = async (id: string, sign: (secret: string, body: string) => Record<string, string>, secret: string) => {
    const body = alertmanagerBody();
    return (await ingress.post(`/webhooks/${id}`, body, sign(secret, body))).status;
  };

  it.each([
    ['a Svix whsec_<base64> secret', { scheme: 'standard-webhooks' }, `whsec_${randomBytes(24).toString('base64')}`, senders.svix],
    ['a Stripe whsec_ signing secret', { scheme: 'stripe-style' }, `whsec_${randomBytes(24).toString('base64url').slice(0, 32)}`, senders.stripe],
    ['a PagerDuty v3 subscription secret', { scheme: 'hmac', preset: 'pagerduty-v3' }, randomBytes(48).toString('base64'), senders.pagerDutyV3],
  ])('verifies deliveries signed with %s entered at creation', async (_name, auth, secret, sign) => {
    const created = await ingress.createIntegration({ source: 'alertmanager', auth, secret });

    expect(created.secret).toBe(secret);
    expect(await deliver(created.id, sign, secret)).toBe(202);
  });

  it.each([
    ['standard-webhooks', { scheme: 'standard-webhooks' }, 'whsec_not base64!', 'secret: must be whsec_ followed by base64'],
    ['standard-webhooks', { scheme: 'standard-webhooks' }, `whsec_${randomBytes(8).toString('base64')}`, 'secret: must be a key of 24 to 64 bytes, not 8'],
    ['bearer', { scheme: 'bearer' }, 'short-token', 'secret: must be at least 16 characters'],
    ['bearer', { scheme: 'bearer' }, 'a token with spaces in it', 'secret: must be printable ASCII without spaces'],
    ['routing-key', { scheme: 'routing-key' }, 'x'.repeat(31), 'secret: a PagerDuty routing key (integration key) is 32 letters and digits'],
  ])('refuses an entered %s secret of the wrong form with 400 saying what is wrong, never quoting it', async (_scheme, auth, secret, problem) => {
    const source = auth.scheme === 'routing-key' ? 'pagerduty' : 'alertmanager';

    const answer = await ingress.admin('POST', '/api/integrations', { name: 'byo', source, auth, secret });

    expect(answer.status).toBe(400);
    expect(answer.body['detail']).toEqual(expect.stringContaining(problem));
    expect(JSON.stringify(answer.body)).not.toContain(secret);
  });

  it('rotates to an entered secret, and refuses one of the wrong form with 400', async () => {
    const { id } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'standard-webhooks' } });
    const entered = `whsec_${randomBytes(32).toString('base64')}`;

    const wrong = await ingress.admin('POST', `/api/integrations/${id}/rotate-secret`, { secret: 'whsec_%%%' });
    const rotated = await ingress.admin('POST', `/api/integrations/${id}/rotate-secret`, { secret: entered });

    expect([wrong.status, wrong.body['detail']]).toEqual([400, expect.stringContaining('secret: must be whsec_ followed by base64')]);
    expect([rotated.status, rotated.body['secret']]).toEqual([200, entered]);
    expect(await deliver(id, senders.svix, entered)).toBe(202);
  });

  it('stops the previous secret at once when it is revoked after a rotation, while the new one keeps working', async () => {
    const { id, secret: old = '' } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
    const rotated = await ingress.admin('POST', `/api/integrations/${id}/rotate-secret`);
    const fresh = String(rotated.body['secret']);
    expect(await deliver(id, senders.bearer, old)).toBe(202);

    const revoked = await ingress.admin('POST', `/api/integrations/${id}/revoke-previous-secret`);
    const again = await ingress.admin('POST', `/api/integrations/${id}/revoke-previous-secret`);

    expect([revoked.status, revoked.body['revoked'], again.body['revoked']]).toEqual([200, true, false]);
    expect(await deliver(id, senders.bearer, old)).toBe(401);
    expect(await deliver(id, senders.bearer, fresh)).toBe(202);
    expect((revoked.body['integration'] as Record<string, unknown>)['previousSecretExpiresAt']).toBeNull();
  });

  it("shows each secret's creation time, age and the previous one's expiry, never the secret", async () => {
    const { id, secret: old = '' } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
    const rotated = await ingress.admin('POST', `/api/integrations/${id}/rotate-secret`);

    const view = await ingress.admin('GET', `/api/integrations/${id}`);

    expect(view.body['secrets']).toEqual([
      { state: 'current', createdAt: expect.any(String), ageSeconds: expect.any(Number), expiresAt: null },
      { state: 'previous', createdAt: expect.any(String), ageSeconds: expect.any(Number), expiresAt: rotated.body['previousSecretExpiresAt'] },
    ]);
    const [current, previous] = view.body['secrets'] as { createdAt: string; expiresAt: string | null }[];
    expect(Date.parse(previous?.createdAt ?? '')).toBeLessThanOrEqual(Date.parse(current?.createdAt ?? ''));
    expect(Date.parse(String(previous?.expiresAt))).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    for (const secret of [old, String(rotated.body['secret'])]) expect(JSON.stringify(view.body)).not.toContain(secret);
  });
});
