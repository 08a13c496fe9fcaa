import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type SenderPayload = Record<string, unknown>;

/**
 * Real payloads as the senders produce them (fixtures/senders/, copied from
 * the senders' own docs and tests; each names its origin in `_source`, which
 * is not part of the payload and is stripped here, as is `_facts`).
 */
export function senderFixture(name: string): SenderPayload {
  const file = join(__dirname, '..', 'fixtures', 'senders', `${name}.json`);
  const { _source, _facts, ...payload } = JSON.parse(readFileSync(file, 'utf8')) as SenderPayload;
  return payload;
}
