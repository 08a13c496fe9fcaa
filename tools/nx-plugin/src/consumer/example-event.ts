import type { Tree } from '@nx/devkit';
import { z } from 'zod';

/** A valid event of a topic for the generated spec: the type and data of one of the contract's own fixtures. */
export interface ExampleEvent {
  /** Repo-relative, so the spec can say where its example came from. */
  fixture: string;
  type: string;
  data: unknown;
}

const fixtureSchema = z.looseObject({ type: z.string().min(1), data: z.unknown() });

/**
 * The topic's fixtures (libs/contracts/events/fixtures/<topic>/) are checked
 * against the schemas by the contracts' own specs, so one of them is valid by
 * construction. The shortest file name is the plainest event (`incident.opened`
 * rather than `incident.resolved.manual-minimal`).
 */
export function exampleEvent(tree: Tree, topicName: string): ExampleEvent {
  const folder = `libs/contracts/events/fixtures/${topicName}`;
  const [file] = tree
    .children(folder)
    .filter((name) => name.endsWith('.json'))
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
  if (file === undefined) throw new Error(`${folder}: no fixture to take an example event from; add one (the contracts' specs check it)`);
  const fixture = `${folder}/${file}`;
  const { type, data } = fixtureSchema.parse(JSON.parse(tree.read(fixture, 'utf8') ?? ''));
  return { fixture, type, data };
}
