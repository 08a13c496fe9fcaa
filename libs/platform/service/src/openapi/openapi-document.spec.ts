import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { openApiProblems } from '@hookline/testing';
import { z } from 'zod';
import { AdminTokenGuard } from '../admin-token.guard';
import { ZodPipe } from '../zod.pipe';
import { openApiDocument } from './openapi-document';

const noteSchema = z.object({ by: z.string().min(1).max(100).optional(), note: z.string().max(500) }).strict();
const listSchema = z.object({ status: z.enum(['open', 'resolved']).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) });

@Controller('api/things')
@UseGuards(AdminTokenGuard)
class ThingsController {
  @Get()
  list(@Query(new ZodPipe(listSchema, 'query')) query: z.infer<typeof listSchema>): unknown {
    return query;
  }

  @Post(':id/note')
  @HttpCode(200)
  note(@Param('id') id: string, @Body(new ZodPipe(noteSchema)) body: z.infer<typeof noteSchema>): unknown {
    return { id, body };
  }
}

@Controller()
class PublicThingsController {
  @Get('status.json')
  status(): unknown {
    return {};
  }
}

describe('openApiDocument', () => {
  const document = openApiDocument([ThingsController, PublicThingsController], { title: 'spec', version: '1.0.0' });

  it('is a valid OpenAPI 3.1 document', () => {
    expect(openApiProblems(document)).toBe('');
    expect(document['openapi']).toBe('3.1.0');
    // The check itself can fail: a document without `info` is refused.
    expect(openApiProblems({ openapi: '3.1.0', paths: {} })).not.toBe('');
  });

  it("describes a route's body and query with the zod schemas that validate them", () => {
    const paths = document['paths'] as Record<string, Record<string, Record<string, unknown>>>;
    const note = paths['/api/things/{id}/note']?.['post'];
    const list = paths['/api/things']?.['get'];

    expect(note?.['requestBody']).toMatchObject({
      content: { 'application/json': { schema: { type: 'object', properties: { by: { type: 'string', maxLength: 100 }, note: { type: 'string', maxLength: 500 } }, required: ['note'] } } },
    });
    expect(note?.['parameters']).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(note?.['responses']).toHaveProperty('200');
    expect(list?.['parameters']).toEqual(
      expect.arrayContaining([
        { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['open', 'resolved'] } },
        expect.objectContaining({ name: 'limit', in: 'query', required: false }),
      ]),
    );
  });

  it('marks the admin routes as needing the admin token, and only those', () => {
    const paths = document['paths'] as Record<string, Record<string, Record<string, unknown>>>;
    expect(paths['/api/things']?.['get']?.['security']).toEqual([{ adminToken: [] }]);
    expect(paths['/status.json']?.['get']?.['security']).toBeUndefined();
  });
});
