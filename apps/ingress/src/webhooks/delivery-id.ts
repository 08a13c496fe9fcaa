import { fieldLimits } from '@hookline/contracts/events';

export type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** Headers in which senders name their delivery; the first present one wins. */
const deliveryIdHeaders = ['webhook-id', 'x-webhook-id', 'x-delivery-id', 'idempotency-key'] as const;

// The contract's opaque id: it becomes a Kafka header, a log field and part of every event id.
const opaqueId = new RegExp(`^[\\x21-\\x7e]{1,${fieldLimits.idLength}}$`);

export type DeliveryIdCheck = { ok: true; id: string | undefined } | { ok: false; problem: string };

/**
 * The id a sender gave its delivery, checked against the contract: absent is
 * fine (ingress mints one), present but unusable is the sender's mistake and
 * a 400 that says so, rather than an event the contract refuses later (a 500).
 */
export function checkDeliveryId(id: string | undefined, label: string): DeliveryIdCheck {
  if (id === undefined || opaqueId.test(id)) return { ok: true, id };
  const what = id.length > fieldLimits.idLength ? `is ${id.length} characters long` : 'holds spaces or characters other than printable ASCII';
  return { ok: false, problem: `${label} ${what}; a delivery id is 1 to ${fieldLimits.idLength} printable ASCII characters without spaces` };
}

/** The sender's delivery id from the usual headers (`webhook-id`, `x-delivery-id`, …), checked. */
export function readDeliveryIdHeader(headers: Headers): DeliveryIdCheck {
  for (const name of deliveryIdHeaders) {
    const value = headers[name];
    if (value === undefined) continue;
    return checkDeliveryId(Array.isArray(value) ? value.join(', ') : value, `header ${name}`);
  }
  return { ok: true, id: undefined };
}

/** Lenient, for naming a refusal in the delivery log: the sender's id when it is usable, else none. */
export function usableDeliveryIdHeader(headers: Headers): string | undefined {
  const read = readDeliveryIdHeader(headers);
  return read.ok ? read.id : undefined;
}
