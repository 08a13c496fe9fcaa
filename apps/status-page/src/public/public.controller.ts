import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendRepresentation } from './conditional-get';
import { atomFeed, type Feed, rssFeed } from './feeds';
import type { Markup } from './markup';
import { contentSecurityPolicy } from './pages/layout';
import { historyPage, homePage, incidentPage, notFoundPage } from './pages/pages';
import { StatusReader } from './status-reader';
import type { StatusSnapshot } from './status-snapshot';
import { componentsJson, incidentsJson, maintenancesJson, statusJson, summaryJson } from './statuspage-json';

const htmlHeaders = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
// Status aggregators and dashboards read these from browsers on other origins, as they do at Statuspage.
const apiHeaders = { 'Access-Control-Allow-Origin': '*', 'X-Content-Type-Options': 'nosniff' };

/**
 * The public status page: HTML pages, the Statuspage-compatible JSON API
 * (`/api/v2/*`) and the history feeds. No authentication, nothing but GET.
 */
@Controller()
export class PublicController {
  constructor(@Inject(StatusReader) private readonly reader: StatusReader) {}

  @Get()
  home(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.page(request, reply, homePage);
  }

  @Get('history')
  history(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.page(request, reply, historyPage);
  }

  @Get('incidents/:id')
  async incident(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const snapshot = await this.reader.snapshot();
    const view = snapshot.incidents.find((candidate) => candidate.incident.id === id);
    if (!view) {
      return reply.status(404).headers(htmlHeaders).header('Content-Type', 'text/html; charset=utf-8').send(notFoundPage(snapshot.page.name).text);
    }
    return sendRepresentation(request, reply, { body: incidentPage(snapshot, view).text, contentType: 'text/html; charset=utf-8', headers: htmlHeaders });
  }

  @Get('history.rss')
  rss(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.feed(request, reply, rssFeed, 'application/rss+xml; charset=utf-8');
  }

  @Get('history.atom')
  atom(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.feed(request, reply, atomFeed, 'application/atom+xml; charset=utf-8');
  }

  @Get('api/v2/summary.json')
  summary(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.json(request, reply, summaryJson);
  }

  @Get('api/v2/status.json')
  status(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.json(request, reply, statusJson);
  }

  @Get('api/v2/components.json')
  components(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.json(request, reply, componentsJson);
  }

  @Get('api/v2/incidents.json')
  incidents(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.json(request, reply, (snapshot) => incidentsJson(snapshot, 'recent'));
  }

  @Get('api/v2/incidents/unresolved.json')
  unresolved(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.json(request, reply, (snapshot) => incidentsJson(snapshot, 'unresolved'));
  }

  @Get('api/v2/scheduled-maintenances.json')
  maintenances(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.json(request, reply, (snapshot) => maintenancesJson(snapshot, 'all'));
  }

  @Get('api/v2/scheduled-maintenances/upcoming.json')
  upcoming(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.json(request, reply, (snapshot) => maintenancesJson(snapshot, 'upcoming'));
  }

  @Get('api/v2/scheduled-maintenances/active.json')
  active(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.json(request, reply, (snapshot) => maintenancesJson(snapshot, 'active'));
  }

  private async page(request: FastifyRequest, reply: FastifyReply, render: (snapshot: StatusSnapshot) => Markup) {
    const snapshot = await this.reader.snapshot();
    // No Last-Modified: the page also changes with the date (uptime bars, past days), which only the ETag follows.
    return sendRepresentation(request, reply, { body: render(snapshot).text, contentType: 'text/html; charset=utf-8', headers: htmlHeaders });
  }

  private async json(request: FastifyRequest, reply: FastifyReply, shape: (snapshot: StatusSnapshot) => unknown) {
    const snapshot = await this.reader.snapshot();
    return sendRepresentation(request, reply, {
      body: JSON.stringify(shape(snapshot)),
      contentType: 'application/json; charset=utf-8',
      lastModified: snapshot.updatedAt,
      headers: apiHeaders,
    });
  }

  private async feed(request: FastifyRequest, reply: FastifyReply, render: (snapshot: StatusSnapshot) => Feed, contentType: string) {
    const feed = render(await this.reader.snapshot());
    return sendRepresentation(request, reply, { body: feed.body, contentType, lastModified: feed.updated, headers: apiHeaders });
  }
}
