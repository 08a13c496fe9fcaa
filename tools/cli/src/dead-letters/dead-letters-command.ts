import type { AdminClient } from '../admin-client';
import type { ParsedArgs } from '../args';
import { CliError } from '../cli-error';
import { type AppName, readAppName } from './app-url';

type Run = (client: AdminClient) => Promise<{ stdout: string }>;

interface Command {
  /** Besides --app and --url, which every verb takes. */
  flags: readonly string[];
  ids: 'none' | 'one' | 'some';
  prepare(ids: readonly string[], flags: Readonly<Record<string, string>>, operator: string | undefined): Run;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const printed =
  (method: string, path: string, body?: unknown): Run =>
  async (client) => ({ stdout: json(await client.call(method, path, body)) });

const units = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `--since 2h` (or 30m, 7d, 90s) is that long ago; anything else goes to the app as written, which answers a bad time with a 400. */
export function sinceTime(text: string, now = Date.now()): string {
  const match = /^(\d+)([smhd])$/.exec(text);
  if (!match) return text;
  return new Date(now - Number(match[1]) * units[match[2] as keyof typeof units]).toISOString();
}

const commands: Record<string, Command> = {
  list: {
    flags: ['state', 'topic', 'since', 'limit', 'cursor'],
    ids: 'none',
    prepare: (_ids, flags) => {
      const query = new URLSearchParams();
      for (const name of ['state', 'topic', 'limit', 'cursor'] as const) if (flags[name] !== undefined) query.set(name, flags[name]);
      if (flags['since'] !== undefined) query.set('since', sinceTime(flags['since']));
      const text = query.toString();
      return printed('GET', `/api/dead-letters${text === '' ? '' : `?${text}`}`);
    },
  },
  show: { flags: [], ids: 'one', prepare: ([id]) => printed('GET', `/api/dead-letters/${encodeURIComponent(id ?? '')}`) },
  replay: {
    flags: ['since', 'topic', 'limit', 'by'],
    ids: 'some',
    prepare: (ids, flags, operator) => {
      const by = flags['by'] ?? operator;
      const common = by === undefined ? {} : { by };
      if (ids.length > 0 && flags['since'] !== undefined) throw new CliError('replay takes ids or --since, not both');
      if (ids.length === 0 && flags['since'] === undefined) throw new CliError('replay what? hookline dead-letters replay <id>... | --since <time|2h> [--topic <topic>] --app <app>');
      if (ids.length > 0) return printed('POST', '/api/dead-letters/replay', { ids, ...common });
      const limit = flags['limit'] === undefined ? undefined : Number(flags['limit']);
      if (limit !== undefined && !Number.isInteger(limit)) throw new CliError(`--limit must be a whole number, got "${flags['limit']}"`);
      return printed('POST', '/api/dead-letters/replay', { since: sinceTime(flags['since'] ?? ''), ...(flags['topic'] === undefined ? {} : { topic: flags['topic'] }), ...(limit === undefined ? {} : { limit }), ...common });
    },
  },
  discard: {
    flags: ['reason', 'by'],
    ids: 'one',
    prepare: ([id], flags, operator) => {
      const reason = flags['reason'];
      if (reason === undefined || reason === 'true') throw new CliError('discard needs --reason "<why this event needs no replay>"');
      const by = flags['by'] ?? operator;
      return printed('POST', `/api/dead-letters/${encodeURIComponent(id ?? '')}/discard`, { reason, ...(by === undefined ? {} : { by }) });
    },
  },
};

export interface DeadLettersCommand {
  app: AppName;
  /** `--url`, when given. */
  url: string | undefined;
  run: Run;
}

/**
 * `hookline dead-letters list|show|replay|discard --app <app>`: checks the
 * command line before any call. `operator` (the login name) says who asked,
 * unless `--by` does.
 */
export function prepareDeadLettersCommand(args: ParsedArgs, operator: string | undefined): DeadLettersCommand {
  const [name, ...ids] = args.positional;
  if (name === undefined) throw new CliError('which command? list, show, replay or discard; see hookline --help');
  const command = commands[name];
  if (command === undefined) throw new CliError(`unknown command "${name}": expected one of ${Object.keys(commands).join(', ')}; see hookline --help`);
  const unknown = Object.keys(args.flags).filter((flag) => !['app', 'url', ...command.flags].includes(flag));
  if (unknown.length > 0) throw new CliError(`${name} does not take ${unknown.map((flag) => `--${flag}`).join(', ')}; see hookline --help`);
  const app = readAppName(args.flags['app']);
  if (command.ids === 'one' && ids.length !== 1) {
    throw new CliError(ids.length === 0 ? `${name} needs a dead letter id: hookline dead-letters ${name} <id> --app ${app}` : `unexpected argument "${ids[1]}"; see hookline --help`);
  }
  if (command.ids === 'none' && ids.length > 0) throw new CliError(`unexpected argument "${ids[0]}"; see hookline --help`);
  return { app, url: args.flags['url'], run: command.prepare(ids, args.flags, operator) };
}
