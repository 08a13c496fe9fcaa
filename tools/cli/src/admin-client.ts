/** A thin client of the ingress admin API; errors carry the API's problem detail. */
export class AdminClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl.replace(/\/$/, '')}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (!response.ok) {
      const detail = (parsed as { detail?: string; errors?: string[] }).errors?.join('; ') ?? (parsed as { detail?: string }).detail ?? text;
      throw new Error(`${method} ${path} failed with ${response.status}: ${detail}`);
    }
    return parsed;
  }
}
