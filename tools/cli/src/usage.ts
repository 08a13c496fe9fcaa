import { createFlags } from './create-request';

const createFlagLines = createFlags.map(({ flag, placeholder, help }) => `    --${`${flag} <${placeholder}>`.padEnd(32)} ${help}`);

export const usage = `usage: hookline integrations <command> [flags]

commands:
  create --source <source> --name <name> [flags]   create an integration; prints it (JSON) and its sender configuration
${createFlagLines.join('\n')}
    --${'format <format>'.padEnd(32)} all (default): the JSON on stdout, the sender configuration and a
      ${' '.repeat(32)} test-alert script on stderr; json, sender or curl: only that, on stdout
  list                       every integration
  get <id>                   one integration (never its secret; each secret's age and expiry)
  disable <id>               its webhook URL answers 404 from now on
  rotate-secret <id> [--secret <secret|@file>]
                             a new secret (generated, or the sender's own); the old one
                             verifies for the grace period
  revoke-previous-secret <id>  end that grace period now: only the new secret verifies
  deliveries <id> [--limit n]  the delivery log, newest first
  test <id>                  a synthetic test alert through the whole pipeline

environment:
  HOOKLINE_URL          the ingress (default http://127.0.0.1:3000, where \`npm start\` runs it)
  HOOKLINE_ADMIN_TOKEN  the ingress admin token (default: the one \`npm start\` keeps in
                        $HOOKLINE_DATA_DIR/secrets.json, HOOKLINE_DATA_DIR defaulting to .hookline/dev)
`;
