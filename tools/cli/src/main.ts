import { AdminClient } from './admin-client';
import { parseArgs, wantsHelp } from './args';
import { CliError } from './cli-error';
import { readCliEnvironment } from './cli-environment';
import { prepareIntegrationsCommand } from './commands';
import { usage } from './usage';

/** Exit code 0 for help and success, 1 for anything the user must fix; each cause is reported once. */
async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (wantsHelp(args)) {
    process.stdout.write(usage);
    return 0;
  }
  const [group, ...positional] = args.positional;
  if (group !== 'integrations') {
    throw new CliError(group === undefined ? `no command given\n\n${usage}` : `unknown command group "${group}": only integrations\n\n${usage}`);
  }
  const run = prepareIntegrationsCommand({ positional, flags: args.flags });
  const environment = readCliEnvironment(process.env);
  if (environment.token === undefined) {
    throw new CliError(
      `no admin token: set HOOKLINE_ADMIN_TOKEN to the ingress's admin token (\`npm start\` generates one and keeps it in ${environment.secretsFile}; there is none there)`,
    );
  }
  const output = await run(new AdminClient(environment.url, environment.token));
  process.stdout.write(output.stdout);
  if (output.stderr !== undefined) process.stderr.write(output.stderr);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`hookline: ${error instanceof CliError ? error.message : ((error as Error).stack ?? String(error))}\n`);
    process.exitCode = 1;
  },
);
