export { DeadLettersModule } from './dead-letters.module';
export type { DeadLettersOptions } from './dead-letters.module';
export type { DeadLettersHttp } from './dead-letters.controller';
export { deadLettersMigration } from './dead-letters-table.migration';
export { deadLetterIndexGroupId } from './dead-letter-index';
export { DeadLetterStore } from './dead-letter-store';
export type { DeadLetterDetail, DeadLetterFilter, DeadLetterState, DeadLetterSummary } from './dead-letter-store';
export { DeadLetterReplayer } from './dead-letter-replayer';
export type { ReplayOutcome, ReplaySelection } from './dead-letter-replayer';
