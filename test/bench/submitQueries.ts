/**
 * `npx tsx test/bench/submitQueries.ts`: the statements one `POST /applications` sends to PostgreSQL
 * (DATABASE_URL, or the local default). A real server runs in this process; every query any pg client
 * of this process sends is counted while SUBMITS submissions are made one after another, then the
 * statements of the last one are listed. A diagnostic for the submit benchmark, not a benchmark.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { API_PREFIX, apiRoutes } from '../../src-shared/api/routes';
import { startTestServer } from '../helpers/apiServer';
import { DEFAULT_DATABASE_URL, prepareApplicants } from './applicants';

const SUBMITS = 20;

process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL;
const server = await startTestServer({ backend: 'postgres' });
try {
  const [applicant] = await prepareApplicants(server, 1);
  const seen: string[] = [];
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text;
    seen.push(text ?? String(first));
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  const url = `${server.url}${API_PREFIX}${apiRoutes['applications.submit'].path}`;
  let last: string[] = [];
  for (let i = 0; i < SUBMITS; i += 1) {
    const before = seen.length;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${applicant!.token}`,
        'idempotency-key': randomUUID(),
      },
      body: applicant!.body,
    });
    if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
    last = seen.slice(before);
  }
  pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
  const commits = last.filter((text) => /^commit/i.test(text.trim())).length;
  console.log(
    `${(seen.length / SUBMITS).toFixed(1)} statements per submit over ${SUBMITS} submits;`,
    `the last one: ${last.length} statements, ${commits} commit(s) in a transaction:`,
  );
  for (const text of last) console.log(' ', text.replace(/\s+/g, ' ').slice(0, 150));
} finally {
  await server.close();
}
