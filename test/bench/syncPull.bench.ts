/**
 * The desktop's pull into SQLite (issue 9): (a) a first pull of 100,000 applications in pages of
 * PULL_PAGE through the real `applyPullPage` (one transaction per page, rebased on the outbox, the
 * cursor saved with it), and (b) an incremental pull of 1,000 changed applications onto that store.
 * Each is compared with a raw better-sqlite3 bulk insert of the same rows (the same JSON written, one
 * prepared statement, one transaction) into a store of the same schema, measured in the same run.
 * Pages are built like the server's pull result and checked against the shared schema.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import { pullResultSchema, type PullResult } from '../../src-shared/schemas/sync';
import { findAppRoot } from '../../src-main/core/appRoot';
import { openStore, type LocalStore } from '../../src-main/core/store/db';
import { PULL_PAGE } from '../../src-main/core/sync/engine';
import { createSyncStore } from '../../src-main/core/sync/syncStore';

const INITIAL = 100_000;
const INCREMENTAL = 1_000;
/** Each side is measured this many times, alternating; the median is printed. */
const ROUNDS = 3;
const MIGRATIONS = path.join(findAppRoot(), 'drizzle', 'local');

function application(index: number, accountId: string, version: number): ApplicationDetail {
  const at = new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString();
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    number: `SQ20260101-${String(index).padStart(6, '0')}`,
    service: 'cert.new.enterprise',
    serviceName: '企业证书新办',
    state: 'submitted',
    stateLabel: '待审核',
    applicantId: accountId,
    applicantName: '赵六',
    enterpriseCreditCode: '91350100M000100Y43',
    values: {
      enterpriseName: `福建省基准测试${index}号有限公司`,
      creditCode: '91350100M000100Y43',
      legalRepresentative: '张三',
      enterpriseAddress: '福建省福州市鼓楼区五四路 100 号',
      operatorName: '赵六',
      operatorIdNumber: '350102199001011234',
      operatorPhone: '13800000000',
      agreement: true,
    },
    attachments: {
      businessLicence: randomUUID(),
      idCardFront: randomUUID(),
      idCardBack: randomUUID(),
    },
    hasCsr: false,
    blankKey: true,
    feeFen: 30000,
    orderId: null,
    orderNumber: null,
    orderState: null,
    certificateId: null,
    trackingNumber: null,
    submittedAt: at,
    version,
    createdAt: at,
    updatedAt: at,
    timeline: [
      {
        transition: 'submit',
        label: '提交申请',
        from: null,
        to: 'submitted',
        actor: { role: 'applicant', name: '赵六' },
        at,
        feedback: null,
        trackingNumber: null,
      },
    ],
  };
}

/** The pages a server would answer for `rows`, in order, the last without `hasMore`. */
function pages(rows: ApplicationDetail[], firstCursor: number): PullResult[] {
  const result: PullResult[] = [];
  for (let start = 0; start < rows.length; start += PULL_PAGE) {
    const applications = rows.slice(start, start + PULL_PAGE);
    result.push({
      changes: {
        applications,
        orders: [],
        boundCertificates: [],
        issuedCertificates: [],
        notifications: [],
        profile: null,
      },
      deletions: [],
      lastMutationId: 0,
      rejections: [],
      cursor: firstCursor + start + applications.length,
      hasMore: start + PULL_PAGE < rows.length,
    });
  }
  // The pages are what the server's schema allows (one checked: they are all alike).
  pullResultSchema.parse(result[0]);
  return result;
}

interface Stores {
  real: LocalStore;
  /** The same migrated schema, opened with better-sqlite3 alone (WAL, as the store opens it). */
  raw: Database.Database;
  close(): void;
}

function openStores(): Stores {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-bench-sync-'));
  const real = openStore(path.join(dir, 'real'), MIGRATIONS);
  const migrated = openStore(path.join(dir, 'raw'), MIGRATIONS);
  migrated.close();
  const raw = new Database(migrated.file);
  raw.pragma('journal_mode = WAL');
  return {
    real,
    raw,
    close() {
      real.close();
      raw.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The baseline: every row's JSON into local_records with one prepared statement in one transaction. */
function rawInsert(
  sqlite: Database.Database,
  accountId: string,
  rows: ApplicationDetail[],
  at: string,
): void {
  const insert = sqlite.prepare(
    `insert or replace into local_records
       (account_id, kind, id, json, server_json, server_version, changed_at)
     values (?, 'application', ?, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    for (const row of rows) {
      const json = JSON.stringify(row);
      insert.run(accountId, row.id, json, json, row.version, at);
    }
  })();
}

function time(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function count(sqlite: Database.Database): number {
  const row = sqlite.prepare('select count(*) as n from local_records').get() as { n: number };
  return row.n;
}

interface Round {
  initial: { real: number; raw: number };
  incremental: { real: number; raw: number };
}

function oneRound(first: boolean): Round {
  const accountId = randomUUID();
  const initialRows = Array.from({ length: INITIAL }, (_, i) => application(i, accountId, 1));
  const initialPages = pages(initialRows, 0);
  // 1,000 of the kept applications changed on the server (spread over the store).
  const changedRows = Array.from({ length: INCREMENTAL }, (_, i) =>
    application(i * (INITIAL / INCREMENTAL), accountId, 2),
  );
  const changedPages = pages(changedRows, INITIAL);
  const at = new Date().toISOString();
  const stores = openStores();
  try {
    const sync = createSyncStore(stores.real.db);
    const pull = (list: PullResult[]) => () => {
      for (const page of list) sync.applyPullPage(accountId, page);
    };
    const raw = (rows: ApplicationDetail[]) => () => rawInsert(stores.raw, accountId, rows, at);
    // Alternate which goes first, so that a warmer cache or a busier moment favours neither.
    const initial = first
      ? { real: time(pull(initialPages)), raw: time(raw(initialRows)) }
      : { raw: time(raw(initialRows)), real: time(pull(initialPages)) };
    const incremental = first
      ? { real: time(pull(changedPages)), raw: time(raw(changedRows)) }
      : { raw: time(raw(changedRows)), real: time(pull(changedPages)) };
    if (sync.counts(accountId).pulled !== INITIAL || count(stores.raw) !== INITIAL) {
      throw new Error(
        `expected ${INITIAL} kept records, found ${sync.counts(accountId).pulled} and ${count(stores.raw)}`,
      );
    }
    const kept = sync.record(accountId, 'application', changedRows[1]!.id);
    if (kept?.serverVersion !== 2) throw new Error('the incremental pull did not store the changed copy');
    return { initial, incremental };
  } finally {
    stores.close();
  }
}

function line(name: string, rows: number, real: number, raw: number): void {
  console.log(
    name.padEnd(44),
    `${real.toFixed(0)} ms`.padStart(10),
    `${raw.toFixed(0)} ms`.padStart(10),
    `${(real / raw).toFixed(2)}×`.padStart(8),
    `${((rows / real) * 1000).toFixed(0)}/s`.padStart(10),
  );
}

export async function run(): Promise<void> {
  const rounds: Round[] = [];
  for (let round = 0; round < ROUNDS; round += 1) rounds.push(oneRound(round % 2 === 0));
  const pick = (get: (r: Round) => number) => median(rounds.map(get));
  console.log(
    `${ROUNDS} rounds (median), pages of ${PULL_PAGE}, SQLite file in WAL mode under ${os.tmpdir()},`,
    `Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  console.log(
    'pull'.padEnd(44),
    'syncStore'.padStart(10),
    'raw'.padStart(10),
    'ratio'.padStart(8),
    'rows'.padStart(10),
  );
  line(
    `(a) first pull, ${INITIAL} applications`,
    INITIAL,
    pick((r) => r.initial.real),
    pick((r) => r.initial.raw),
  );
  line(
    `(b) ${INCREMENTAL} changes onto the ${INITIAL} store`,
    INCREMENTAL,
    pick((r) => r.incremental.real),
    pick((r) => r.incremental.raw),
  );
  console.log(
    'syncStore = applyPullPage page by page (drizzle, one transaction per page); raw = one prepared',
    'INSERT OR REPLACE of the same JSON in one transaction. Ratio = syncStore ÷ raw (goal ≤ 3×).',
  );
  await Promise.resolve();
}
