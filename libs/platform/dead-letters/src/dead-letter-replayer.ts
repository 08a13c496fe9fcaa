import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher, type RawMessage, decodeEvent, replayHeaders } from '@hookline/platform/kafka';
import { DataSource } from 'typeorm';
import { DeadLetterStore, type ReplayableLetter } from './dead-letter-store';
import { DEAD_LETTERS_GROUP, type DeadLettersGroup } from './tokens';

export type ReplaySelection = { ids: readonly string[] } | { since: Date; topic?: string; limit: number };

export interface ReplayOutcome {
  replayed: Array<{ id: string; topic: string }>;
  skipped: Array<{ id: string; reason: string }>;
  /** A `since` replay stopped at its limit: more open letters match. */
  more: boolean;
}

/**
 * Sends dead letters back to their original topic, byte for byte, with
 * headers saying it is a replay and who asked, and marks them replayed.
 * Safe to repeat: only open letters are sent, and each row stays locked
 * from the send to the mark, so two replays of one letter take turns; even
 * a letter sent twice is applied once, because every consumer's inbox knows
 * its event id. The original topic may have other consumer groups: they
 * already applied the event and skip it the same way. A replay that fails
 * again is dead-lettered again and comes back as a new open letter whose
 * `replayOf` names this one.
 */
@Injectable()
export class DeadLetterReplayer {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(DeadLetterStore) private readonly store: DeadLetterStore,
    @Inject(DEAD_LETTERS_GROUP) private readonly group: DeadLettersGroup,
  ) {}

  replay(selection: ReplaySelection, by: string): Promise<ReplayOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const letters =
        'ids' in selection
          ? await this.store.lockByIds(manager, selection.ids)
          : await this.store.lockOpenSince(manager, selection.since, selection.topic, selection.limit + 1);
      const more = !('ids' in selection) && letters.length > selection.limit;
      const chosen = more ? letters.slice(0, -1) : letters;
      const skipped: ReplayOutcome['skipped'] = [];
      if ('ids' in selection) {
        const found = new Set(chosen.map((letter) => letter.id));
        for (const id of new Set(selection.ids)) if (!found.has(id)) skipped.push({ id, reason: 'no such dead letter' });
      }
      const sendable: Array<{ letter: ReplayableLetter; topic: string }> = [];
      for (const letter of chosen) {
        const refusal = this.refusal(letter);
        if (refusal === undefined && letter.originalTopic !== null) sendable.push({ letter, topic: letter.originalTopic });
        else skipped.push({ id: letter.id, reason: refusal ?? 'no original topic' });
      }
      const byTopic = new Map<string, RawMessage[]>();
      for (const { letter, topic } of sendable) {
        const messages = byTopic.get(topic) ?? [];
        messages.push(this.replayMessage(letter, by));
        byTopic.set(topic, messages);
      }
      // Acknowledged before the rows are marked: a failed send leaves them open, to be replayed again.
      await this.publisher.sendToTopics([...byTopic].map(([topic, messages]) => ({ topic, messages })));
      const ids = sendable.map(({ letter }) => letter.id);
      if (ids.length > 0) await this.store.markReplayed(manager, ids, by);
      return { replayed: sendable.map(({ letter, topic }) => ({ id: letter.id, topic })), skipped, more };
    });
  }

  /** Why a letter is not sent: it is closed, or it would be dead-lettered again at once. */
  private refusal(letter: ReplayableLetter): string | undefined {
    if (letter.state !== 'open') return `already ${letter.state}`;
    if (letter.originalTopic === null) return 'no original topic recorded: nothing to replay it to';
    const topic = this.group.consumes.find((candidate) => candidate.name === letter.originalTopic);
    if (!topic) return `${letter.originalTopic} is not a topic ${this.group.id} reads`;
    // Checked with this app's schema: a message it cannot decode now would only be dead-lettered again, by every group of the topic.
    const decoded = decodeEvent(topic, letter.value);
    return decoded.ok ? undefined : `it still cannot be read: ${decoded.error}`;
  }

  private replayMessage(letter: ReplayableLetter, by: string): RawMessage {
    const headers: Record<string, string> = {
      ...letter.headers,
      [replayHeaders.replayOf]: `${this.group.id}/${letter.id}`,
      [replayHeaders.replayedBy]: by,
    };
    return { key: letter.key, value: letter.value, headers };
  }
}
