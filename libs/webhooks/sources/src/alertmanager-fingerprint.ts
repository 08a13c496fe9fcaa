// Prometheus's label-set fingerprint (model.LabelSet.Fingerprint), which Alertmanager
// sends per alert. Only computed for senders that emulate Alertmanager's webhook but
// leave `fingerprint` out: computing the same value keeps their alerts deduplicating
// exactly like Alertmanager's own.

const offsetBasis = 14695981039346656037n;
const prime = 1099511628211n;
const mask = (1n << 64n) - 1n;
const separator = 0xff;

/**
 * FNV-1a 64 over the label names in ascending order, each written as
 * name 0xFF value 0xFF (UTF-8), as 16 lowercase hex digits.
 * `{alertname="alert1",lbl1="val1"}` is `fac0861a85de433a`.
 */
export function alertmanagerFingerprint(labels: Readonly<Record<string, string>>): string {
  let hash = offsetBasis;
  const add = (byte: number) => {
    hash = ((hash ^ BigInt(byte)) * prime) & mask;
  };
  // Go sorts label names bytewise; for Prometheus label names ([a-zA-Z_][a-zA-Z0-9_]*) that is JavaScript's default order.
  for (const name of Object.keys(labels).sort()) {
    for (const byte of Buffer.from(name, 'utf8')) add(byte);
    add(separator);
    for (const byte of Buffer.from(labels[name] ?? '', 'utf8')) add(byte);
    add(separator);
  }
  return hash.toString(16).padStart(16, '0');
}
