import { fastifyTrustProxy } from './trusted-proxies';
import { trustedProxiesOf } from './service-http';

describe('trusted proxies', () => {
  it('trust nobody unless told', () => {
    expect(fastifyTrustProxy(undefined)).toBe(false);
  });

  it('trust exactly the nearest hops for a hop count', () => {
    const trust = fastifyTrustProxy({ hops: 2 }) as (address: string, hop: number) => boolean;

    expect([0, 1, 2].map((hop) => trust('203.0.113.9', hop))).toEqual([true, true, false]);
  });

  it('read the deprecated trust-everything flag as proxies on loopback and private networks only, with a warning', () => {
    expect(trustedProxiesOf({ host: '0.0.0.0', port: 3000 }, true)).toEqual({
      proxies: { addresses: ['loopback', 'uniquelocal'] },
      warning: expect.stringContaining('set TRUSTED_PROXIES'),
    });
  });

  it('let TRUSTED_PROXIES win over the deprecated flag', () => {
    expect(trustedProxiesOf({ host: '0.0.0.0', port: 3000, trustedProxies: { addresses: ['10.0.0.1'] } }, true)).toMatchObject({ proxies: { addresses: ['10.0.0.1'] } });
  });
});
