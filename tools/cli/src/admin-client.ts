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

/** Which app a client talks to, for its messages: the ingress unless told otherwise. */
export interface AdminTarget {
  name: string;
  /** The setting that says where it is. */
  urlSetting: string;
}

const ingressTarget: AdminTarget = { name: 'the ingress', urlSetting: 'HOOKLINE_URL' };

/** A thin client of an app's admin API (the ingress's by default): each way a call can fail becomes one message that says what to do. */
export class AdminClient {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly token: { value: string; source: TokenSource },
    private readonly target: AdminTarget = ingressTarget,
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
        `could not reach ${this.target.name} at ${this.baseUrl} (${networkReason(error)}). Is Hookline running? Start it with \`npm start\`, or set ${this.target.urlSetting} to where ${this.target.name} listens.`,
      );
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (response.status === 401) throw new CliError(this.tokenRefused());
    if (parsed === undefined) {
      throw new CliError(`${method} ${path}: ${this.baseUrl} answered ${response.status} with a body that is not JSON; is ${this.target.urlSetting} ${this.target.name}?`);
    }
    if (!response.ok) throw new CliError(`${method} ${path} failed with ${response.status}: ${problemText(parsed, text)}`);
    return parsed;
  }

  private tokenRefused(): string {
    const where =
      this.token.source === 'HOOKLINE_ADMIN_TOKEN'
        ? 'the token in HOOKLINE_ADMIN_TOKEN'
        : `the token \`npm start\` generated (its secrets file); set HOOKLINE_ADMIN_TOKEN if ${this.target.name} was started with another one`;
    return `token refused: ${this.target.name} at ${this.baseUrl} answered 401 to ${where}. Use the HOOKLINE_ADMIN_TOKEN ${this.target.name} was started with.`;
  }
}

function problemText(parsed: unknown, text: string): string {
  const problem = problemSchema.safeParse(parsed);
  if (!problem.success) return text;
  return problem.data.errors?.join('; ') ?? problem.data.detail ?? text;
}
