import { BlockList, isIP } from 'node:net';

/** Parses `10.0.0.0/8`, `192.0.2.7`, `2001:db8::/32`; throws on anything else. */
export function parseAllowlist(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`not an IP address or CIDR range: ${entry}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else {
      const bits = Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) throw new Error(`bad prefix length in ${entry}`);
      list.addSubnet(address, bits, type);
    }
  }
  return list;
}

/** Node reports IPv4 clients of a dual-stack socket as `::ffff:a.b.c.d`; an IPv4 allowlist must still match them. */
export function isAllowed(list: BlockList, ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped) return list.check(mapped, 'ipv4');
  return list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
}
