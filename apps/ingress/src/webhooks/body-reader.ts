import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DeliveryOutcome } from '@hookline/contracts/events';

/** Why a body could not be read, as the answer the sender gets. */
export class BodyReadError extends Error {
  constructor(
    readonly statusCode: number,
    readonly outcome: DeliveryOutcome,
    message: string,
  ) {
    super(message);
  }
}

export interface BodyLimits {
  maxBytes: number;
  /** From the end of the headers to the last byte; a body still arriving then is answered 408. */
  timeoutMs: number;
}

/**
 * Reads the body as Fastify's buffer parser would, but bounded in size
 * (declared or counted: 413) and in time (408), so a client that dribbles
 * its body holds a socket for `timeoutMs` at most. After a failure the
 * answer carries `connection: close`, since the client may still be sending.
 */
export function readRawBody(request: FastifyRequest, reply: FastifyReply, limits: BodyLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const fail = (error: BodyReadError): void => {
      stopReading();
      void reply.header('connection', 'close');
      reject(error);
    };
    const tooLarge = () => new BodyReadError(413, 'too_large', `body exceeds the limit of ${limits.maxBytes} bytes`);
    const declared = Number(request.headers['content-length']);
    if (declared > limits.maxBytes) return fail(tooLarge());
    const payload = request.raw;
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limits.maxBytes) return fail(tooLarge());
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stopReading();
      if (!Number.isNaN(declared) && received !== declared) return fail(new BodyReadError(400, 'invalid', 'body length does not match Content-Length'));
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    };
    const onError = (error: Error): void => fail(new BodyReadError(400, 'invalid', `body could not be read: ${error.message}`));
    const timer = setTimeout(() => {
      fail(new BodyReadError(408, 'invalid', `body not received within ${limits.timeoutMs} ms (${received} bytes arrived)`));
    }, limits.timeoutMs);
    const stopReading = (): void => {
      clearTimeout(timer);
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
    payload.resume();
  });
}
