import { and, asc, eq, gt, isNull, lte, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PullInput, PullResult } from '../../src-shared/schemas/sync';
import type { Database } from '../db/database';
import { inTurn } from '../db/inTurn';
import {
  accounts,
  applications,
  boundCertificates,
  issuedCertificates,
  notifications,
  orders,
  syncRejections,
  type AccountRow,
  type ApplicationRow,
  type BoundCertificateRow,
  type IssuedCertificateRow,
  type NotificationRow,
  type OrderRow,
  type SyncRejectionRow,
} from '../db/schema';
import { hasRole, isStaff } from './access';
import { toProfile } from './accountQueries';
import { toApplicationCertificate } from './applicationMoves';
import { toApplicationDetails } from './applicationViews';
import { toBoundCertificate } from './certificateBinding';
import type { ServiceContext } from './context';
import { toNotification } from './notifications';
import { toOrders } from './orders';
import { settledChangeSeq } from './syncHorizon';
import { lastMutationIdOf } from './syncPush';

/**
 * Pull of docs/DESIGN.md "Data and sync": every kind of record the account may see (the rules of the
 * read routes and access.ts), changed after the cursor, merged by the one change sequence and cut
 * after `limit` changes. Sequence numbers are unique across tables, so a cut never splits one number.
 */

type Change =
  | { kind: 'application'; seq: number; row: ApplicationRow }
  | { kind: 'order'; seq: number; row: OrderRow }
  | { kind: 'bound'; seq: number; row: { bound: BoundCertificateRow; issued: IssuedCertificateRow } }
  | { kind: 'issued'; seq: number; row: { issued: IssuedCertificateRow; applicationId: string } }
  | { kind: 'notification'; seq: number; row: NotificationRow }
  | { kind: 'profile'; seq: number; row: AccountRow }
  | { kind: 'rejection'; seq: number; row: SyncRejectionRow };

/** Applications the account may see: its own, or every applicant's for staff (the queues). */
function visibleApplications(account: AccountRow): SQL | undefined {
  return isStaff(account) ? undefined : eq(applications.applicantId, account.id);
}

/** Each kind's first `take` changes after the cursor, in sequence order. */
async function candidates(
  db: Database,
  account: AccountRow,
  clientId: string,
  range: { after: number; upTo: number },
  firstPull: boolean,
  take: number,
): Promise<Change[]> {
  const changed = (column: AnyColumn) => and(gt(column, range.after), lte(column, range.upTo));
  const orderFilter = hasRole(account, 'finance') ? undefined : eq(orders.ownerId, account.id);
  const [apps, ords, bound, issued, notes, profile, refused] = await inTurn(
    () =>
      db
        .select()
        .from(applications)
        .where(
          and(
            changed(applications.changeSeq),
            visibleApplications(account),
            // A first pull needs no tombstones.
            firstPull ? isNull(applications.deletedAt) : undefined,
          ),
        )
        .orderBy(asc(applications.changeSeq))
        .limit(take),
    () =>
      db
        .select()
        .from(orders)
        .where(and(changed(orders.changeSeq), orderFilter))
        .orderBy(asc(orders.changeSeq))
        .limit(take),
    () =>
      db
        .select({ bound: boundCertificates, issued: issuedCertificates })
        .from(boundCertificates)
        .innerJoin(issuedCertificates, eq(issuedCertificates.id, boundCertificates.certificateId))
        .where(and(changed(boundCertificates.changeSeq), eq(boundCertificates.accountId, account.id)))
        .orderBy(asc(boundCertificates.changeSeq))
        .limit(take),
    () =>
      db
        .select({ issued: issuedCertificates, applicationId: applications.id })
        .from(issuedCertificates)
        .innerJoin(applications, eq(applications.certificateId, issuedCertificates.id))
        .where(
          and(
            changed(issuedCertificates.changeSeq),
            visibleApplications(account),
            isNull(applications.deletedAt),
          ),
        )
        .orderBy(asc(issuedCertificates.changeSeq))
        .limit(take),
    () =>
      db
        .select()
        .from(notifications)
        .where(and(changed(notifications.changeSeq), eq(notifications.accountId, account.id)))
        .orderBy(asc(notifications.changeSeq))
        .limit(take),
    () =>
      db
        .select()
        .from(accounts)
        .where(and(changed(accounts.changeSeq), eq(accounts.id, account.id))),
    () =>
      db
        .select()
        .from(syncRejections)
        .where(and(changed(syncRejections.changeSeq), eq(syncRejections.clientId, clientId)))
        .orderBy(asc(syncRejections.changeSeq))
        .limit(take),
  );
  return [
    ...apps.map((row) => ({ kind: 'application' as const, seq: row.changeSeq, row })),
    ...ords.map((row) => ({ kind: 'order' as const, seq: row.changeSeq, row })),
    ...bound.map((row) => ({ kind: 'bound' as const, seq: row.bound.changeSeq, row })),
    ...issued.map((row) => ({ kind: 'issued' as const, seq: row.issued.changeSeq, row })),
    ...notes.map((row) => ({ kind: 'notification' as const, seq: row.changeSeq, row })),
    ...profile.map((row) => ({ kind: 'profile' as const, seq: row.changeSeq, row })),
    ...refused.map((row) => ({ kind: 'rejection' as const, seq: row.changeSeq, row })),
  ];
}

type RowOf<K extends Change['kind']> = Extract<Change, { kind: K }>['row'];

function rowsOf<K extends Change['kind']>(changes: Change[], kind: K): RowOf<K>[] {
  const rows: RowOf<K>[] = [];
  for (const change of changes) if (change.kind === kind) rows.push(change.row as RowOf<K>);
  return rows;
}

export async function pullChanges(
  ctx: ServiceContext,
  account: AccountRow,
  input: PullInput,
): Promise<PullResult> {
  const upTo = await settledChangeSeq(ctx.db);
  // One snapshot for the page: the lists and their views agree with each other.
  return ctx.db.transaction(
    async (db) => {
      const lastMutationId = await lastMutationIdOf(db, account.id, input.clientId);
      const after = input.cursor ?? 0;
      // One more than the page of each kind: whoever is left over says there is more.
      const all = (
        await candidates(db, account, input.clientId, { after, upTo }, input.cursor === null, input.limit + 1)
      ).sort((a, b) => a.seq - b.seq);
      const page = all.slice(0, input.limit);
      const applicationRows = rowsOf(page, 'application');
      const [applicationViews, orderViews] = await inTurn(
        () =>
          toApplicationDetails(
            db,
            applicationRows.filter((row) => row.deletedAt === null),
          ),
        () => toOrders(db, rowsOf(page, 'order')),
      );
      const profileRow = rowsOf(page, 'profile')[0];
      return {
        changes: {
          applications: applicationViews,
          orders: orderViews,
          boundCertificates: rowsOf(page, 'bound').map(({ bound, issued }) =>
            toBoundCertificate(ctx, bound, issued),
          ),
          issuedCertificates: rowsOf(page, 'issued').map(({ issued, applicationId }) => ({
            ...toApplicationCertificate(issued),
            applicationId,
            status: issued.status,
          })),
          notifications: rowsOf(page, 'notification').map(toNotification),
          profile: profileRow ? await toProfile(db, profileRow) : null,
        },
        deletions: applicationRows
          .filter((row) => row.deletedAt !== null)
          .map((row) => ({ kind: 'application' as const, id: row.id })),
        lastMutationId,
        rejections: rowsOf(page, 'rejection').map((row) => ({
          mutationId: row.mutationId,
          name: row.name,
          code: row.code,
          message: row.message,
          details: row.details,
        })),
        cursor: page.at(-1)?.seq ?? after,
        hasMore: all.length > input.limit,
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
