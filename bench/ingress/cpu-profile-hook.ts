// Preloaded into a server under test by `run.ts --cpu-prof` (through
// NODE_OPTIONS, which does not allow `--cpu-prof` itself): profiles from
// SIGUSR2, sent once the server is ready so start-up and TypeScript
// compilation stay out of the picture, until the process exits.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env['BENCH_CPU_PROFILE'];
if (file) {
  const session = new Session();
  session.connect();
  process.once('SIGUSR2', () => {
    session.post('Profiler.enable', () => session.post('Profiler.start'));
  });
  // An in-process inspector session answers synchronously, so this completes inside 'exit'.
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(file, JSON.stringify(result.profile));
    });
  });
}
