import { isDependencyOutage } from './dependency-outage';
import { HooklineError } from './hookline-error';

describe('isDependencyOutage', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['Postgres shutting down (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a connection exception (08006)', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['a dropped pg connection', new Error('Connection terminated unexpectedly')],
    ['a TypeORM error wrapping the driver error', Object.assign(new Error('query failed'), { driverError: Object.assign(new Error('x'), { code: 'ECONNRESET' }) })],
    ['Hookline telling so', new HooklineError('dependency_unavailable', 'kafka did not answer')],
  ])('recognises %s', (_, error) => {
    expect(isDependencyOutage(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['invalid input', new HooklineError('invalid_input', 'bad event')],
    ['not an error', 'boom'],
  ])('does not take %s for an outage', (_, error) => {
    expect(isDependencyOutage(error)).toBe(false);
  });
});
