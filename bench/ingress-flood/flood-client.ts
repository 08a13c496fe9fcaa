import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@hookline/launcher';
import type { FloodRequest, FloodResult, FromFlood, ToFlood } from './flood-protocol';

/**
 * run.ts's handle on the flood process: one long-lived process (its JIT warm
 * from one flood to the next), started and stopped around each flood phase.
 */
export class FloodGenerator {
  private waiter: { resolve: (message: FromFlood) => void; reject: (error: Error) => void } | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: FromFlood) => {
      const waiter = this.waiter;
      this.waiter = undefined;
      if (message.kind === 'failed') waiter?.reject(new Error(`flood generator failed: ${message.message}`));
      else waiter?.resolve(message);
    });
    child.once('exit', (code, signal) => this.waiter?.reject(new Error(`flood generator exited (${signal ?? `code ${code}`})`)));
  }

  /**
   * `niceness` > 0 runs the flood below the ingress, Kafka and Postgres: on a
   * shared 2-core box it gets the CPU they leave, as an attacker's own machine
   * would not take any of theirs.
   */
  static start(niceness: number): FloodGenerator {
    const nodeArgs = ['-r', join(repoRoot, 'tools', 'register.js')];
    // Through nice(1) rather than setPriority on the pid: Linux applies that to one thread only, and Node's others would keep theirs.
    const launch = niceness === 0 ? { execArgv: nodeArgs } : { execPath: 'nice', execArgv: ['-n', String(niceness), process.execPath, ...nodeArgs] };
    const child = fork(join(repoRoot, 'bench', 'ingress-flood', 'flood.ts'), [], { ...launch, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new FloodGenerator(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async begin(request: FloodRequest): Promise<void> {
    await this.ask({ kind: 'start', request });
  }

  async end(): Promise<FloodResult> {
    const answer = await this.ask({ kind: 'stop' });
    if (answer.kind !== 'result') throw new Error(`flood generator answered ${answer.kind} to stop`);
    return answer.result;
  }

  private ask(message: ToFlood): Promise<FromFlood> {
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.child.send(message);
    });
  }

  /** Synchronous, so it also works from an 'exit' handler. */
  stop(): void {
    if (this.child.connected) this.child.disconnect();
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}
