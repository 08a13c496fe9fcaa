/** What the verifier needs from an HTTP request; header names lower-cased, as Node and Fastify give them. */
export interface RequestToVerify {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The bytes as received: re-serialised JSON would not match the sender's signature. */
  rawBody: Buffer;
}

export type VerificationResult =
  | {
      ok: true;
      /** The sender's own delivery id when the scheme has one (webhook-id, X-GitHub-Delivery, ...). */
      deliveryId?: string;
      /**
       * What the signature covers, condensed, for the duplicate check: a replay
       * that changes only unsigned headers (X-GitHub-Delivery, say) has the same
       * key. Absent when the credential covers nothing of the request (bearer,
       * basic): the caller then keys on the body itself.
       */
      replayKey?: string;
    }
  | {
      ok: false;
      /** Short and safe to show the sender and to log: never a secret or an expected signature. */
      reason: string;
    };

export type VerificationFailure = Extract<VerificationResult, { ok: false }>;

/** Verifies one request against keys prepared once by `createVerifier`. */
export type Verifier = (request: RequestToVerify, now: Date) => VerificationResult;

export function refused(reason: string): VerificationFailure {
  return { ok: false, reason };
}

export function accepted(deliveryId: string | undefined, replayKey?: string): VerificationResult {
  return {
    ok: true,
    ...(deliveryId === undefined ? {} : { deliveryId }),
    ...(replayKey === undefined ? {} : { replayKey }),
  };
}
