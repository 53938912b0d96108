/**
 * A server for the application benchmark, run in its own process so that it does not share an event
 * loop (or a CPU) with the load it is given: `api` is the real API server, `bare` a Fastify route doing
 * one INSERT into a copy of the applications table. Started by `startBenchServer` in benchProcess.ts.
 *
 * argv: kind, database URL. Sends `{ type: 'ready', url }`; answers `'cpu'` with `{ type: 'cpu', usage }`;
 * stops on `'close'` or when the parent goes away.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { startServer } from '../../src-server/server';
import { RELAXED_LIMITS } from '../integration/server/api';

export type BenchServerKind = 'api' | 'bare';

export type BenchServerMessage = { type: 'ready'; url: string } | { type: 'cpu'; usage: NodeJS.CpuUsage };

/** Same pool size as the API server's (src-server/db/database.ts). */
const POOL_SIZE = 10;
/** Same body limit as the API server's. */
const BODY_LIMIT = 64 * 1024;

interface SubmitBody {
  service: string;
  values: Record<string, unknown>;
  attachments: Record<string, string>;
  csrPem?: string;
}

async function startBare(url: string): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  // The API server has migrated this database: the copy has the same columns, defaults and indexes
  // (foreign keys are not copied).
  await pool.query('create table if not exists bench_applications (like applications including all)');
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT });
  app.post<{ Body: SubmitBody }>('/applications', async (request) => {
    const { service, values, attachments, csrPem } = request.body;
    const idempotencyKey = request.headers['idempotency-key'];
    const { rows } = await pool.query(
      `insert into bench_applications
         (number, service_code, applicant_id, state, values, attachments, csr_pem, idempotency_key,
          submitted_at, created_at, updated_at)
       values ($7, $1, $2, 'pending', $3, $4, $5, $6, now(), now(), now())
       returning *`,
      [
        service,
        randomUUID(),
        values,
        attachments,
        csrPem ?? null,
        typeof idempotencyKey === 'string' ? idempotencyKey : null,
        // The 申请单号 is NOT NULL (and unique): the bare route makes up one without a counter.
        `B${randomUUID()}`,
      ],
    );
    return rows[0] as Record<string, unknown>;
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}

async function main(): Promise<void> {
  const [kind, databaseUrl] = process.argv.slice(2) as [BenchServerKind, string];
  const server =
    kind === 'api'
      ? await startServer({
          port: 0,
          database: { kind: 'postgres', url: databaseUrl },
          logLevel: 'silent',
          dev: true,
          limits: RELAXED_LIMITS,
        })
      : await startBare(databaseUrl);
  const send = (message: BenchServerMessage) => process.send?.(message);
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await server.close();
    process.disconnect?.();
  };
  process.on('message', (message) => {
    if (message === 'cpu') send({ type: 'cpu', usage: process.cpuUsage() });
    if (message === 'close') void close();
  });
  process.on('disconnect', () => void close());
  send({ type: 'ready', url: server.url });
}

await main();
