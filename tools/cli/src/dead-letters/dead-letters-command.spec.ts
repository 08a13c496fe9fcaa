import { parseArgs } from '../args';
import { prepareDeadLettersCommand, sinceTime } from './dead-letters-command';

const prepare = (line: string) => prepareDeadLettersCommand(parseArgs(line.split(' ')), 'ops-person');

async function callOf(line: string): Promise<{ method: string; path: string; body: unknown }> {
  let call: { method: string; path: string; body: unknown } | undefined;
  const client = {
    call: async (method: string, path: string, body?: unknown) => {
      call = { method, path, body };
      return {};
    },
  };
  await prepare(line).run(client as never);
  if (!call) throw new Error('no call made');
  return call;
}

describe('hookline dead-letters', () => {
  it('lists with the filters as a query', async () => {
    expect(await callOf('list --app ticketing --state all --topic correlator.incident.v1 --limit 10')).toEqual({
      method: 'GET',
      path: '/api/dead-letters?state=all&topic=correlator.incident.v1&limit=10',
      body: undefined,
    });
  });

  it('replays ids, or everything open since a time, saying who asked', async () => {
    expect(await callOf('replay 12 13 --app correlator')).toMatchObject({ path: '/api/dead-letters/replay', body: { ids: ['12', '13'], by: 'ops-person' } });
    expect(await callOf('replay --since 2026-05-01T00:00:00Z --topic ingress.alert.v1 --by alice --app correlator')).toMatchObject({
      body: { since: '2026-05-01T00:00:00Z', topic: 'ingress.alert.v1', by: 'alice' },
    });
  });

  it('discards with the reason', async () => {
    expect(await callOf('discard 7 --reason duplicate --app ledger')).toEqual({ method: 'POST', path: '/api/dead-letters/7/discard', body: { reason: 'duplicate', by: 'ops-person' } });
  });

  it('reads a relative --since as that long ago', () => {
    expect(sinceTime('2h', Date.parse('2026-05-01T12:00:00Z'))).toBe('2026-05-01T10:00:00.000Z');
    expect(sinceTime('2026-05-01T00:00:00Z')).toBe('2026-05-01T00:00:00Z');
  });

  it.each([
    ['list', /which app\? --app/],
    ['list --app billing', /unknown --app "billing"/],
    ['show --app ticketing', /show needs a dead letter id/],
    ['replay --app ticketing', /replay what\?/],
    ['replay 1 --since 2h --app ticketing', /ids or --since, not both/],
    ['discard 1 --app ticketing', /discard needs --reason/],
    ['list --app ticketing --reason x', /list does not take --reason/],
    ['purge --app ticketing', /unknown command "purge"/],
  ])('refuses "%s" before calling anything', (line, message) => {
    expect(() => prepare(line)).toThrow(message);
  });
});
