import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { HooklineError } from '@hookline/platform/errors';
import type { Logger } from '@hookline/platform/observability';
import type { Request, Response } from 'express';

interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: unknown;
}

/**
 * Every error leaves as RFC 9457 `application/problem+json`: a code the
 * caller can branch on, a readable detail, never a stack trace. Unexpected
 * errors are logged in full and answered with a bare 500.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const problem = this.toProblem(exception, request);
    if (problem.status === 503) response.setHeader('Retry-After', '5');
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, request: Request): ProblemDetails {
    if (exception instanceof HooklineError) {
      const problem: ProblemDetails = { type: `urn:hookline:error:${exception.code}`, title: exception.code, status: exception.status, detail: exception.message };
      if (exception.details !== undefined) problem.errors = exception.details;
      return problem;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { type: `urn:hookline:http:${status}`, title: exception.name, status, detail: exception.message };
    }
    this.logger.error({ err: exception, method: request.method, path: request.path }, 'unhandled error');
    return { type: 'urn:hookline:error:internal', title: 'internal', status: 500, detail: 'internal error' };
  }
}
