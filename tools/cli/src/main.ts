import { AdminClient, type AdminTarget } from './admin-client';
import { parseArgs, wantsHelp } from './args';
import { CliError } from './cli-error';
import { readCliEnvironment } from './cli-environment';
import { prepareIntegrationsCommand } from './commands';
import { appUrl, appUrlVariable } from './dead-letters/app-url';
import { prepareDeadLettersCommand } from './dead-letters/dead-letters-command';
import { usage } from './usage';

/** Exit code 0 for help and success, 1 for anything the user must fix; each cause is reported once. */
async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (wantsHelp(args)) {
    process.stdout.write(usage);
    return 0;
  }
  const [group, ...positional] = args.positional;
  const environment = readCliEnvironment(process.env);
  let run: ReturnType<typeof prepareIntegrationsCommand>;
  let url = environment.url;
  let target: AdminTarget | undefined;
  if (group === 'integrations') {
    run = prepareIntegrationsCommand({ positional, flags: args.flags });
  } else if (group === 'dead-letters') {
    const command = prepareDeadLettersCommand({ positional, flags: args.flags }, process.env['USER']);
    run = command.run;
    url = appUrl(command.app, environment.url, command.url, process.env);
    target = { name: command.app, urlSetting: command.url === undefined ? appUrlVariable(command.app) : '--url' };
  } else {
    throw new CliError(group === undefined ? `no command given\n\n${usage}` : `unknown command group "${group}": integrations or dead-letters\n\n${usage}`);
  }
  if (environment.token === undefined) {
    throw new CliError(
      `no admin token: set HOOKLINE_ADMIN_TOKEN to the apps' admin token (\`npm start\` generates one and keeps it in ${environment.secretsFile}; there is none there)`,
    );
  }
  const output = await run(new AdminClient(url, environment.token, target));
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
