export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string>;
}

/** `a b --x 1 --y=2 --z` → positional [a, b], flags { x: '1', y: '2', z: 'true' }. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s);
    const next = argv[index + 1];
    if (inline !== undefined) flags[name] = inline;
    else if (next !== undefined && !next.startsWith('--')) {
      flags[name] = next;
      index += 1;
    } else flags[name] = 'true';
  }
  return { positional, flags };
}

/** `--help`, `-h`, or `help` as the group or command: the user asked for the usage, which is not an error. */
export function wantsHelp({ positional, flags }: ParsedArgs): boolean {
  return 'help' in flags || positional.includes('-h') || positional.slice(0, 2).includes('help');
}
