export { consecutivePorts, createTopics, migrateAll, startPipeline, startService } from './pipeline';
export type { PipelineEnvironment, RunningPipeline, RunningService } from './pipeline';
export { repoRoot, spawnTypeScript } from './node-process';
export { services } from './services';
export type { ServiceName } from './services';
export { generateLocalSecrets, resolveLocalSecrets } from './local-secrets';
export type { LocalSecrets } from './local-secrets';
