import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ service: 'spec', level: 'info', destination }), text: () => lines.join('') };
}

describe('log redaction', () => {
  it('hides every credential header, including ones only an integration knows, and keeps the ones that trace a delivery', () => {
    const { logger, text } = capture();
    logger.warn(
      {
        headers: {
          'stripe-signature': 't=1,v1=abc123',
          'x-pagerduty-signature': 'v1=deadbeef',
          'x-acme-hmac': 'custom-scheme-signature',
          cookie: 'session=s3cr3t',
          'x-api-key': 'key-42',
          authorization: 'Bearer tok-1',
          'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
          'content-type': 'application/json',
        },
      },
      'webhook refused',
    );

    const line = JSON.parse(text()) as { headers: Record<string, string> };
    expect(text()).not.toMatch(/abc123|deadbeef|custom-scheme-signature|s3cr3t|key-42|tok-1/);
    expect(line.headers).toMatchObject({ 'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', 'content-type': 'application/json', 'x-acme-hmac': '[redacted]' });
  });

  it('hides the values of query parameters in a logged URL, also one level down', () => {
    const { logger, text } = capture();
    logger.error({ url: '/api/incidents?token=abc&status=open', req: { url: '/webhooks/int_1?key=zzz', method: 'POST' } }, 'unhandled error');

    const line = JSON.parse(text()) as { url: string; req: { url: string; method: string } };
    expect(line.url).toBe('/api/incidents?token=[redacted]&status=[redacted]');
    expect(line.req).toEqual({ url: '/webhooks/int_1?key=[redacted]', method: 'POST' });
  });

  it('censors fields that name a secret wherever they sit', () => {
    const { logger, text } = capture();
    logger.info({ integration: { secret: 'whsec_x', token: 'abc' }, password: 'pw' }, 'created');

    expect(text()).not.toMatch(/whsec_x|"abc"|"pw"/);
  });
});
