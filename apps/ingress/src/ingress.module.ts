import { Module } from '@nestjs/common';
import { BatchingPublisher } from '@hookline/platform/kafka';
import { IntegrationsController } from './admin/integrations.controller';
import { UnknownIntegrationsController } from './admin/unknown-integrations.controller';
import { DeliveryEventsController } from './deliveries/delivery-events.controller';
import type { IngressConfig } from './config';
import { DeliveryLog } from './deliveries/delivery-log';
import { DeliveryRecorder } from './deliveries/delivery-recorder';
import { INGRESS_CONFIG } from './ingress-config.token';
import { IntegrationActivity } from './integrations/integration-activity';
import { IntegrationRegistry } from './integrations/integration-registry';
import { IntegrationsService } from './integrations/integrations.service';
import { SecretBox } from './integrations/secret-box';
import { HotPathPublisher } from './webhooks/hot-path-publisher';
import { UnknownIntegrations } from './webhooks/unknown-integrations';
import { WebhookIntake } from './webhooks/webhook-intake';

@Module({})
export class IngressModule {
  static register(config: IngressConfig['ingress']) {
    return {
      module: IngressModule,
      controllers: [IntegrationsController, UnknownIntegrationsController, DeliveryEventsController],
      providers: [
        { provide: INGRESS_CONFIG, useValue: config },
        { provide: SecretBox, useValue: new SecretBox(config.masterKey) },
        { provide: BatchingPublisher, useClass: HotPathPublisher },
        IntegrationRegistry,
        IntegrationActivity,
        IntegrationsService,
        WebhookIntake,
        DeliveryLog,
        DeliveryRecorder,
        UnknownIntegrations,
      ],
      exports: [IntegrationRegistry, WebhookIntake, UnknownIntegrations],
    };
  }
}
