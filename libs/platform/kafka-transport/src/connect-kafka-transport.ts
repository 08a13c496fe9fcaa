import type { INestApplication, INestMicroservice } from '@nestjs/common';
import type { CustomStrategy } from '@nestjs/microservices';
import { HooklineKafkaTransport, type KafkaTransportOptions } from './hookline-kafka.transport';
import { KeepOriginalErrorFilter } from './keep-original-error.filter';

/**
 * Adds the Kafka consumer to an HTTP app (Nest's hybrid application): the
 * app's controllers with `@EventPattern` handlers become the group's
 * handlers once `app.startAllMicroservices()` runs. The HTTP app's filters,
 * pipes and guards are not inherited (they answer HTTP requests); the
 * microservice gets the one filter that keeps a handler's error as it was.
 */
export function connectKafkaTransport(app: INestApplication, options: KafkaTransportOptions): INestMicroservice {
  // Deferred: Nest wraps the handlers with the filters known when it registers them, so the filter must come first.
  const microservice = app.connectMicroservice<CustomStrategy>(
    { strategy: new HooklineKafkaTransport(options) },
    { inheritAppConfig: false, deferInitialization: true },
  );
  microservice.useGlobalFilters(new KeepOriginalErrorFilter());
  return microservice;
}
