// The ledger benchmark: 10 million generated entries (3 years, 500
// services), then a point lookup, a keyset page of 100 and a month of
// `ledger.sla_by_service_month` for all services, each next to a baseline
// in the same run (see docs/ledger.md, "Benchmark").
//
//   node -r ./tools/register.js bench/ledger/run.ts [--entries 10000000] [--services 500] [--years 3]
//
// Starts its own Kafka and Postgres in .hookline/bench-ledger/ (fresh) and
// runs every migration, as `npm start` would; DATABASE_URL points it at a
// Postgres you run instead (its ledger schema must be empty).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '@hookline/launcher';
import { startBenchInfrastructure } from '../shared/bench-infrastructure';
import { runBenchmark } from '../shared/teardown';
import { type LedgerShape, loadLedger } from './generate';
import { cycle, type Measured, measure } from './measure';

const dataDir = join(repoRoot, '.hookline', 'bench-ledger');
const say = (message: string): void => console.log(`bench: ${message}`);
const targets = { pointP99Ms: 2, pageP99Ms: 10, monthlySlaMs: 200 };

runBenchmark(say, async (teardown) => {
  const { values } = parseArgs({
    options: {
      entries: { type: 'string', default: '10000000' },
      services: { type: 'string', default: '500' },
      years: { type: 'string', default: '3' },
      'offset-samples': { type: 'string', default: '20' },
      // Measure again what the last run loaded (same shape), without loading.
      reuse: { type: 'boolean', default: false },
    },
  });
  const shape: LedgerShape = { entries: Number(values.entries), services: Number(values.services), years: Number(values.years), open: 25 };
  const offsetSamples = Number(values['offset-samples']);

  const { db } = await startBenchInfrastructure(teardown, { dataDir, say, fresh: !values.reuse, externalDatabaseUrl: process.env['DATABASE_URL'] });
  const loaded = Boolean((await db.query('SELECT 1 FROM ledger.entries LIMIT 1')).rowCount);
  if (loaded && !values.reuse) throw new Error('ledger.entries is not empty: the benchmark needs an empty ledger schema (or --reuse)');
  if (!loaded && values.reuse) throw new Error('--reuse: nothing loaded in .hookline/bench-ledger; run once without it');
  const load = loaded ? {} : await loadLedger(db, shape, say);
  const counts = (
    await db.query<{ entries: string; spans: string; windows: string; months: string; open: string }>(
      `SELECT (SELECT count(*) FROM ledger.entries) AS entries, (SELECT count(*) FROM ledger.outage_spans) AS spans,
              (SELECT count(*) FROM ledger.maintenance_windows) AS windows, (SELECT count(*) FROM ledger.service_months) AS months,
              (SELECT count(*) FROM ledger.outage_spans WHERE ends_at IS NULL) AS open`,
    )
  ).rows[0];
  const sizes = (
    await db.query<{ relation: string; size: string }>(
      `SELECT relation, pg_size_pretty(pg_total_relation_size(('ledger.' || relation)::regclass)) AS size
       FROM unnest(ARRAY['entries', 'outage_spans', 'service_months']) AS relation`,
    )
  ).rows;
  say(`loaded: ${JSON.stringify(counts)}; sizes: ${sizes.map((row) => `${row.relation} ${row.size}`).join(', ')}`);

  // ---- measure
  const samplePercent = Math.min(100, (6_000 / shape.entries) * 100);
  const samples = (
    await db.query<{ incident_id: string; opened_at: string }>(
      `SELECT incident_id, to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS opened_at
       FROM ledger.entries TABLESAMPLE BERNOULLI (${samplePercent}) LIMIT 5000`,
    )
  ).rows;
  const sample = cycle(samples);
  const services = Array.from({ length: shape.services }, (_, index) => `svc-${String(index + 1).padStart(3, '0')}`);
  const months = (await db.query<{ past: string; current: string }>(`SELECT to_char(date_trunc('month', now()) - interval '2 months', 'YYYY-MM-DD') AS past, to_char(date_trunc('month', now()), 'YYYY-MM-DD') AS current`)).rows[0];
  if (!months) throw new Error('no months');
  const results: Measured[] = [];
  const run = async (...args: Parameters<typeof measure>) => {
    const result = await measure(...args);
    results.push(result);
    const s = result.summary;
    const ms = (value: number) => value.toFixed(2).padStart(9);
    say(
      `${result.name.padEnd(62)} p50 ${ms(s.p50)}  p99 ${ms(s.p99)}  max ${ms(s.max)} ms | server p50 ${ms(result.server.p50)}  p99 ${ms(result.server.p99)} ms` +
        `  (${s.count} runs, ${result.rows} rows)`,
    );
    return result;
  };

  const roundTrip = await run(db, 'baseline: SELECT 1 (round trip)', 'SELECT 1', () => [], { iterations: 5_000, warmUp: 200 });
  const point = await run(db, 'point lookup by incident id', 'SELECT * FROM ledger.entries WHERE incident_id = $1', (i) => [sample(i).incident_id], {
    iterations: 5_000,
    warmUp: 200,
  });
  const page = await run(
    db,
    'keyset page of 100 from a random cursor',
    `SELECT * FROM ledger.entries WHERE (opened_at, incident_id) < ($1::timestamptz, $2::text) ORDER BY opened_at DESC, incident_id DESC LIMIT 100`,
    (i) => [sample(i).opened_at, sample(i).incident_id],
    { iterations: 2_000, warmUp: 100 },
  );
  const offsetPage = await run(
    db,
    'baseline: OFFSET page of 100 at a random depth',
    'SELECT * FROM ledger.entries ORDER BY opened_at DESC, incident_id DESC OFFSET $1 LIMIT 100',
    (i) => [Math.floor(((i * 7919) % 1000) / 1000 * (shape.entries - 100))],
    { iterations: offsetSamples, warmUp: 1 },
  );
  const slaSql = `SELECT * FROM ledger.sla_by_service_month WHERE month = $1::date`;
  const onTheFlySql = 'SELECT * FROM ledger.service_month_figures($1::text[], $2::date[], now())';
  const rawSql = `SELECT entry.service,
                         ledger.seconds(range_agg(tstzrange(greatest(entry.opened_at, lower(bounds.period)),
                                                            least(coalesce(entry.resolved_at, now()), upper(bounds.period))))) AS down_seconds
                  FROM ledger.entries AS entry, (SELECT ledger.month_range($1::date) AS period) AS bounds
                  WHERE NOT entry.test AND entry.opened_at < upper(bounds.period) AND coalesce(entry.resolved_at, 'infinity') > lower(bounds.period)
                  GROUP BY entry.service`;
  const sla: Record<string, { view: Measured; onTheFly: Measured; raw: Measured }> = {};
  for (const [label, month] of [['past', months.past], ['current', months.current]] as const) {
    sla[label] = {
      view: await run(db, `SLA view, ${label} month, all services`, slaSql, () => [month], { iterations: 50, warmUp: 3 }),
      onTheFly: await run(db, `baseline: same figures computed from spans, ${label} month`, onTheFlySql, () => [services, services.map(() => month)], {
        iterations: 5,
        warmUp: 1,
      }),
      raw: await run(db, `baseline: union from raw entries, ${label} month`, rawSql, () => [month], { iterations: 3, warmUp: 1 }),
    };
  }

  // ---- report
  const check = (name: string, measured: Measured, target: number) => [
    { name: `${name} p99 ≤ ${target} ms (client)`, value: measured.summary.p99, pass: measured.summary.p99 <= target },
    { name: `${name} p99 ≤ ${target} ms (server)`, value: measured.server.p99, pass: measured.server.p99 <= target },
  ];
  const checks = [
    ...check('point lookup', point, targets.pointP99Ms),
    ...check('keyset page', page, targets.pageP99Ms),
    ...Object.entries(sla).flatMap(([label, figures]) => check(`monthly SLA (${label} month)`, figures.view, targets.monthlySlaMs)),
  ];
  const ratios = {
    pointOverRoundTrip: point.summary.p50 / roundTrip.summary.p50,
    offsetOverKeysetP50: offsetPage.summary.p50 / page.summary.p50,
    ...Object.fromEntries(
      Object.entries(sla).flatMap(([label, figures]) => [
        [`${label}OnTheFlyOverView`, figures.onTheFly.summary.p50 / figures.view.summary.p50],
        [`${label}RawOverView`, figures.raw.summary.p50 / figures.view.summary.p50],
      ]),
    ),
  };
  console.log('');
  for (const [name, ratio] of Object.entries(ratios)) console.log(`  ${name.padEnd(28)} ${ratio.toFixed(1)} × (p50, client)`);
  for (const check of checks) console.log(`  ${check.pass ? 'PASS' : 'FAIL'}  ${check.name}: ${check.value.toFixed(2)} ms`);
  mkdirSync(dataDir, { recursive: true });
  const resultsFile = join(dataDir, 'ledger-results.json');
  writeFileSync(resultsFile, `${JSON.stringify({ shape, load, counts, sizes, results, ratios, checks }, null, 2)}\n`);
  say(`results written to ${resultsFile}`);
});
