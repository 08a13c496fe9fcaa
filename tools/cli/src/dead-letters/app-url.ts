import { CliError } from '../cli-error';

/**
 * The apps with a consumer group, hence dead letters, and their port offset
 * from the ingress's under `npm start` (consecutive ports from
 * HOOKLINE_BASE_PORT: tools/launcher's `services`, checked by app-url.spec.ts).
 */
export const appPortOffsets = { ingress: 0, correlator: 1, ticketing: 2, 'status-page': 3, ledger: 4 } as const;

export type AppName = keyof typeof appPortOffsets;

const appNames = Object.keys(appPortOffsets) as AppName[];

export function readAppName(text: string | undefined): AppName {
  const app = appNames.find((name) => name === text);
  if (app === undefined) {
    throw new CliError(text === undefined ? `which app? --app ${appNames.join('|')}` : `unknown --app "${text}": expected one of ${appNames.join(', ')}`);
  }
  return app;
}

/** `HOOKLINE_TICKETING_URL` for ticketing, `HOOKLINE_STATUS_PAGE_URL` for status-page. */
export function appUrlVariable(app: AppName): string {
  return `HOOKLINE_${app.toUpperCase().replace(/-/g, '_')}_URL`;
}

/**
 * Where an app's admin API is: `--url`, else `HOOKLINE_<APP>_URL`, else the
 * ingress's URL (HOOKLINE_URL) with the app's port under `npm start`, so a
 * local user needs no setup. A deployment with its own layout (ADMIN_PORT,
 * a proxy) sets the variable.
 */
export function appUrl(app: AppName, ingressUrl: string, flagUrl: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const given = flagUrl ?? env[appUrlVariable(app)];
  const url = given ?? ingressUrl;
  const parsed = URL.parse(url);
  if (parsed === null || !['http:', 'https:'].includes(parsed.protocol)) {
    const setting = flagUrl !== undefined ? '--url' : given !== undefined ? appUrlVariable(app) : 'HOOKLINE_URL';
    throw new CliError(`${setting} must be an http(s) URL, e.g. http://127.0.0.1:3002; got "${url}"`);
  }
  if (given !== undefined || appPortOffsets[app] === 0) return url.replace(/\/$/, '');
  const ingressPort = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  parsed.port = String(ingressPort + appPortOffsets[app]);
  return parsed.toString().replace(/\/$/, '');
}
