import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remittanceNote } from '../../../src-shared/print/centre';
import { RECORD_NUMBER_PATTERN } from '../../../src-shared/recordNumbers';
import { applications, orders, recordNumberDays } from '../../../src-server/db/schema';
import { startServer } from '../../../src-server/server';
import { backends, ManualClock, startTestServer, type TestServer } from '../../helpers/apiServer';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { call, login, ok, RELAXED_LIMITS } from './api';
import { enterpriseForm, enterpriseScans, ORDER_DETAILS } from './fixtures';
import { softKey, type SoftKey } from './keys';

/** 申请单号 and 订单号: allocated by the server per Beijing day, online and through the sync push. */

const countOf = (number: string) => Number(number.split('-')[1]);

describe.each(backends())('record numbers (%s)', (backend) => {
  let server: TestServer;
  // 2026-12-02 09:00 in Beijing.
  const clock = new ManualClock('2026-12-02T01:00:00Z');
  let operator: string;
  let staff: string;
  let key: SoftKey;
  let scans: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer({ backend, clock, demo: true, limits: RELAXED_LIMITS });
    key = await softKey('EC');
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Moves the clock to `at` and signs in afresh there, with new scans (sessions and uploads age). */
  async function dayAt(at: string): Promise<void> {
    clock.set(at);
    operator = (await login(server, DEMO_ACCOUNTS.operator.phone, DEMO_ACCOUNTS.operator.password)).token;
    staff = (await login(server, DEMO_ACCOUNTS.staff.phone, DEMO_ACCOUNTS.staff.password)).token;
    scans = await enterpriseScans(server, operator);
  }

  function submitArgs(id: string = randomUUID()) {
    return {
      id,
      service: 'cert.new.enterprise',
      values: enterpriseForm(),
      attachments: scans,
      csrPem: key.csrPem,
    };
  }

  const submit = (target: Pick<TestServer, 'url'> = server) =>
    ok(target, 'applications.submit', submitArgs(), operator);
  const order = (applicationIds: string[], id: string = randomUUID()) =>
    ok(
      server,
      'orders.create',
      { id, applicationIds, paymentMethod: 'transfer', ...ORDER_DETAILS },
      operator,
    );

  it('numbers applications SQ<day>-0001 on, and orders DD<day>-0001 on, the Beijing day of creation', async () => {
    await dayAt('2026-12-02T01:00:00Z');
    const first = await submit();
    const second = await submit();
    expect(first.number).toBe('SQ20261202-0001');
    expect(second.number).toBe('SQ20261202-0002');
    const placed = await order([first.id]);
    expect(placed.number).toBe('DD20261202-0001');
    expect((await order([second.id])).number).toBe('DD20261202-0002');

    // Read back the same everywhere: detail, lists, the order's applications.
    expect((await ok(server, 'applications.get', { id: first.id }, operator)).number).toBe(first.number);
    const mine = await ok(server, 'applications.listMine', {}, operator);
    expect(mine.items.find((item) => item.id === first.id)).toMatchObject({
      number: first.number,
      orderNumber: placed.number,
    });
    expect((await ok(server, 'orders.get', { id: placed.id }, operator)).number).toBe(placed.number);
    const listed = await ok(server, 'orders.listMine', {}, operator);
    expect(listed.items.find((item) => item.id === placed.id)?.number).toBe(placed.number);
    for (const number of [first.number, second.number, placed.number]) {
      expect(number).toMatch(RECORD_NUMBER_PATTERN);
    }
  });

  it('starts again at 0001 at midnight in Beijing (16:00 UTC), not at midnight UTC', async () => {
    await dayAt('2026-12-03T15:59:59Z');
    const late = await submit();
    await dayAt('2026-12-03T16:00:00Z');
    const next = await submit();
    const after = await submit();
    expect(late.number).toBe('SQ20261203-0001');
    expect(next.number).toBe('SQ20261204-0001');
    expect(after.number).toBe('SQ20261204-0002');
  });

  it('gives 100 parallel submits 100 distinct numbers of one day, with no gap', async () => {
    await dayAt('2026-12-05T02:00:00Z');
    const submitted = await Promise.all(Array.from({ length: 100 }, () => submit()));
    const numbers = submitted.map((application) => application.number ?? '');
    expect(new Set(numbers).size).toBe(100);
    expect(numbers.every((number) => number.startsWith('SQ20261205-'))).toBe(true);
    expect(numbers.map(countOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));

    // Orders over them, 20 at once, likewise.
    const placed = await Promise.all(submitted.slice(0, 20).map((application) => order([application.id])));
    expect(placed.map((item) => countOf(item.number ?? '')).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('draws no number for a create refused before its insert; a repeat answers with the first one', async () => {
    await dayAt('2026-12-06T02:00:00Z');
    // The same submission three times at once: one application, one number.
    const args = submitArgs();
    const same = await Promise.all([1, 2, 3].map(() => ok(server, 'applications.submit', args, operator)));
    expect(new Set(same.map((item) => `${item.id} ${item.number}`)).size).toBe(1);
    expect(same[0]?.id).toBe(args.id);
    expect(same[0]?.number).toMatch(/^SQ20261206-\d{4}$/);
    // A repeat told by a unique index may have drawn a number it does not use (the sequence gives
    // none back); a refusal of the form draws none.
    const before = await submit();
    const refused = await call(
      server,
      'applications.submit',
      { ...submitArgs(), values: { ...enterpriseForm(), enterpriseName: '' } },
      operator,
    );
    expect(refused.status).toBe(400);
    const after = await submit();
    expect(countOf(after.number ?? '')).toBe(countOf(before.number ?? '') + 1);
    // Five orders over one application at once: one is placed, the others refused.
    const tries = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        call(
          server,
          'orders.create',
          { id: randomUUID(), applicationIds: [args.id], paymentMethod: 'transfer', ...ORDER_DETAILS },
          operator,
        ),
      ),
    );
    expect(tries.map((reply) => reply.status).sort()).toEqual([200, 400, 400, 400, 400]);
    const placed = tries.find((reply) => reply.status === 200)?.body as { number: string };
    expect(placed.number).toMatch(/^DD20261206-\d{4}$/);
    expect(countOf((await order([after.id])).number ?? '')).toBeGreaterThan(countOf(placed.number));
  });

  it('numbers the records a sync push creates, and answers a repeated push with the same numbers', async () => {
    await dayAt('2026-12-07T03:00:00Z');
    const clientId = randomUUID();
    const app = submitArgs();
    const orderId = randomUUID();
    const mutations = [
      { mutationId: 1, name: 'application.submit', args: app },
      {
        mutationId: 2,
        name: 'order.create',
        args: { id: orderId, applicationIds: [app.id], paymentMethod: 'transfer', ...ORDER_DETAILS },
      },
    ];
    await ok(server, 'sync.push', { clientId, mutations }, operator);
    await ok(server, 'sync.push', { clientId, mutations }, operator);
    const pulled = await ok(server, 'sync.pull', { clientId, cursor: null, limit: 1000 }, operator);
    expect(pulled.changes.applications.find((item) => item.id === app.id)?.number).toBe('SQ20261207-0001');
    expect(pulled.changes.orders.find((item) => item.id === orderId)?.number).toBe('DD20261207-0001');
    const [row] = await server.db.select().from(orders).where(eq(orders.id, orderId));
    expect(row?.number).toBe('DD20261207-0001');
    const days = await server.db.select().from(recordNumberDays).where(eq(recordNumberDays.day, '20261207'));
    expect(days.map((day) => day.kind).sort()).toEqual(['DD', 'SQ']);
  });

  it('makes the 汇款备注 the 订单号, never the order id', async () => {
    const placed = await order([(await submit()).id]);
    expect(remittanceNote(placed)).toBe(placed.number);
    expect(remittanceNote(placed)).not.toContain(placed.id);
    expect(remittanceNote({ number: null })).toBe('待分配');
    expect(remittanceNote({})).toBe('待分配');
  });

  it('finds applications in the staff queue by 申请单号 and by 订单号', async () => {
    await dayAt('2026-12-08T03:00:00Z');
    const [a, b] = [await submit(), await submit()];
    const placed = await order([b.id]);
    const byNumber = await ok(server, 'staff.applications', { search: a.number }, staff);
    expect(byNumber.items.map((item) => item.id)).toEqual([a.id]);
    const byPart = await ok(server, 'staff.applications', { search: 'SQ20261208-' }, staff);
    expect(byPart.items.map((item) => item.id).sort()).toEqual([a.id, b.id].sort());
    const byOrder = await ok(server, 'staff.applications', { search: placed.number }, staff);
    expect(byOrder.items.map((item) => [item.id, item.orderNumber])).toEqual([[b.id, placed.number]]);
  });

  it.runIf(backend === 'postgres')(
    'keeps numbers distinct across two server instances on one database',
    async () => {
      await dayAt('2026-12-09T03:00:00Z');
      const second = await startServer({
        port: 0,
        database: { kind: 'postgres', url: server.databaseUrl! },
        dev: true,
        logLevel: 'silent',
        clock,
        limits: RELAXED_LIMITS,
      });
      try {
        const submitted = await Promise.all(
          Array.from({ length: 60 }, (_, i) => submit(i % 2 === 0 ? server : second)),
        );
        const numbers = submitted.map((application) => application.number ?? '');
        expect(new Set(numbers).size).toBe(60);
        expect(numbers.map(countOf).sort((x, y) => x - y)).toEqual(
          Array.from({ length: 60 }, (_, i) => i + 1),
        );
        const rows = await server.db
          .select({ number: applications.number })
          .from(applications)
          .where(eq(applications.id, submitted[1]!.id));
        expect(rows[0]?.number).toBe(numbers[1]);
      } finally {
        await second.close();
      }
    },
  );
});
