import { isIPv6 } from 'node:net';
import { RateLimiter } from './rate-limiter';

/**
 * Refusals (404, 401, 400, 413, 415, …) per source address: a caller that
 * keeps sending junk spends its own budget, not the CPU and the delivery log
 * that real senders need. Once an address has none left it is answered 429
 * before any other work, not even an integration lookup, until its bucket
 * refills. Accepted deliveries never spend from it.
 *
 * A refusal costs one token plus one per `bytesPerToken` of body the ingress
 * read (and verified) before refusing: a refused 1 MiB body costs the
 * process 25 to 60 times a refused empty request (bench/ingress-flood), so
 * counting requests alone would let an address spend that much CPU per
 * minute at no extra price.
 */
export class RefusalBudget {
  private readonly buckets = new RateLimiter();

  constructor(
    private readonly perMinute: number,
    private readonly bytesPerToken = 64 * 1024,
  ) {}

  /** 0 while the address may still be refused normally, else the seconds until it may (for `Retry-After`). */
  wait(sourceIp: string, now: number): number {
    return this.buckets.wait(addressKey(sourceIp), this.perMinute, now);
  }

  spend(sourceIp: string, now: number, bodyBytesRead = 0): void {
    this.buckets.charge(addressKey(sourceIp), this.perMinute, now, 1 + Math.floor(bodyBytesRead / this.bytesPerToken));
  }
}

/**
 * IPv4 addresses as they are; IPv6 by their /64, the smallest block a host
 * is usually given, since one host can rotate through its whole /64 at will.
 */
export function addressKey(ip: string): string {
  if (ip.startsWith('::ffff:') && ip.includes('.')) return ip.slice('::ffff:'.length);
  if (!isIPv6(ip)) return ip;
  return `${expandIpv6(ip).slice(0, 4).join(':')}::/64`;
}

function expandIpv6(ip: string): string[] {
  const [head = '', tail = ''] = ip.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = ip.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}
