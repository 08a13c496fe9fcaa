// The load generator, a process of its own so that its CPU is not the
// server's. Forked by run.ts, it runs the steps it is sent over IPC one at a
// time. Run by hand, it runs one step against any ingress, e.g. `npm start`'s:
//
//   node -r ./tools/register.js bench/ingress/load.ts \
//     --url http://127.0.0.1:3000/webhooks/<integration-id> --secret whsec_… --rate 1000 --seconds 10
import { parseArgs } from 'node:util';
import type { FromLoadGenerator, StepRequest, ToLoadGenerator } from './load-protocol';
import { runStep } from './open-loop';

function serveParent(): void {
  // Ctrl-C reaches the whole foreground process group; run.ts decides when this process stops.
  process.on('SIGINT', () => undefined);
  // The parent is gone (ended, crashed or killed): nothing left to report to.
  process.on('disconnect', () => process.exit(0));
  let queue = Promise.resolve();
  process.on('message', (message: ToLoadGenerator) => {
    queue = queue.then(async () => {
      let reply: FromLoadGenerator;
      try {
        reply = { kind: 'result', id: message.id, result: await runStep(message.request) };
      } catch (error) {
        reply = { kind: 'failed', id: message.id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      }
      process.send?.(reply);
    });
  });
}

async function runFromCommandLine(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      secret: { type: 'string' },
      rate: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      sockets: { type: 'string', default: '64' },
    },
  });
  if (!values.url || !values.secret) {
    process.stderr.write('usage: load.ts --url <webhook url> --secret <whsec_…> [--rate 1000] [--seconds 10] [--warmup 2] [--sockets 64]\n');
    process.exit(2);
  }
  const step: StepRequest = {
    target: new URL(values.url).host,
    url: values.url,
    secret: values.secret,
    rate: Number(values.rate),
    warmupMs: Number(values.warmup) * 1000,
    measureMs: Number(values.seconds) * 1000,
    drainMs: 10_000,
    maxSockets: Number(values.sockets),
  };
  process.stdout.write(`${JSON.stringify(await runStep(step), null, 2)}\n`);
}

if (process.send) serveParent();
else void runFromCommandLine();
