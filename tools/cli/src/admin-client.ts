import { z } from 'zod';
import { CliError } from './cli-error';
import type { TokenSource } from './cli-environment';

// RFC 9457, as every Hookline app answers (platform/service's problem filter).
const problemSchema = z.looseObject({ detail: z.string().optional(), errors: z.array(z.string()).optional() });

/** Why fetch failed: Node hides the reason (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return typeof cause?.message === 'string' ? cause.message : (error as Error).message;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return undefined;
  }
}

/** A thin client of the ingress admin API: each way a call can fail becomes one message that says what to do. */
export class AdminClient {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly token: { value: string; source: TokenSource },
  ) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
  }

  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.token.value}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new CliError(
        `could not reach the ingress at ${this.baseUrl} (${networkReason(error)}). Is Hookline running? Start it with \`npm start\`, or set HOOKLINE_URL to where the ingress listens.`,
      );
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (response.status === 401) throw new CliError(this.tokenRefused());
    if (parsed === undefined) {
      throw new CliError(`${method} ${path}: ${this.baseUrl} answered ${response.status} with a body that is not JSON; is HOOKLINE_URL the ingress?`);
    }
    if (!response.ok) throw new CliError(`${method} ${path} failed with ${response.status}: ${problemText(parsed, text)}`);
    return parsed;
  }

  private tokenRefused(): string {
    const where =
      this.token.source === 'HOOKLINE_ADMIN_TOKEN'
        ? 'the token in HOOKLINE_ADMIN_TOKEN'
        : "the token `npm start` generated (its secrets file); set HOOKLINE_ADMIN_TOKEN if this ingress was started with another one";
    return `token refused: the ingress at ${this.baseUrl} answered 401 to ${where}. Use the HOOKLINE_ADMIN_TOKEN the ingress was started with.`;
  }
}

function problemText(parsed: unknown, text: string): string {
  const problem = problemSchema.safeParse(parsed);
  if (!problem.success) return text;
  return problem.data.errors?.join('; ') ?? problem.data.detail ?? text;
}
