import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@hookline/launcher';
import type { FromLoadGenerator, StepRequest, StepResult } from './load-protocol';

/**
 * run.ts's handle on the load generator process. One long-lived process for
 * the whole run rather than one per step: its JIT stays warm, and no step
 * pays a second of TypeScript start-up.
 */
export class LoadGenerator {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (result: StepResult) => void; reject: (error: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: FromLoadGenerator) => {
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.kind === 'result') waiter?.resolve(message.result);
      else waiter?.reject(new Error(`load generator failed: ${message.message}`));
    });
    child.once('exit', (code, signal) => this.failAll(new Error(`load generator exited (${signal ?? `code ${code}`})`)));
    child.on('error', (error) => this.failAll(error));
  }

  static start(): LoadGenerator {
    const child = fork(join(repoRoot, 'bench', 'ingress', 'load.ts'), [], {
      execArgv: ['-r', join(repoRoot, 'tools', 'register.js')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new LoadGenerator(child);
  }

  run(request: StepRequest): Promise<StepResult> {
    const id = (this.nextId += 1);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ kind: 'step', id, request });
    });
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }

  /** Synchronous, so it also works from an 'exit' handler; the generator exits when its channel closes. */
  stop(): void {
    if (this.child.connected) this.child.disconnect();
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}
