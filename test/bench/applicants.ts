/**
 * What the submission benchmarks share: the PostgreSQL they run on, and applicants (registered,
 * logged in, scans uploaded through the API) with the 企业证书新办 request each sends.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { created } from '../../src-server/db/records';
import { accounts, enterprises } from '../../src-server/db/schema';
import { DEMO_ENTERPRISE } from '../../src-server/seed/demoAccounts';
import type { TestServer } from '../helpers/apiServer';
import { freshIdNumber, freshPhone, login, ok, registerByPhone } from '../integration/server/api';
import { enterpriseForm, enterpriseScans, freshCreditCode } from '../integration/server/fixtures';
import { softKey } from '../integration/server/keys';
import type { NextRequest } from './load';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const OPERATOR_NAME = '赵六';

/** One logged-in operator of their own enterprise, with the three scans uploaded: what it submits. */
export interface Applicant {
  token: string;
  /** The request with the one CSR every applicant shares. */
  body: string;
  /** The same request with another CSR. */
  bodyWith?: (csrPem: string) => string;
}

export function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** The server's version, or why it could not be reached. */
export async function probe(url: string): Promise<{ version: string } | { error: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return { version: rows[0]!.server_version };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Registers and logs in each applicant through the API. Being an enterprise's operator has no API
 * (staff set it up), so that one step writes the database, as the server tests do.
 */
export async function prepareApplicants(server: TestServer, count: number): Promise<Applicant[]> {
  const { csrPem } = await softKey('RSA', 'CN=基准测试');
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const phone = freshPhone();
      const accountId = await registerByPhone(server, phone);
      const enterprise = {
        ...DEMO_ENTERPRISE,
        name: `福建省基准测试${index + 1}号有限公司`,
        creditCode: freshCreditCode(),
      };
      const [row] = await server.db
        .insert(enterprises)
        .values({ ...enterprise, ...created(new Date()) })
        .returning({ id: enterprises.id });
      await server.db
        .update(accounts)
        .set({ roles: ['applicant', 'enterprise_operator'], enterpriseId: row!.id })
        .where(eq(accounts.id, accountId));

      const { token } = await login(server, phone);
      const idNumber = freshIdNumber();
      const profile = await ok(server, 'profile.get', {}, token);
      await ok(
        server,
        'profile.update',
        { version: profile.version, name: OPERATOR_NAME, idType: 'id_card', idNumber },
        token,
      );
      const attachments = await enterpriseScans(server, token);
      const request = {
        service: 'cert.new.enterprise',
        values: {
          ...enterpriseForm(enterprise),
          operatorName: OPERATOR_NAME,
          operatorIdNumber: idNumber,
          operatorPhone: phone,
        },
        attachments,
      };
      // The CSR last, so that another one is spliced in without serialising the rest again.
      const head = JSON.stringify(request).slice(0, -1);
      const bodyWith = (pem: string) => `${head},"csrPem":${JSON.stringify(pem)}}`;
      return { token, body: bodyWith(csrPem), bodyWith };
    }),
  );
}

/** Where each request's CSR comes from: `next()` is called once per request. */
export interface CsrSource {
  next(): string;
}

/** Hands out `pool` in turn, round and round; counts how many it handed out. */
export function csrSource(pool: readonly string[]): CsrSource & { handedOut: number } {
  const source = {
    handedOut: 0,
    next() {
      const pem = pool[source.handedOut % pool.length]!;
      source.handedOut += 1;
      return pem;
    },
  };
  return source;
}

/**
 * Each request carries its applicant's session and a new Idempotency-Key, as the desktop client
 * sends; with `csrs`, a CSR from there (else the one every applicant shares).
 */
export function submissions(url: string, applicants: readonly Applicant[], csrs?: CsrSource): NextRequest {
  return (client) => {
    const applicant = applicants[client % applicants.length]!;
    const body = csrs && applicant.bodyWith ? applicant.bodyWith(csrs.next()) : applicant.body;
    return {
      url,
      init: {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${applicant.token}`,
          'idempotency-key': randomUUID(),
        },
        body,
      },
    };
  };
}
