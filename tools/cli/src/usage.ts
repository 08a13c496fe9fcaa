import { createFlags, updateFlags } from './create-request';

const flagLine = ({ flag, placeholder, help }: { flag: string; placeholder: string; help: string }) => `    --${`${flag} <${placeholder}>`.padEnd(32)} ${help}`;
const createFlagLines = createFlags.map(flagLine);
/** The update flags' names, wrapped into the description column. */
const updateFlagNames = updateFlags
  .map(({ flag }) => `--${flag}`)
  .reduce<string[]>((lines, name) => {
    const last = lines.at(-1);
    if (last !== undefined && last.length + name.length + 2 <= 70) lines[lines.length - 1] = `${last}, ${name}`;
    else lines.push(name);
    return lines;
  }, [])
  .join(`,\n${' '.repeat(29)}`);

export const usage = `usage: hookline integrations <command> [flags]

commands:
  create --source <source> --name <name> [flags]   create an integration; prints it (JSON) and its sender configuration
${createFlagLines.join('\n')}
    --${'format <format>'.padEnd(32)} all (default): the JSON on stdout, the sender configuration and a
      ${' '.repeat(32)} test-alert script on stderr; json, sender or curl: only that, on stdout
  list [--format json|table] every integration (json, the default: as the API answers; table: id,
                             name, source, owner, health, last accepted and last refused delivery)
  get <id>                   one integration: owner, description, health (ok, failing, silent) and
                             why, last accepted and refused deliveries, last test, each secret's age
                             (never the secret)
  update <id> [flags]        change what create set, with its flags but --source, --secret and auth:
                             ${updateFlagNames}
    --${'clear <flag,flag>'.padEnd(32)} set those fields back to none, e.g. --clear owner,expect-every
  disable <id>               its webhook URL answers 404 from now on
  rotate-secret <id> [--secret <secret|@file>]
                             a new secret (generated, or the sender's own); the old one
                             verifies for the grace period
  revoke-previous-secret <id>  end that grace period now: only the new secret verifies
  deliveries <id> [--limit n]  the delivery log, newest first
  test <id>                  a synthetic test alert through the whole pipeline; shown as the last test

usage: hookline dead-letters <command> --app <ingress|correlator|ticketing|status-page|ledger> [flags]

  the events an app's consumer group gave up on (its dlq.<group> topic), newest first:
  list [--state open|replayed|discarded|all] [--topic <topic>] [--since <time|2h>] [--limit n] [--cursor <id>]
                             open ones by default, each with its error, original topic/partition/offset,
                             attempts and time; nextCursor fetches the next page
  show <id>                  one, with its key, headers and payload
  replay <id>... | --since <time|2h> [--topic <topic>] [--limit n]   [--by <name>]
                             send open ones back to their topic (safe to repeat: the inbox applies
                             an event once); one that fails again comes back as a new open one
  discard <id> --reason <text> [--by <name>]
                             close one for good, with the reason
  --url <url>                the app's URL (default: HOOKLINE_<APP>_URL, e.g. HOOKLINE_TICKETING_URL,
                             else HOOKLINE_URL's host with the app's \`npm start\` port)

environment:
  HOOKLINE_URL          the ingress (default http://127.0.0.1:3000, where \`npm start\` runs it)
  HOOKLINE_ADMIN_TOKEN  the apps' admin token (default: the one \`npm start\` keeps in
                        $HOOKLINE_DATA_DIR/secrets.json, HOOKLINE_DATA_DIR defaulting to .hookline/dev)
`;
