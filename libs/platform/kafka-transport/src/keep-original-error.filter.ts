import { type ArgumentsHost, Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Nest's default RPC exception filter replaces every error that is not an
 * RpcException with `{ status: 'error', message: 'Internal server error' }`.
 * The consumer runtime decides by the error itself whether to retry, to wait
 * out a dependency outage or to dead-letter at once (`retryable`,
 * `isDependencyOutage`), so the transport installs this filter, which hands
 * the original error back unchanged.
 */
@Catch()
export class KeepOriginalErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
