import { consumerGroups } from '@hookline/contracts/events';
import { LOGGER, type ServiceDefinition } from '@hookline/platform/service';
import { AppModule } from './app.module';
import { type IngressConfig, ingressConfigSchema } from './config';
import { IntegrationRegistry } from './integrations/integration-registry';
import { applyConnectionLimits } from './webhooks/connection-limits';
import { UnknownIntegrations } from './webhooks/unknown-integrations';
import { WebhookIntake } from './webhooks/webhook-intake';
import { registerWebhookRoutes } from './webhooks/webhook.routes';

/** How the ingress is built: by `main.ts`, and in-process by its integration specs. */
export const ingressDefinition: ServiceDefinition<IngressConfig> = {
  configSchema: ingressConfigSchema,
  module: (config) => AppModule.register(config),
  bodyLimitBytes: (config) => config.ingress.bodyLimitBytes,
  trustProxy: (config) => config.ingress.trustProxy,
  // The delivery log's writer: the ingress's own reader of ingress.delivery.v1, off the webhook hot path.
  consumer: { group: consumerGroups.deliveryLog },
  configureHttp: (app, config) => {
    applyConnectionLimits(app.getHttpServer(), config.ingress.connections);
    registerWebhookRoutes(app.getHttpAdapter().getInstance(), {
      registry: app.get(IntegrationRegistry),
      intake: app.get(WebhookIntake),
      unknown: app.get(UnknownIntegrations),
      logger: app.get(LOGGER),
      bodyLimitBytes: config.ingress.bodyLimitBytes,
      pagerDutyBodyLimitBytes: config.ingress.pagerDutyBodyLimitBytes,
      bodyTimeoutMs: config.ingress.connections.bodyTimeoutMs,
    });
  },
};
