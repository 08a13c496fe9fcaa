import { HTTP_CODE_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { z } from 'zod';
import { AdminTokenGuard } from '../admin-token.guard';
import { type ControllerClass, controllerRoutes } from '../http/controller-routes';
import { ZodPipe } from '../zod.pipe';

type Json = { [key: string]: unknown };

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

const methodNames: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.PATCH]: 'patch',
};

const problemResponse = { description: 'A problem (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };

/**
 * The OpenAPI 3.1 document of an app's HTTP API, read from the controllers'
 * own Nest metadata: each route's method and path, its guard, and the zod
 * schemas of the ZodPipes that validate its body and query. So the document
 * is made from exactly what the app checks, and cannot drift from it.
 * Responses are described by status only: views are TypeScript types, not
 * zod schemas, and errors are always problem+json.
 */
export function openApiDocument(controllers: readonly ControllerClass[], info: { title: string; version: string; description?: string }): Json {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of controllerRoutes(controllers)) {
    const method = methodNames[route.method];
    if (!method) continue;
    const path = openApiPath(route.path);
    const status = (Reflect.getMetadata(HTTP_CODE_METADATA, route.handler) as number | undefined) ?? (method === 'post' ? 201 : 200);
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, route.controller, route.name) as Record<string, RouteArgument> | undefined) ?? {};
    (paths[path] ??= {})[method] = {
      operationId: `${route.controller.name.replace(/Controller$/, '')}.${route.name}`,
      ...(route.guards.includes(AdminTokenGuard) ? { security: [{ adminToken: [] }] } : {}),
      parameters: [...pathParameters(path), ...queryParameters(args)],
      ...requestBody(args),
      responses: { [String(status)]: { description: 'Success' }, default: problemResponse },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'HOOKLINE_ADMIN_TOKEN' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string', description: 'urn:hookline:error:<code>' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: { description: 'what exactly was wrong, e.g. one entry per invalid field' },
          },
        },
      },
    },
  };
}

/** `/api/incidents/:id/acknowledge` → `/api/incidents/{id}/acknowledge`. */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function pathParameters(path: string): Json[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
}

function zodSchemaOf(args: Record<string, RouteArgument>, type: RouteParamtypes): z.ZodType | undefined {
  const entry = Object.entries(args).find(([key]) => key.split(':')[0] === String(type))?.[1];
  const pipe = entry?.pipes?.find((candidate): candidate is ZodPipe<z.ZodType> => candidate instanceof ZodPipe);
  return pipe?.schema;
}

function jsonSchema(schema: z.ZodType): Json {
  const { $schema: _dialect, ...body } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
  return body;
}

function queryParameters(args: Record<string, RouteArgument>): Json[] {
  const schema = zodSchemaOf(args, RouteParamtypes.QUERY);
  if (!schema) return [];
  const object = jsonSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: object.required?.includes(name) ?? false,
    schema: property,
  }));
}

function requestBody(args: Record<string, RouteArgument>): Json {
  const schema = zodSchemaOf(args, RouteParamtypes.BODY);
  return schema ? { requestBody: { required: false, content: { 'application/json': { schema: jsonSchema(schema) } } } } : {};
}
