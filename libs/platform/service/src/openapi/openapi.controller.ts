import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { ServiceConfig } from '@hookline/platform/config';
import { SERVICE_CONFIG } from '../tokens';
import { openApiDocument } from './openapi-document';

/** `GET /openapi.json`: the app's own API as OpenAPI 3.1, made once from its controllers (see openApiDocument). */
@Controller()
export class OpenApiController {
  private document: unknown;

  constructor(
    @Inject(ModulesContainer) private readonly modules: ModulesContainer,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get('openapi.json')
  @Header('Cache-Control', 'no-cache')
  openapi(): unknown {
    this.document ??= openApiDocument(this.controllers(), {
      title: `Hookline ${this.config.service}`,
      version: '1.0.0',
      description: `The HTTP API of Hookline's ${this.config.service}: admin endpoints take Authorization: Bearer <HOOKLINE_ADMIN_TOKEN>; errors are application/problem+json.`,
    });
    return this.document;
  }

  private controllers(): Array<new (...args: never[]) => unknown> {
    const found = new Set<new (...args: never[]) => unknown>();
    for (const module of this.modules.values()) {
      for (const wrapper of module.controllers.values()) found.add(wrapper.metatype as new (...args: never[]) => unknown);
    }
    return [...found];
  }
}
