import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { ServiceConfig } from '@hookline/platform/config';
import { appControllers } from '../http/controller-routes';
import { ServedOn } from '../http/served-on';
import { SERVICE_CONFIG } from '../tokens';
import { openApiDocument } from './openapi-document';

/** `GET /openapi.json`: the app's own API as OpenAPI 3.1, made once from its controllers (see openApiDocument). */
@Controller()
@ServedOn('admin')
export class OpenApiController {
  private document: unknown;

  constructor(
    @Inject(ModulesContainer) private readonly modules: ModulesContainer,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get('openapi.json')
  @Header('Cache-Control', 'no-cache')
  openapi(): unknown {
    this.document ??= openApiDocument(appControllers(this.modules), {
      title: `Hookline ${this.config.service}`,
      version: '1.0.0',
      description: `The HTTP API of Hookline's ${this.config.service}: admin endpoints take Authorization: Bearer <HOOKLINE_ADMIN_TOKEN>; errors are application/problem+json.`,
    });
    return this.document;
  }
}
