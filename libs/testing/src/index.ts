export { eventually } from './eventually';
export type { EventuallyOptions } from './eventually';
export { probeEvent, probeTopic } from './probe-topic';
export type { ProbeTopic } from './probe-topic';
export { testInfrastructure, uniqueName } from './test-infrastructure';
export type { TestInfrastructure } from './test-infrastructure';
export { senderFixture } from './sender-fixtures';
export type { SenderPayload } from './sender-fixtures';
export { openApiProblems } from './openapi-validation';
