import { ConnectorError } from './connector';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpCall {
  method: HttpMethod;
  url: string;
  headers: Readonly<Record<string, string>>;
  body?: unknown;
  /** Sent as `Idempotency-Key` on every call that changes something. */
  idempotencyKey?: string;
  timeoutMs: number;
}

export interface HttpReply {
  status: number;
  /** Parsed JSON, or undefined for an empty or non-JSON body. */
  body: unknown;
}

/** Statuses worth trying again: the server is busy or failed, not the request. */
const retryableStatuses = new Set([408, 425, 429]);
const errorTextLimit = 300;

/**
 * One HTTP call with a hard deadline covering the whole exchange (connect,
 * send, headers and body), classified into a reply or a `ConnectorError`.
 */
export async function callHttp(call: HttpCall): Promise<HttpReply> {
  const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  if (call.idempotencyKey !== undefined && call.method !== 'GET') headers['idempotency-key'] = call.idempotencyKey;
  const signal = AbortSignal.timeout(call.timeoutMs);
  try {
    const response = await fetch(call.url, {
      method: call.method,
      headers,
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      signal,
      redirect: 'error',
    });
    const text = await response.text();
    if (!response.ok) {
      const retryable = response.status >= 500 || retryableStatuses.has(response.status);
      throw new ConnectorError(`${call.method} ${pathOf(call.url)} answered ${response.status}: ${text.slice(0, errorTextLimit)}`, retryable, response.status);
    }
    return { status: response.status, body: parseJson(text) };
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    if (signal.aborted) throw new ConnectorError(`${call.method} ${pathOf(call.url)} timed out after ${call.timeoutMs} ms`, true);
    throw new ConnectorError(`${call.method} ${pathOf(call.url)} failed: ${describe(error)}`, true);
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Logged and stored without the query string, which may carry a search with customer data. */
function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'request';
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message : String(error);
}
