import { randomBytes } from 'node:crypto';
import type { ServiceName } from '@hookline/launcher';
import { eventually, testInfrastructure, uniqueName } from '@hookline/testing';
import { Client } from 'pg';
import type { AlertStorm } from './support/alert-storm';
import { type TestPipeline, startTestPipeline } from './support/pipeline-harness';
import type { StormAccount } from './support/storm-accounting';
import { TicketDesk } from './support/ticket-desk';
import { type StreamCounts, deliverAll } from './support/webhook-sender';
import { describeAccount, faultTimeouts, sendStormThroughFault, settledAccount, stormFor } from './support/fault-storms';

// Faults in the consumers and in the external ticket system, on the run's
// Kafka and Postgres, with the five real apps: an alert storm is sent through
// the ingress while a consumer app is SIGKILLed and restarted, or while the
// team's ticket desk answers 500. Afterwards every acknowledged alert must be
// counted once on its incident, and every incident must have exactly one
// ticket, one external ticket, one status-page incident and one ledger entry,
// each at the incident's latest state.

const run = uniqueName('faults');
const killedApps = ['correlator', 'ticketing', 'status-page', 'ledger'] as const satisfies readonly ServiceName[];
/** How long the ticket desk answers 500: the minute. */
const deskOutageMs = 60_000;
const settle = { timeoutMs: faultTimeouts.settleMs, intervalMs: 1_000 };

describe('pipeline faults: consumers killed, the ticket system down', () => {
  const deskToken = randomBytes(16).toString('hex');
  const desk = new TicketDesk(deskToken);
  let pipeline: TestPipeline;
  let database: Client;

  beforeAll(async () => {
    await desk.start();
    pipeline = await startTestPipeline({
      run,
      services: [...killedApps.map((app) => `kill-${app}`), 'desk-outage'].map((suffix) => ({ suffix, tier: 'tier-2' as const, costPerMinute: 10 })),
      dataDir: testInfrastructure().dataDir,
      desk: { url: desk.url, token: deskToken },
    });
    database = new Client({ connectionString: pipeline.deployment.databaseUrl });
    await database.connect();
  }, faultTimeouts.startMs);

  afterAll(async () => {
    await database?.end();
    await pipeline?.stop();
    await desk.stop();
  });

  /** The storm's account once the pipeline has caught up, checked against what it must be. */
  async function expectAccountedFor(suffix: string, storm: AlertStorm, counts: StreamCounts): Promise<StormAccount> {
    const service = pipeline.catalog.service(suffix);
    const { account, expected } = await settledAccount({ pipeline, database, service, component: pipeline.catalog.component(suffix), counts, desk, storm });
    expect(account).toEqual(expected);
    return account;
  }

  it.each(killedApps)('loses and duplicates nothing when %s is killed with SIGKILL mid-storm and restarted', async (app) => {
    const suffix = `kill-${app}`;
    const storm = await stormFor(pipeline, run, suffix);
    const started = Date.now();

    const counts = await sendStormThroughFault(storm, async () => {
      await pipeline.kill(app);
      await pipeline.restart(app);
    });

    const account = await expectAccountedFor(suffix, storm, counts);
    console.log(`fault kill -9 ${app}: ${describeAccount(account)}; settled ${((Date.now() - started) / 1000).toFixed(1)} s after the first webhook`);
  }, faultTimeouts.testMs);

  it('keeps ticket work while the ticket system answers 500 for a minute, and delivers each ticket once when it recovers', async () => {
    const suffix = 'desk-outage';
    const storm = await stormFor(pipeline, run, suffix);
    const team = pipeline.catalog.team;
    const connector = async () => (await pipeline.client.connectors()).connectors.find((entry) => entry.connector === team);

    desk.failWith = 500;
    const outageStarted = Date.now();
    const counts = await deliverAll(storm.firing);
    await deliverAll(storm.recovery);

    // Hookline's own tickets do not wait for the desk; the external work queues up behind an open breaker.
    await eventually(async () => {
      const tickets = (await pipeline.client.tickets(team)).filter((ticket) => ticket['service'] === pipeline.catalog.service(suffix));
      expect(tickets).toHaveLength(storm.shape.groups);
      expect(await connector()).toMatchObject({ breaker: { state: expect.stringMatching(/open/) }, pending: expect.any(Number) });
      expect((await connector())?.pending).toBeGreaterThan(0);
    }, { timeoutMs: Math.max(deskOutageMs - (Date.now() - outageStarted) - 1_000, 5_000), intervalMs: 500 });
    // The outage lasts its minute whatever the test has checked meanwhile.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deskOutageMs - (Date.now() - outageStarted))));
    const failedCalls = desk.failedCalls;
    desk.failWith = undefined;
    const recovered = Date.now();

    const account = await expectAccountedFor(suffix, storm, counts);
    await eventually(async () => {
      expect(await connector()).toMatchObject({ breaker: { state: 'closed' }, pending: 0, failed: 0 });
      const incidents = await pipeline.client.incidents(pipeline.catalog.service(suffix));
      for (const incident of incidents) {
        expect(desk.ticketsFor(incident.incidentId)).toMatchObject([{ status: incident.status === 'resolved' ? 'closed' : 'open' }]);
      }
    }, settle);
    expect(failedCalls).toBeGreaterThan(0);
    console.log(
      `fault ticket system 500 for ${deskOutageMs / 1000} s: ${describeAccount(account)}; ${failedCalls} calls refused during the outage; ` +
        `backlog delivered ${((Date.now() - recovered) / 1000).toFixed(1)} s after recovery`,
    );
  }, faultTimeouts.testMs);
});
