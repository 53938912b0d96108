/**
 * Application submission on PostgreSQL: 64 concurrent clients submit 企业证书新办 applications through
 * the real API (session, zod, catalogue checks, uploads owned, CSR parsed, insert + timeline in one
 * transaction, the detail read back), and, in the same run, the same requests go to a bare Fastify
 * route doing one INSERT into a copy of the applications table. Each server runs in its own process.
 * Prints requests/s, p50/p99 latency and the ratios; skips when PostgreSQL is not reachable.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { count } from 'drizzle-orm';
import { applications, applicationTransitions } from '../../src-server/db/schema';
import { API_PREFIX, apiRoutes } from '../../src-shared/api/routes';
import { csrSource, prepareApplicants, submissions } from './applicants';
import { withBenchServers, type BenchServer } from './benchProcess';
import { csrPool } from './csrPool';
import { drive, summarize, type LoadResult, type NextRequest, type Sample } from './load';

const CLIENTS = 64;
const WARM_UP_SECONDS = 3;
/** Each target gets ROUNDS slices of SLICE_SECONDS, alternating with the other. */
const ROUNDS = 4;
const SLICE_SECONDS = 5;
/**
 * Distinct CSRs made before the run (an EC P-256 key each, ~0.1–0.4 ms apiece): more than the API
 * answers in the whole run on this machine, so that every submission's request is parsed and verified
 * as real traffic's is. (Were the pool to run out it goes round again; still past the server's cache
 * of 1024 checked requests, each is checked afresh.) BENCH_SAME_CSR=1: every request sends the one
 * CSR, as this benchmark did before — after the first, the server's check is a cache hit.
 */
const CSR_POOL = 30_000;
/** A server under load: its slices of the run so far and the CPU time spent on them. */
interface Target {
  server: BenchServer;
  next: NextRequest;
  samples: Sample[];
  /** Requests answered, warm-up included: what the database must now hold. */
  answered: number;
  serverSeconds: number;
  clientSeconds: number;
}

interface Measured extends LoadResult {
  /** CPU time per wall-clock second (1.0 = one core busy) of the server and of this load process. */
  serverCores: number;
  clientCores: number;
}

function cpuSeconds(after: NodeJS.CpuUsage, before: NodeJS.CpuUsage): number {
  return (after.user - before.user + after.system - before.system) / 1e6;
}

function targetOf(server: BenchServer, next: NextRequest): Target {
  return { server, next, samples: [], answered: 0, serverSeconds: 0, clientSeconds: 0 };
}

/** One slice of load on `target`; a failed request stops the benchmark (its numbers would mean nothing). */
async function runSlice(target: Target, seconds: number, record: boolean): Promise<void> {
  const serverBefore = await target.server.cpu();
  const clientBefore = process.cpuUsage();
  const sample = await drive(CLIENTS, seconds, target.next);
  const clientSeconds = cpuSeconds(process.cpuUsage(), clientBefore);
  const serverSeconds = cpuSeconds(await target.server.cpu(), serverBefore);
  if (sample.errors > 0) {
    throw new Error(
      `${sample.errors} of ${sample.latencies.length} requests to ${target.server.url} failed; first: ${sample.firstError}`,
    );
  }
  target.answered += sample.latencies.length;
  if (!record) return;
  target.samples.push(sample);
  target.serverSeconds += serverSeconds;
  target.clientSeconds += clientSeconds;
}

/**
 * Warms each target up, then alternates slices (A B B A A B B A …) so that whatever else the machine
 * is doing weighs on both alike.
 */
async function measure(targets: [Target, Target]): Promise<[Measured, Measured]> {
  for (const t of targets) await runSlice(t, WARM_UP_SECONDS, false);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const t of round % 2 === 0 ? targets : [...targets].reverse())
      await runSlice(t, SLICE_SECONDS, true);
  }
  const [first, second] = targets.map((t): Measured => {
    const result = summarize(t.samples);
    return {
      ...result,
      serverCores: t.serverSeconds / result.seconds,
      clientCores: t.clientSeconds / result.seconds,
    };
  });
  return [first!, second!];
}

function printRows(rows: [string, Measured][]): void {
  console.log(
    'route'.padEnd(54),
    'requests/s'.padStart(10),
    'p50 ms'.padStart(8),
    'p99 ms'.padStart(8),
    'requests'.padStart(9),
    'server CPU'.padStart(10),
    'load CPU'.padStart(9),
  );
  for (const [name, row] of rows) {
    console.log(
      name.padEnd(54),
      row.perSecond.toFixed(0).padStart(10),
      row.p50.toFixed(1).padStart(8),
      row.p99.toFixed(1).padStart(8),
      String(row.requests).padStart(9),
      `${row.serverCores.toFixed(2)} cores`.padStart(10),
      `${row.clientCores.toFixed(2)} cores`.padStart(9),
    );
  }
}

export async function run(): Promise<void> {
  await withBenchServers('applications', 8, async ({ version, api, bare, server }) => {
    const { db } = server;
    const preparing = performance.now();
    const applicants = await prepareApplicants(server, CLIENTS);
    console.log(
      `${CLIENTS} applicants registered, logged in and their scans uploaded in`,
      `${((performance.now() - preparing) / 1000).toFixed(1)} s; measuring…`,
    );
    const sameCsr = process.env.BENCH_SAME_CSR === '1';
    const making = performance.now();
    const pool = sameCsr ? [] : csrPool(CSR_POOL, '基准测试');
    if (!sameCsr) {
      console.log(
        `${pool.length} distinct CSRs (EC P-256) made in ${((performance.now() - making) / 1000).toFixed(1)} s`,
      );
    }
    const apiCsrs = csrSource(pool);
    const bareCsrs = csrSource(pool);
    const submitPath = `${API_PREFIX}${apiRoutes['applications.submit'].path}`;
    const apiTarget = targetOf(
      api,
      submissions(`${api.url}${submitPath}`, applicants, sameCsr ? undefined : apiCsrs),
    );
    const bareTarget = targetOf(
      bare,
      submissions(`${bare.url}/applications`, applicants, sameCsr ? undefined : bareCsrs),
    );
    const [apiRow, bareRow] = await measure([apiTarget, bareTarget]);

    const [stored] = await db.select({ n: count() }).from(applications);
    const [moves] = await db.select({ n: count() }).from(applicationTransitions);
    if (stored?.n !== apiTarget.answered || moves?.n !== apiTarget.answered) {
      throw new Error(
        `the API answered ${apiTarget.answered} submissions but stored ${stored?.n} applications, ${moves?.n} moves`,
      );
    }

    console.log(
      `${CLIENTS} clients, ${WARM_UP_SECONDS} s warm-up, then ${ROUNDS} alternating slices of ${SLICE_SECONDS} s each;`,
      `PostgreSQL ${version}, ${os.cpus().length} CPUs, Node ${process.version},`,
      `load average ${os.loadavg()[0]!.toFixed(1)} (other work on the machine weighs on both alike)`,
    );
    console.log(
      sameCsr
        ? "REPEATED CSR (BENCH_SAME_CSR=1): every request sends the same CSR, so after the first the server's CSR check is a cache hit — not what real traffic sees."
        : `distinct CSRs: the API was sent ${apiCsrs.handedOut} requests with ${Math.min(apiCsrs.handedOut, pool.length)} distinct CSRs` +
            (apiCsrs.handedOut > pool.length
              ? ' (the pool went round; each is still checked afresh)'
              : ' (none sent twice)'),
    );
    printRows([
      ['certdesk API: POST /applications (cert.new.enterprise)', apiRow],
      ['bare Fastify route, one pg INSERT', bareRow],
    ]);
    console.log(
      `certdesk ÷ bare${sameCsr ? ' (repeated CSR)' : ' (distinct CSRs)'}: requests/s ${(apiRow.perSecond / bareRow.perSecond).toFixed(2)}×,`,
      `p50 ${(apiRow.p50 / bareRow.p50).toFixed(2)}×, p99 ${(apiRow.p99 / bareRow.p99).toFixed(2)}×`,
    );
    console.log(
      `every answered submission was stored (${stored.n} applications, each with its timeline row).`,
    );
    console.log(
      'Both servers run in their own process with a pool of 10 connections; the load runs in this one,',
    );
    console.log('on the same machine as PostgreSQL. "cores" is CPU time per second of the measured run.');
  });
}
