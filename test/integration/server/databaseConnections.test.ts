import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { HEALTH_PATH } from '../../../src-shared/api/routes';
import { startTestServer } from '../../helpers/apiServer';

describe.runIf(process.env.DATABASE_URL)('PostgreSQL connections', () => {
  it('keeps serving when its idle pool connections are killed by the database server', async () => {
    const server = await startTestServer({ backend: 'postgres' });
    try {
      expect((await fetch(`${server.url}${HEALTH_PATH}`)).status).toBe(200);
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      try {
        const database = new URL(server.databaseUrl ?? '').pathname.slice(1);
        const killed = await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [database],
        );
        expect(killed.rowCount).toBeGreaterThan(0);
      } finally {
        await admin.end();
      }
      // The pool drops the dead connections and opens new ones; the process is still here. A request that
      // raced the termination on a dying connection may fail once, so ask a few times.
      let status = 0;
      for (let attempt = 0; attempt < 5 && status !== 200; attempt++) {
        status = (await fetch(`${server.url}${HEALTH_PATH}`)).status;
      }
      expect(status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
