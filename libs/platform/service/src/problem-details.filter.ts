import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { HooklineError, errorCodeForStatus, problemTitle } from '@hookline/platform/errors';
import type { Logger } from '@hookline/platform/observability';
import type { FastifyReply, FastifyRequest } from 'fastify';

interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: unknown;
}

/**
 * RFC 9457 problem details for an error; unexpected errors become a bare 500.
 * The title is Hookline's own words for the problem's type, the same in every
 * app, never a code or a framework's class name.
 */
function toProblem(exception: unknown): ProblemDetails {
  if (exception instanceof HooklineError) {
    const problem: ProblemDetails = { type: `urn:hookline:error:${exception.code}`, title: problemTitle(exception.status), status: exception.status, detail: exception.message };
    if (exception.details !== undefined) problem.errors = exception.details;
    return problem;
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = errorCodeForStatus(status);
    return { type: code ? `urn:hookline:error:${code}` : `urn:hookline:http:${status}`, title: problemTitle(status), status, detail: exception.message };
  }
  return { type: 'urn:hookline:error:internal', title: problemTitle(500), status: 500, detail: 'internal error' };
}

/** Sends a problem; 503 and 429 carry `Retry-After` so well-behaved senders back off and retry. */
function sendProblem(reply: FastifyReply, problem: ProblemDetails, retryAfterSeconds = 5): FastifyReply {
  if (problem.status === 503 || problem.status === 429) void reply.header('Retry-After', String(retryAfterSeconds));
  return reply.status(problem.status).header('Content-Type', 'application/problem+json').send(JSON.stringify(problem));
}

/** Answers a Fastify hook's refusal exactly as the filter answers a controller's. */
export function replyWithProblem(reply: FastifyReply, error: HooklineError): FastifyReply {
  return sendProblem(reply, toProblem(error));
}

/**
 * Every error leaves as `application/problem+json`: a code the caller can
 * branch on, a readable detail, never a stack trace. Unexpected errors are
 * logged in full and answered with a bare 500.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const problem = toProblem(exception);
    if (problem.status === 500) {
      const request = http.getRequest<FastifyRequest>();
      this.logger.error({ err: exception, method: request.method, url: request.url }, 'unhandled error');
    }
    sendProblem(http.getResponse<FastifyReply>(), problem);
  }
}
