import { asc, eq, inArray } from 'drizzle-orm';
import { feeOf, serviceCatalogue, stateLabel, type TransitionRecord } from '../../src-shared/catalogue';
import type { Application, ApplicationDetail } from '../../src-shared/schemas/application';
import type { OrderState } from '../../src-shared/schemas/order';
import type { Database } from '../db/database';
import { inTurn } from '../db/inTurn';
import { accounts, applicationTransitions, orders, type ApplicationRow } from '../db/schema';

/** Application rows as the API shows them. */

export function toApplication(
  row: ApplicationRow,
  applicantName: string | null,
  order: { state: OrderState; number: string } | null,
): Application {
  const service = serviceCatalogue[row.serviceCode];
  return {
    id: row.id,
    number: row.number,
    service: row.serviceCode,
    serviceName: service.name,
    state: row.state,
    stateLabel: stateLabel(service, row.state),
    applicantId: row.applicantId,
    applicantName,
    enterpriseCreditCode: row.enterpriseCreditCode,
    values: row.values,
    attachments: row.attachments,
    hasCsr: row.csrPem !== null,
    blankKey: row.blankKey,
    feeFen: feeOf(row.serviceCode).fen,
    orderId: row.orderId,
    orderNumber: order?.number ?? null,
    orderState: order?.state ?? null,
    certificateId: row.certificateId,
    trackingNumber: row.trackingNumber,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function applicantNames(
  db: Database,
  rows: readonly ApplicationRow[],
): Promise<Map<string, string | null>> {
  const ids = [...new Set(rows.map((row) => row.applicantId))];
  if (ids.length === 0) return new Map();
  const found = await db
    .select({ id: accounts.id, name: accounts.name, phone: accounts.phone })
    .from(accounts)
    .where(inArray(accounts.id, ids));
  return new Map(found.map((account) => [account.id, account.name ?? account.phone]));
}

async function orderStates(
  db: Database,
  rows: readonly ApplicationRow[],
): Promise<Map<string, { state: OrderState; number: string }>> {
  const ids = [...new Set(rows.flatMap((row) => (row.orderId ? [row.orderId] : [])))];
  if (ids.length === 0) return new Map();
  const found = await db
    .select({ id: orders.id, state: orders.state, number: orders.number })
    .from(orders)
    .where(inArray(orders.id, ids));
  return new Map(found.map((order) => [order.id, { state: order.state, number: order.number }]));
}

export async function toApplications(db: Database, rows: readonly ApplicationRow[]): Promise<Application[]> {
  const [names, states] = await inTurn(
    () => applicantNames(db, rows),
    () => orderStates(db, rows),
  );
  return rows.map((row) =>
    toApplication(
      row,
      names.get(row.applicantId) ?? null,
      row.orderId ? (states.get(row.orderId) ?? null) : null,
    ),
  );
}

type TransitionRow = typeof applicationTransitions.$inferSelect;

export function toTransitionRecord(row: TransitionRow): TransitionRecord {
  return {
    transition: row.transition,
    label: row.label,
    from: row.fromState,
    to: row.toState,
    actor: { role: row.actorRole as TransitionRecord['actor']['role'], name: row.actorName },
    at: row.at.toISOString(),
    feedback: row.feedback,
    trackingNumber: row.trackingNumber,
  };
}

export async function timelineOf(db: Database, applicationId: string): Promise<TransitionRecord[]> {
  const rows = await db
    .select()
    .from(applicationTransitions)
    .where(eq(applicationTransitions.applicationId, applicationId))
    .orderBy(asc(applicationTransitions.seq));
  return rows.map(toTransitionRecord);
}

/** Many applications with their timelines, in a fixed number of queries (a page of a sync pull). */
export async function toApplicationDetails(
  db: Database,
  rows: readonly ApplicationRow[],
): Promise<ApplicationDetail[]> {
  if (rows.length === 0) return [];
  const [items, moves] = await inTurn(
    () => toApplications(db, rows),
    () =>
      db
        .select()
        .from(applicationTransitions)
        .where(
          inArray(
            applicationTransitions.applicationId,
            rows.map((row) => row.id),
          ),
        )
        .orderBy(asc(applicationTransitions.seq)),
  );
  const timelines = new Map<string, TransitionRecord[]>();
  for (const move of moves) {
    timelines.set(move.applicationId, [
      ...(timelines.get(move.applicationId) ?? []),
      toTransitionRecord(move),
    ]);
  }
  return items.map((item) => ({ ...item, timeline: timelines.get(item.id) ?? [] }));
}

export async function toApplicationDetail(db: Database, row: ApplicationRow): Promise<ApplicationDetail> {
  const [application] = await toApplications(db, [row]);
  return { ...application!, timeline: await timelineOf(db, row.id) };
}
