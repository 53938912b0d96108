import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, PullResult } from '../../../src-shared/schemas/sync';
import {
  accounts,
  applications,
  applicationTransitions,
  notifications,
  orders,
  syncClients,
} from '../../../src-server/db/schema';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { backends, ManualClock, startTestServer, type TestServer } from '../../helpers/apiServer';
import { call, deskSessions, ok, RELAXED_LIMITS } from './api';
import { enterpriseForm, enterpriseScans, ORDER_DETAILS, pngBytes, uploadOk } from './fixtures';
import { softKey, type SoftKey } from './keys';

/** The server side of sync (docs/DESIGN.md "Data and sync"), over real HTTP. */

describe.each(backends())('sync push and pull (%s)', (backend) => {
  let server: TestServer;
  const clock = new ManualClock('2025-03-10T06:00:00Z');
  let operator: string;
  let person: string;
  let staff: string;
  let reviewerOnly: string;
  let personId: string;
  let key: SoftKey;
  let scans: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer({ backend, clock, demo: true, limits: RELAXED_LIMITS });
    ({ operator, person, staff, reviewerOnly } = await deskSessions(server));
    personId = (await ok(server, 'auth.me', {}, person)).id;
    key = await softKey('EC');
    scans = await enterpriseScans(server, operator);
  });
  afterAll(async () => {
    await server?.close();
  });

  function submitArgs(id: string = randomUUID()) {
    return {
      id,
      service: 'cert.new.enterprise',
      values: enterpriseForm(),
      attachments: scans,
      csrPem: key.csrPem,
    };
  }

  function push(token: string, clientId: string, mutations: Mutation[]) {
    return call(server, 'sync.push', { clientId, mutations }, token);
  }

  async function pushOk(token: string, clientId: string, mutations: Mutation[]) {
    const reply = await push(token, clientId, mutations);
    if (reply.status !== 200) throw new Error(`sync.push → ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  async function pullPages(token: string, clientId: string, cursor: number | null, limit: number) {
    const pages: PullResult[] = [];
    for (let next = cursor; ;) {
      const page = await ok(server, 'sync.pull', { clientId, cursor: next, limit }, token);
      pages.push(page);
      next = page.cursor;
      if (!page.hasMore) return pages;
      if (pages.length > 500) throw new Error('pull does not end');
    }
  }

  /** Every change of a page as `kind:id@version` (deletions and rejections included). */
  function changesOf(page: PullResult): string[] {
    const { changes } = page;
    return [
      ...changes.applications.map((a) => `application:${a.id}@${a.version}`),
      ...changes.orders.map((o) => `order:${o.id}@${o.version}`),
      ...changes.boundCertificates.map((b) => `bound:${b.id}@${b.version}`),
      ...changes.issuedCertificates.map((c) => `issued:${c.certificateId}`),
      ...changes.notifications.map((n) => `notification:${n.id}@${n.version}`),
      ...(changes.profile ? [`profile:${changes.profile.id}`] : []),
      ...page.deletions.map((d) => `deleted:${d.id}`),
      ...page.rejections.map((r) => `rejection:${r.mutationId}`),
    ];
  }

  async function applicationCount(id: string) {
    const [row] = await server.db.select({ n: count() }).from(applications).where(eq(applications.id, id));
    const [moves] = await server.db
      .select({ n: count() })
      .from(applicationTransitions)
      .where(eq(applicationTransitions.applicationId, id));
    return { applications: row?.n, moves: moves?.n };
  }

  it('applies a mutation once: a repeat is acknowledged and changes nothing', async () => {
    const clientId = randomUUID();
    const args = submitArgs();
    const first = await pushOk(operator, clientId, [{ mutationId: 1, name: 'application.submit', args }]);
    expect(first).toEqual({
      lastMutationId: 1,
      results: [{ mutationId: 1, status: 'applied' }],
      rejections: [],
    });
    // The answer was lost: the client pushes the same outbox again, and one more.
    const edit = { id: args.id, version: 1, values: enterpriseForm(), attachments: scans };
    const second = await pushOk(operator, clientId, [
      { mutationId: 1, name: 'application.submit', args },
      { mutationId: 2, name: 'application.edit', args: edit },
    ]);
    expect(second.results).toEqual([
      { mutationId: 1, status: 'repeat' },
      { mutationId: 2, status: 'applied' },
    ]);
    const third = await pushOk(operator, clientId, [{ mutationId: 2, name: 'application.edit', args: edit }]);
    expect(third).toEqual({
      lastMutationId: 2,
      results: [{ mutationId: 2, status: 'repeat' }],
      rejections: [],
    });
    expect(await applicationCount(args.id)).toEqual({ applications: 1, moves: 1 });
    const [row] = await server.db.select().from(applications).where(eq(applications.id, args.id));
    expect(row?.version).toBe(2);
  });

  it('refuses a gap with the server lastMutationId; what came before it is applied', async () => {
    const clientId = randomUUID();
    const a = submitArgs();
    const b = submitArgs();
    const reply = await push(operator, clientId, [
      { mutationId: 1, name: 'application.submit', args: a },
      { mutationId: 3, name: 'application.submit', args: b },
    ]);
    expect(reply.status).toBe(409);
    expect(reply.body.code).toBe('MUTATION_OUT_OF_ORDER');
    expect(reply.body.message).toMatch(/已处理到第 1 项.*第 2 项/);
    expect(reply.body.details).toMatchObject({ lastMutationId: 1 });
    expect(await applicationCount(a.id)).toEqual({ applications: 1, moves: 1 });
    expect(await applicationCount(b.id)).toEqual({ applications: 0, moves: 0 });
    const [client] = await server.db.select().from(syncClients).where(eq(syncClients.clientId, clientId));
    expect(client?.lastMutationId).toBe(1);
  });

  it('a business refusal or an unknown name still advances, is answered, and is shown again on pull', async () => {
    const clientId = randomUUID();
    const app = submitArgs();
    const { values: _values, ...noValues } = submitArgs();
    const pushed = await pushOk(operator, clientId, [
      { mutationId: 1, name: 'application.submit', args: app },
      // Stale version: the submit made version 1, the client thought 0.
      {
        mutationId: 2,
        name: 'application.edit',
        args: { id: app.id, version: 0, values: enterpriseForm(), attachments: scans },
      },
      { mutationId: 3, name: 'application.frobnicate', args: {} },
      { mutationId: 4, name: 'application.submit', args: noValues },
      // Wrong role: a reviewer's move taken by the applicant.
      { mutationId: 5, name: 'application.transition', args: { id: app.id, name: 'accept', version: 1 } },
      { mutationId: 6, name: 'application.transition', args: { id: app.id, name: 'withdraw', version: 1 } },
    ]);
    expect(pushed.lastMutationId).toBe(6);
    expect(pushed.results.map((r) => r.status)).toEqual([
      'applied',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'applied',
    ]);
    expect(pushed.rejections.map((r) => [r.mutationId, r.code])).toEqual([
      [2, 'VERSION_CONFLICT'],
      [3, 'VALIDATION'],
      [4, 'VALIDATION'],
      [5, 'FORBIDDEN'],
    ]);
    expect(pushed.rejections[0]?.message).toMatch(/已在别处修改/);
    expect(pushed.rejections[1]?.message).toMatch(/不认识的操作「application.frobnicate」/);
    expect(pushed.rejections[2]?.details).toMatchObject({ fields: [{ field: 'values' }] });
    expect(pushed.rejections[2]?.message).toMatch(/申请表内容/);
    const [row] = await server.db.select().from(applications).where(eq(applications.id, app.id));
    expect({ state: row?.state, version: row?.version }).toEqual({ state: 'withdrawn', version: 2 });

    // A client that lost the answer reads the rejections again, and only once past its cursor.
    const pages = await pullPages(operator, clientId, null, 1000);
    expect(pages.at(-1)?.lastMutationId).toBe(6);
    expect(pages.flatMap((page) => page.rejections)).toEqual(pushed.rejections);
    const again = await ok(
      server,
      'sync.pull',
      { clientId, cursor: pages.at(-1)!.cursor, limit: 10 },
      operator,
    );
    expect(again.rejections).toEqual([]);
    expect(again.lastMutationId).toBe(6);
    // Another client of the same account does not get this one's rejections.
    const other = await pullPages(operator, randomUUID(), null, 1000);
    expect(other.flatMap((page) => page.rejections)).toEqual([]);
  });

  it('a client id belongs to the account that first used it', async () => {
    const clientId = randomUUID();
    await pushOk(operator, clientId, [{ mutationId: 1, name: 'application.submit', args: submitArgs() }]);
    const stolen = submitArgs();
    const pushed = await push(person, clientId, [
      { mutationId: 2, name: 'application.submit', args: stolen },
    ]);
    expect({ status: pushed.status, code: pushed.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(pushed.body.message).toMatch(/客户端编号已被其他账号使用/);
    expect(await applicationCount(stolen.id)).toEqual({ applications: 0, moves: 0 });
    const pulled = await call(server, 'sync.pull', { clientId, cursor: null, limit: 10 }, person);
    expect({ status: pulled.status, code: pulled.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it("a client-made id of another account's record is refused, not taken over", async () => {
    const theirs = submitArgs();
    await ok(server, 'applications.submit', theirs, operator);
    const pushed = await pushOk(person, randomUUID(), [
      { mutationId: 1, name: 'application.submit', args: { ...theirs, service: 'cert.new.person' } },
      {
        mutationId: 2,
        name: 'application.edit',
        args: { id: theirs.id, version: 1, values: {}, attachments: {} },
      },
    ]);
    expect(pushed.rejections.map((r) => [r.code, r.message])).toEqual([
      ['VALIDATION', expect.stringMatching(/申请单编号已被使用/)],
      ['NOT_FOUND', expect.stringMatching(/申请单不存在/)],
    ]);
    const [row] = await server.db.select().from(applications).where(eq(applications.id, theirs.id));
    expect({ applicant: row?.applicantId === personId, version: row?.version }).toEqual({
      applicant: false,
      version: 1,
    });
  });

  it('pull pages cover every change exactly once and the cursor resumes; old-route writes appear', async () => {
    const clientId = randomUUID();
    const made = Array.from({ length: 5 }, () => submitArgs());
    await pushOk(
      operator,
      clientId,
      made.map((args, index) => ({ mutationId: index + 1, name: 'application.submit', args })),
    );
    const orderId = randomUUID();
    await pushOk(operator, clientId, [
      {
        mutationId: 6,
        name: 'order.create',
        args: { id: orderId, applicationIds: [made[0]!.id], paymentMethod: 'transfer', ...ORDER_DETAILS },
      },
    ]);

    const whole = await pullPages(operator, clientId, null, 1000);
    expect(whole).toHaveLength(1);
    const all = changesOf(whole[0]!);
    expect(all).toEqual(
      expect.arrayContaining(made.map((args) => expect.stringMatching(`^application:${args.id}@`))),
    );
    expect(all).toContain(`order:${orderId}@1`);
    expect(all.some((change) => change.startsWith('profile:'))).toBe(true);
    expect(whole[0]!.changes.applications.find((a) => a.id === made[0]!.id)).toMatchObject({
      orderId,
      timeline: [expect.objectContaining({ transition: 'submit' })],
    });

    const paged = await pullPages(operator, clientId, null, 3);
    expect(paged.length).toBeGreaterThan(2);
    for (const page of paged) expect(changesOf(page).length).toBeLessThanOrEqual(3);
    const flat = paged.flatMap(changesOf);
    expect(new Set(flat).size).toBe(flat.length);
    expect([...flat].sort()).toEqual([...all].sort());
    expect(paged.at(-1)!.cursor).toBe(whole[0]!.cursor);

    // Nothing new: an empty page that keeps the cursor. Then a write by the old route, and only it.
    const cursor = whole[0]!.cursor;
    const quiet = await ok(server, 'sync.pull', { clientId, cursor, limit: 10 }, operator);
    expect({ changes: changesOf(quiet), cursor: quiet.cursor, hasMore: quiet.hasMore }).toEqual({
      changes: [],
      cursor,
      hasMore: false,
    });
    await ok(
      server,
      'applications.edit',
      { id: made[1]!.id, version: 1, values: enterpriseForm(), attachments: scans },
      operator,
    );
    const next = await ok(server, 'sync.pull', { clientId, cursor, limit: 10 }, operator);
    expect(changesOf(next)).toEqual([`application:${made[1]!.id}@2`]);
    expect(next.cursor).toBeGreaterThan(cursor);
  });

  it("a move of an order brings its applications again, with the order's new state", async () => {
    const clientId = randomUUID();
    const app = submitArgs();
    const orderId = randomUUID();
    await pushOk(operator, clientId, [
      { mutationId: 1, name: 'application.submit', args: app },
      {
        mutationId: 2,
        name: 'order.create',
        args: { id: orderId, applicationIds: [app.id], paymentMethod: 'transfer', ...ORDER_DETAILS },
      },
    ]);
    const before = await pullPages(operator, clientId, null, 1000);
    const cursor = before.at(-1)!.cursor;
    const slip = await uploadOk(server, operator, { attachment: 'remittanceSlip' }, pngBytes());
    await pushOk(operator, clientId, [
      { mutationId: 3, name: 'order.attachSlip', args: { id: orderId, version: 1, uploadId: slip.id } },
    ]);
    const after = await ok(server, 'sync.pull', { clientId, cursor, limit: 100 }, operator);
    expect(after.changes.orders.map((o) => [o.id, o.state])).toEqual([[orderId, 'slip_submitted']]);
    expect(after.changes.applications.map((a) => [a.id, a.orderState, a.version])).toEqual([
      [app.id, 'slip_submitted', 2],
    ]);
  });

  it("a change of the applicant's name brings their applications again", async () => {
    const clientId = randomUUID();
    const app = submitArgs();
    await pushOk(operator, clientId, [{ mutationId: 1, name: 'application.submit', args: app }]);
    const desk = randomUUID();
    const before = await pullPages(staff, desk, null, 1000);
    const cursor = before.at(-1)!.cursor;
    const profile = await ok(server, 'profile.get', {}, operator);
    await pushOk(operator, clientId, [
      { mutationId: 2, name: 'profile.update', args: { version: profile.version, name: '王五' } },
    ]);
    const after = await pullPages(staff, desk, cursor, 1000);
    const seen = after.flatMap((page) => page.changes.applications).find((a) => a.id === app.id);
    expect({ name: seen?.applicantName, version: seen?.version }).toEqual({ name: '王五', version: 1 });
    await ok(
      server,
      'profile.update',
      { version: profile.version + 1, name: profile.name ?? undefined },
      operator,
    );
  });

  it.runIf(backend === 'postgres')(
    'a change still in flight when a later one commits is not skipped by the cursor',
    async () => {
      const clientId = randomUUID();
      const start = (await pullPages(person, clientId, null, 1000)).at(-1)!.cursor;
      const other = new pg.Client({ connectionString: server.databaseUrl! });
      await other.connect();
      try {
        // A transaction draws its change number first and commits last.
        await other.query('begin');
        const inserted = await other.query<{ id: string }>(
          `insert into notifications (account_id, kind, title, body, created_at, updated_at)
           values ($1, 'expiry7', '证书即将到期', '7 天后到期', now(), now()) returning id`,
          [personId],
        );
        const me = await ok(server, 'profile.get', {}, person);
        await ok(server, 'profile.update', { version: me.version, postalCode: '350002' }, person);
        const pulling = pullPages(person, clientId, start, 1000);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await other.query('commit');
        const pages = await pulling;
        const seen = pages.flatMap(changesOf);
        expect(seen).toEqual(
          expect.arrayContaining([
            expect.stringMatching(`^notification:${inserted.rows[0]!.id}@`),
            `profile:${personId}`,
          ]),
        );
      } finally {
        await other.end();
      }
    },
  );

  it('a deletion by the applicant reaches a later pull as a tombstone', async () => {
    const clientId = randomUUID();
    const app = submitArgs();
    await pushOk(operator, clientId, [
      { mutationId: 1, name: 'application.submit', args: app },
      { mutationId: 2, name: 'application.transition', args: { id: app.id, name: 'withdraw', version: 1 } },
    ]);
    const before = await pullPages(operator, clientId, null, 1000);
    const cursor = before.at(-1)!.cursor;
    await pushOk(operator, clientId, [
      { mutationId: 3, name: 'application.delete', args: { id: app.id, version: 2 } },
    ]);
    const after = await ok(server, 'sync.pull', { clientId, cursor, limit: 100 }, operator);
    expect(after.deletions).toEqual([{ kind: 'application', id: app.id }]);
    expect(after.changes.applications).toEqual([]);
    // A first pull does not carry tombstones.
    const fresh = await pullPages(operator, randomUUID(), null, 1000);
    expect(fresh.flatMap((page) => page.deletions)).toEqual([]);
    expect(fresh.flatMap((page) => page.changes.applications).some((a) => a.id === app.id)).toBe(false);
  });

  it("another account's applications and orders never appear in its pull", async () => {
    const app = submitArgs();
    await ok(server, 'applications.submit', app, operator);
    const order = await ok(
      server,
      'orders.create',
      { applicationIds: [app.id], paymentMethod: 'transfer', ...ORDER_DETAILS },
      operator,
    );
    const pages = await pullPages(person, randomUUID(), null, 1000);
    const apps = pages.flatMap((page) => page.changes.applications);
    expect(apps.every((a) => a.applicantId === personId)).toBe(true);
    expect(apps.some((a) => a.id === app.id)).toBe(false);
    const personOrders = pages.flatMap((page) => page.changes.orders);
    expect(personOrders.every((o) => o.ownerId === personId)).toBe(true);
    expect(personOrders.some((o) => o.id === order.id)).toBe(false);
    expect(pages.flatMap((page) => page.changes.profile ?? []).map((p) => p.id)).toEqual([personId]);
  });

  it('staff see the queues of their roles and decide through push', async () => {
    const app = submitArgs();
    await ok(server, 'applications.submit', app, operator);
    const order = await ok(
      server,
      'orders.create',
      { applicationIds: [app.id], paymentMethod: 'transfer', ...ORDER_DETAILS },
      operator,
    );
    // Reviewer, finance and issuer: every application, and (as finance) every order.
    const desk = await pullPages(staff, randomUUID(), null, 1000);
    expect(desk.flatMap((page) => page.changes.applications).some((a) => a.id === app.id)).toBe(true);
    expect(desk.flatMap((page) => page.changes.orders).some((o) => o.id === order.id)).toBe(true);
    // A reviewer only: the applications, not the finance queue.
    const review = await pullPages(reviewerOnly, randomUUID(), null, 1000);
    expect(review.flatMap((page) => page.changes.applications).some((a) => a.id === app.id)).toBe(true);
    expect(review.flatMap((page) => page.changes.orders)).toEqual([]);

    const clientId = randomUUID();
    const cursor = desk.at(-1)!.cursor;
    const [current] = await server.db.select().from(applications).where(eq(applications.id, app.id));
    const decided = await pushOk(staff, clientId, [
      {
        mutationId: 1,
        name: 'application.transition',
        args: { id: app.id, name: 'accept', version: current!.version },
      },
      // Issuing a certificate needs the server: refused offline, whatever the role.
      {
        mutationId: 2,
        name: 'application.transition',
        args: { id: app.id, name: 'issue', version: current!.version + 1 },
      },
    ]);
    expect(decided.results.map((r) => r.status)).toEqual(['applied', 'rejected']);
    expect(decided.rejections[0]).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/签发证书需要连接服务器/),
    });
    const after = await ok(server, 'sync.pull', { clientId, cursor, limit: 100 }, staff);
    expect(after.changes.applications.find((a) => a.id === app.id)).toMatchObject({
      state: 'accepted',
      timeline: [
        expect.objectContaining({ transition: 'submit' }),
        expect.objectContaining({
          transition: 'accept',
          actor: expect.objectContaining({ role: 'reviewer' }),
        }),
      ],
    });
    expect(after.rejections.map((r) => r.mutationId)).toEqual([2]);

    // The applicant may not take a reviewer's decision (role checked by the same service).
    const [accepted] = await server.db.select().from(applications).where(eq(applications.id, app.id));
    const refused = await pushOk(operator, randomUUID(), [
      {
        mutationId: 1,
        name: 'application.transition',
        args: { id: app.id, name: 'reject', version: accepted!.version, feedback: '材料不全' },
      },
      {
        mutationId: 2,
        name: 'order.returnSlip',
        args: { id: order.id, version: order.version, feedback: '看不清' },
      },
    ]);
    expect(refused.rejections.map((r) => r.code)).toEqual(['TRANSITION_NOT_ALLOWED', 'FORBIDDEN']);
  });

  it('profile and notification read state go through push and come back on pull', async () => {
    const clientId = randomUUID();
    const me = await ok(server, 'profile.get', {}, person);
    const [note] = await server.db
      .insert(notifications)
      .values({
        accountId: personId,
        kind: 'expiry30',
        title: '证书即将到期',
        body: '您的证书将于 30 天后到期',
        createdAt: clock.now(),
        updatedAt: clock.now(),
      })
      .returning();
    const [theirs] = await server.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.phone, DEMO_ACCOUNTS.operator.phone));
    const [theirNote] = await server.db
      .insert(notifications)
      .values({
        accountId: theirs!.id,
        kind: 'expiry7',
        title: '证书即将到期',
        body: '您的证书将于 7 天后到期',
        createdAt: clock.now(),
        updatedAt: clock.now(),
      })
      .returning();
    const before = await pullPages(person, clientId, null, 1000);
    const pulledNotes = before.flatMap((page) => page.changes.notifications);
    expect(pulledNotes.find((n) => n.id === note!.id)?.readAt).toBeNull();
    expect(pulledNotes.some((n) => n.id === theirNote!.id)).toBe(false);
    const cursor = before.at(-1)!.cursor;
    const pushed = await pushOk(person, clientId, [
      {
        mutationId: 1,
        name: 'profile.update',
        args: { version: me.version, address: '福州市鼓楼区同步路 1 号' },
      },
      { mutationId: 2, name: 'notification.markRead', args: { id: note!.id } },
      { mutationId: 3, name: 'notification.markRead', args: { id: theirNote!.id } },
      // A second edit from the version the first one made: each mutation sees the account anew.
      { mutationId: 4, name: 'profile.update', args: { version: me.version + 1, postalCode: '350001' } },
    ]);
    expect(pushed.rejections.map((r) => [r.mutationId, r.code])).toEqual([[3, 'NOT_FOUND']]);
    const after = await ok(server, 'sync.pull', { clientId, cursor, limit: 100 }, person);
    expect(after.changes.profile).toMatchObject({ address: '福州市鼓楼区同步路 1 号', postalCode: '350001' });
    expect(after.changes.notifications.map((n) => [n.id, n.readAt])).toEqual([
      [note!.id, clock.now().toISOString()],
    ]);
    const [unread] = await server.db.select().from(notifications).where(eq(notifications.id, theirNote!.id));
    expect(unread?.readAt).toBeNull();
    const listed = await ok(server, 'notifications.list', {}, person);
    expect(listed.items.find((n) => n.id === note!.id)?.readAt).toBe(clock.now().toISOString());
  });

  it('an order made by push appears for its owner with its client-made id', async () => {
    const clientId = randomUUID();
    const app = submitArgs();
    const orderId = randomUUID();
    const pushed = await pushOk(operator, clientId, [
      { mutationId: 1, name: 'application.submit', args: app },
      {
        mutationId: 2,
        name: 'order.create',
        args: { id: orderId, applicationIds: [app.id], paymentMethod: 'transfer', ...ORDER_DETAILS },
      },
    ]);
    expect(pushed.rejections).toEqual([]);
    const [row] = await server.db.select().from(orders).where(eq(orders.id, orderId));
    expect(row?.ownerId).toBe((await ok(server, 'auth.me', {}, operator)).id);
    // Reusing the order's id from another account is refused.
    const stolen = await pushOk(person, randomUUID(), [
      {
        mutationId: 1,
        name: 'order.create',
        args: { id: orderId, applicationIds: [randomUUID()], paymentMethod: 'transfer', ...ORDER_DETAILS },
      },
    ]);
    expect(stolen.rejections.map((r) => r.message)).toEqual([expect.stringMatching(/订单编号已被使用/)]);
  });
});
