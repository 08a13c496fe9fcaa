import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import type { AlertEvent } from '@hookline/contracts/events';
import { HooklineError } from '@hookline/platform/errors';
import { AdminTokenGuard, ZodPipe } from '@hookline/platform/service';
import { DeliveryLog, type DeliveryLogPage } from '../deliveries/delivery-log';
import { IntegrationRegistry } from '../integrations/integration-registry';
import {
  type CreateIntegration,
  type RotateSecret,
  type UpdateIntegration,
  createIntegrationSchema,
  rotateSecretSchema,
  updateIntegrationSchema,
} from '../integrations/integration.schemas';
import { type IntegrationView, IntegrationsService } from '../integrations/integrations.service';
import { WebhookIntake } from '../webhooks/webhook-intake';

/** The integration registry's admin API (bearer `HOOKLINE_ADMIN_TOKEN`). */
@Controller('api/integrations')
@UseGuards(AdminTokenGuard)
export class IntegrationsController {
  constructor(
    @Inject(IntegrationsService) private readonly integrations: IntegrationsService,
    @Inject(DeliveryLog) private readonly deliveryLog: DeliveryLog,
    @Inject(IntegrationRegistry) private readonly registry: IntegrationRegistry,
    @Inject(WebhookIntake) private readonly intake: WebhookIntake,
  ) {}

  /** 201 with the id, the webhook URL and the secret (for PagerDuty: the routing key): shown this once. */
  @Post()
  async create(@Body(new ZodPipe(createIntegrationSchema)) input: CreateIntegration) {
    const { integration, secret } = await this.integrations.create(input);
    return { id: integration.id, webhookUrl: integration.webhookUrl, secret, integration };
  }

  @Get()
  async list(): Promise<{ integrations: IntegrationView[] }> {
    return { integrations: await this.integrations.list() };
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<IntegrationView> {
    return this.integrations.get(id);
  }

  @Patch(':id')
  update(@Param('id') id: string, @Body(new ZodPipe(updateIntegrationSchema)) patch: UpdateIntegration): Promise<IntegrationView> {
    return this.integrations.update(id, patch);
  }

  /** Disables the integration (its webhook URL answers 404); the record and its delivery log stay. */
  @Delete(':id')
  disable(@Param('id') id: string): Promise<IntegrationView> {
    return this.integrations.disable(id);
  }

  /** 200 with the new secret (generated, or the one in the body): shown this once. */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  async rotate(@Param('id') id: string, @Body(new ZodPipe(rotateSecretSchema)) input: RotateSecret) {
    const { integration, secret } = await this.integrations.rotateSecret(id, input);
    return { secret, previousSecretExpiresAt: integration.previousSecretExpiresAt, integration };
  }

  /** Ends the grace period of the last rotation now (the previous secret leaked, say): only the current secret verifies. */
  @Post(':id/revoke-previous-secret')
  @HttpCode(200)
  revokePrevious(@Param('id') id: string): Promise<{ revoked: boolean; integration: IntegrationView }> {
    return this.integrations.revokePreviousSecret(id);
  }

  @Get(':id/deliveries')
  async deliveries(@Param('id') id: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string): Promise<DeliveryLogPage> {
    await this.integrations.get(id); // 404 for an unknown integration
    const pageSize = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) throw new HooklineError('invalid_input', 'limit must be a whole number from 1 to 500');
    return this.deliveryLog.page(id, pageSize, cursor);
  }

  /** The "send test webhook" button: a synthetic alert, marked `test: true`, through the whole pipeline; recorded as the last test. */
  @Post(':id/test')
  @HttpCode(202)
  async test(@Param('id') id: string) {
    const integration = this.registry.lookup(id);
    if (!integration) throw new HooklineError('not_found', `no enabled integration ${id}`);
    let alert: AlertEvent;
    try {
      alert = await this.intake.sendTestAlert(integration);
    } catch (error) {
      // Recorded as the integration's last test; the caller is told to retry, as a sender would be.
      await this.integrations.recordTest(id, 'failed', `the event stream is unavailable: ${(error as Error).message}`.slice(0, 1_000));
      throw new HooklineError('dependency_unavailable', 'the event stream is unavailable; the test alert was not sent; retry later');
    }
    await this.integrations.recordTest(id, 'sent', `test alert ${alert.id} published`);
    return { status: 'accepted', alertEventId: alert.id, correlationKey: alert.data.correlationKey };
  }
}
