import { Controller, Get, Post, UseGuards } from '@nestjs/common';
import { AdminTokenGuard } from '../admin-token.guard';
import { listenersOfRoutes, ServedOn } from './served-on';

@Controller('api/things')
@UseGuards(AdminTokenGuard)
class ThingsController {
  @Get(':id')
  one(): string {
    return 'one';
  }

  @Post()
  create(): string {
    return 'create';
  }
}

@Controller()
class PageController {
  @Get()
  page(): string {
    return 'page';
  }

  @Get('api/v2/summary.json')
  summary(): string {
    return 'summary';
  }

  @Get('metrics')
  @ServedOn('admin')
  metrics(): string {
    return 'metrics';
  }

  @Get('healthz')
  @ServedOn('public', 'admin')
  healthz(): string {
    return 'healthz';
  }
}

describe('which listener serves a route', () => {
  const listenersOf = listenersOfRoutes([ThingsController, PageController]);

  it('gives every route behind the admin token to the admin listener', () => {
    expect([listenersOf('GET', '/api/things/:id'), listenersOf('POST', '/api/things')]).toEqual([['admin'], ['admin']]);
  });

  it('keeps unguarded routes public, even under /api', () => {
    expect([listenersOf('GET', '/'), listenersOf('GET', '/api/v2/summary.json')]).toEqual([['public'], ['public']]);
  });

  it('follows ServedOn for operator routes and the ones both listeners serve', () => {
    expect([listenersOf('GET', '/metrics'), listenersOf('HEAD', '/metrics'), listenersOf('GET', '/healthz')]).toEqual([['admin'], ['admin'], ['public', 'admin']]);
  });

  it('treats routes Nest does not know (registered on Fastify directly) as public', () => {
    expect(listenersOf('POST', '/webhooks/:integrationId')).toEqual(['public']);
  });
});
