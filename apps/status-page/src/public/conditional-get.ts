import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface Representation {
  body: string;
  contentType: string;
  /** When what the body shows last changed; sent as Last-Modified and checked against If-Modified-Since. */
  lastModified?: Date;
  headers?: Record<string, string>;
}

/**
 * Sends a representation with a strong ETag (a hash of the body) and
 * Last-Modified, and answers 304 without a body when the client's copy is
 * current (RFC 9110 §13: If-None-Match wins over If-Modified-Since). Clients
 * must revalidate every time, so a status change is never hidden by a cache,
 * while an unchanged page costs them a few hundred bytes.
 */
export function sendRepresentation(request: FastifyRequest, reply: FastifyReply, representation: Representation): FastifyReply {
  const etag = `"${createHash('sha256').update(representation.body).digest('base64url').slice(0, 32)}"`;
  void reply.header('ETag', etag).header('Cache-Control', 'public, no-cache').header('Vary', 'Accept-Encoding');
  if (representation.lastModified) void reply.header('Last-Modified', representation.lastModified.toUTCString());
  for (const [name, value] of Object.entries(representation.headers ?? {})) void reply.header(name, value);
  if (notModified(request, etag, representation.lastModified)) return reply.status(304).send();
  return reply.status(200).header('Content-Type', representation.contentType).send(representation.body);
}

function notModified(request: FastifyRequest, etag: string, lastModified: Date | undefined): boolean {
  const ifNoneMatch = header(request, 'if-none-match');
  if (ifNoneMatch !== undefined) {
    // Weak comparison, as If-None-Match requires: W/"x" matches "x".
    const tags = ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag);
  }
  const ifModifiedSince = header(request, 'if-modified-since');
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  // HTTP dates have whole seconds.
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
