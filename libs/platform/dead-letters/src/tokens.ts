import type { TopicDefinition } from '@hookline/contracts/events';

/** The app's consumer group (its `consumerGroups` entry) whose dead letters this module keeps. */
export const DEAD_LETTERS_GROUP = Symbol('DEAD_LETTERS_GROUP');
/** The app's logger, handed in by whoever mounts the module (platform/service's LOGGER). */
export const DEAD_LETTERS_LOGGER = Symbol('DEAD_LETTERS_LOGGER');

export interface DeadLettersGroup {
  id: string;
  consumes: readonly TopicDefinition[];
}
