import { isAllowed, parseAllowlist } from './ip-allowlist';

describe('IP allowlist', () => {
  const list = parseAllowlist(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32']);

  it('admits an address inside an allowed range', () => {
    expect(isAllowed(list, '10.20.30.40')).toBe(true);
  });

  it('refuses an address outside every range', () => {
    expect(isAllowed(list, '192.0.2.8')).toBe(false);
  });

  it('matches IPv4 clients reported in IPv6-mapped form', () => {
    expect(isAllowed(list, '::ffff:192.0.2.7')).toBe(true);
  });

  it('matches IPv6 ranges', () => {
    expect(isAllowed(list, '2001:db8:1::5')).toBe(true);
  });

  it('rejects an entry that is not an address or range', () => {
    expect(() => parseAllowlist(['example.com'])).toThrow('not an IP address or CIDR range: example.com');
  });
});
