import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import {
  actorName,
  applyEdit,
  applyTransition,
  deleteRefusal,
  serviceCatalogue,
  type ServiceDef,
  type TransitionDef,
} from '../../src-shared/catalogue';
import { AppError } from '../../src-shared/errors';
import type {
  Application,
  ApplicationDetail,
  EditApplicationInput,
  SubmitApplicationInput,
} from '../../src-shared/schemas/application';
import { APPLICATION_NUMBER_KIND } from '../../src-shared/recordNumbers';
import type { Database } from '../db/database';
import { preparedPer } from '../db/prepared';
import { bumped, created } from '../db/records';
import {
  applications,
  applicationTransitions,
  uploads,
  type AccountRow,
  type ApplicationRow,
} from '../db/schema';
import { isStaff, notFound, versionConflict } from './access';
import { violatedNotNull, violatedUniqueIndex } from './accountErrors';
import { checkAttachments, checkSubmission, type CheckedSubmission } from './applicationChecks';
import { toApplication, toApplicationDetail, toApplications, toTransitionRecord } from './applicationViews';
import type { ServiceContext } from './context';
import { useChallenge } from './keyChallenges';
import { openRecordDay, preparedRecordNumber, recordNumberValues } from './recordNumbers';
import type { Authenticated } from './sessions';

/** Applications of any service of the catalogue: submit, read, edit, delete. Moves live in applicationMoves. */

export const APPLICATION = '申请单';

/** Records one move on the timeline. */
export async function recordMove(
  db: Database,
  applicationId: string,
  move: { transition: TransitionDef; from: string | null; to: string },
  actor: AccountRow | null,
  at: Date,
  extra: { feedback?: string | null; trackingNumber?: string | null } = {},
): Promise<void> {
  await db.insert(applicationTransitions).values(moveValues(applicationId, move, actor, at, extra));
}

type MoveExtra = { feedback?: string | null; trackingNumber?: string | null };

function moveValues(
  applicationId: string,
  move: { transition: TransitionDef; from: string | null; to: string },
  actor: AccountRow | null,
  at: Date,
  extra: MoveExtra = {},
) {
  return {
    applicationId,
    transition: move.transition.name,
    label: move.transition.label,
    fromState: move.from,
    toState: move.to,
    actorId: actor?.id ?? null,
    actorRole: move.transition.by,
    actorName: actor ? actorName(actor) : '系统',
    feedback: extra.feedback?.trim() || null,
    trackingNumber: extra.trackingNumber?.trim() || null,
    at,
  } satisfies typeof applicationTransitions.$inferInsert;
}

async function findLive(db: Database, id: string): Promise<ApplicationRow | undefined> {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.id, id), isNull(applications.deletedAt)))
    .limit(1);
  return row;
}

/** The application if the caller may see it (its applicant, or staff); else NOT_FOUND, as if absent. */
export async function visibleApplication(
  db: Database,
  account: AccountRow,
  id: string,
): Promise<ApplicationRow> {
  const row = await findLive(db, id);
  if (!row || (row.applicantId !== account.id && !isStaff(account))) throw notFound(APPLICATION);
  return row;
}

async function ownApplication(db: Database, account: AccountRow, id: string): Promise<ApplicationRow> {
  const row = await findLive(db, id);
  if (!row || row.applicantId !== account.id) throw notFound(APPLICATION);
  return row;
}

const earlierByKey = preparedPer((db) =>
  db
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.applicantId, sql.placeholder('applicantId')),
        eq(applications.idempotencyKey, sql.placeholder('idempotencyKey')),
      ),
    )
    .limit(1)
    .prepare('application_by_idempotency_key'),
);

const earlierById = preparedPer((db) =>
  db
    .select()
    .from(applications)
    .where(eq(applications.id, sql.placeholder('id')))
    .limit(1)
    .prepare('application_by_id'),
);

/** The application an earlier request with this id or Idempotency-Key made, if any. */
async function earlierSubmission(
  db: Database,
  account: AccountRow,
  id: string | undefined,
  idempotencyKey: string | null,
): Promise<ApplicationRow | undefined> {
  const lookups: (() => Promise<ApplicationRow[]>)[] = [];
  if (idempotencyKey !== null) {
    lookups.push(() => earlierByKey(db).execute({ applicantId: account.id, idempotencyKey }));
  }
  if (id !== undefined) lookups.push(() => earlierById(db).execute({ id }));
  for (const lookup of lookups) {
    const [row] = await lookup();
    if (!row) continue;
    if (row.applicantId !== account.id) {
      throw new AppError('VALIDATION', '申请单编号已被使用，请刷新后重新提交');
    }
    return row;
  }
  return undefined;
}

const placeholder = (name: string) => sql.placeholder(name);

/**
 * Whether each attachment (`attachmentKeys[i]` → `attachmentIds[i]`) is an upload of the applicant
 * made for this service and attachment — or `uploadsChecked`, when checkSubmission looked them up.
 */
const uploadsOwned = sql`(${placeholder('uploadsChecked')}::boolean or not exists (
  select 1 from unnest(${placeholder('attachmentKeys')}::text[], ${placeholder('attachmentIds')}::uuid[])
    as attachment(key, id)
  where not exists (
    select 1 from ${uploads}
    where ${uploads.id} = attachment.id and ${uploads.ownerId} = ${placeholder('applicantId')}::uuid
      and ${uploads.serviceCode} = ${placeholder('serviceCode')}::text
      and ${uploads.attachmentKey} = attachment.key)))`;

/**
 * The number, the application and its first move in one prepared statement (see recordNumbers.ts).
 * The move's foreign key is checked at the end of the statement, once the application is there. Its
 * placeholders are the application's columns, the move's prefixed with `move_`, the number's, and
 * uploadsOwned's. The number is null, and the statement fails (not-null `number`) having changed
 * nothing, when the uploads are not the applicant's (no number is drawn then) or when the day of
 * creation has no numbers row yet.
 */
const submitStatement = preparedPer((db) => {
  const number = sql<string>`case when ${uploadsOwned} then ${preparedRecordNumber(APPLICATION_NUMBER_KIND)} end`;
  const timeline = db.$with('first_move').as(
    db
      .insert(applicationTransitions)
      .values({
        applicationId: placeholder('move_applicationId'),
        transition: placeholder('move_transition'),
        label: placeholder('move_label'),
        fromState: placeholder('move_fromState'),
        toState: placeholder('move_toState'),
        actorId: placeholder('move_actorId'),
        actorRole: placeholder('move_actorRole'),
        actorName: placeholder('move_actorName'),
        feedback: placeholder('move_feedback'),
        trackingNumber: placeholder('move_trackingNumber'),
        at: placeholder('move_at'),
      } satisfies Record<keyof ReturnType<typeof moveValues>, Placeholder>)
      .returning({ id: applicationTransitions.id }),
  );
  return db
    .with(timeline)
    .insert(applications)
    .values({
      id: placeholder('id'),
      number,
      serviceCode: placeholder('serviceCode'),
      applicantId: placeholder('applicantId'),
      state: placeholder('state'),
      values: placeholder('values'),
      attachments: placeholder('attachments'),
      csrPem: placeholder('csrPem'),
      blankKey: placeholder('blankKey'),
      enterpriseId: placeholder('enterpriseId'),
      enterpriseCreditCode: placeholder('enterpriseCreditCode'),
      renewsCertificateId: placeholder('renewsCertificateId'),
      idempotencyKey: placeholder('idempotencyKey'),
      submittedAt: placeholder('submittedAt'),
      createdAt: placeholder('createdAt'),
      updatedAt: placeholder('updatedAt'),
    } satisfies Record<keyof Omit<CheckedSubmission, 'renewalChallengeId'>, Placeholder> &
      Record<string, SQL | Placeholder>)
    .returning()
    .prepare('submit_application');
});

function renewalUnderWay(): AppError {
  return new AppError(
    'PRECONDITION_FAILED',
    '该证书已有一份续费申请正在办理，不能重复申请：请在“我的申请”中查看；如需重新申请，请先撤回原申请',
  );
}

function submitMove(service: ServiceDef) {
  const moved = applyTransition(service, service.machine.initial, 'submit', 'applicant');
  if (!moved.ok) throw new AppError(moved.code, moved.message);
  return moved;
}

/**
 * Creates and submits an application. A repeat of the same request (same Idempotency-Key, or the
 * same client-made id) answers with the application the first one made and creates nothing.
 */
export async function submitApplication(
  ctx: ServiceContext,
  auth: Authenticated,
  input: SubmitApplicationInput,
  idempotencyKey: string | null,
): Promise<ApplicationDetail> {
  const { account } = auth;
  /**
   * A repeat is usually told by the unique indexes when the insert below refuses it, or looked up
   * when a check refuses it: no lookup before. Inside a transaction (a sync push's savepoint) a
   * refused insert would end it, so there the earlier one is looked up first.
   */
  const lookFirst = ctx.db instanceof PgTransaction;
  if (lookFirst) {
    const earlier = await earlierSubmission(ctx.db, account, input.id, idempotencyKey);
    if (earlier) return toApplicationDetail(ctx.db, earlier);
  }

  const service = serviceCatalogue[input.service];
  /**
   * Outside a transaction the uploads are checked by the insert (one statement fewer); when it finds
   * them wanting, checkAttachments works out the refusal. Inside one the failed insert would end it.
   */
  const uploadsChecked = lookFirst;
  let checkedSubmission: Awaited<ReturnType<typeof checkSubmission>>;
  try {
    checkedSubmission = await checkSubmission(ctx, auth, service, input, uploadsChecked);
  } catch (error) {
    // The first of these requests was accepted before what is refused now changed: its answer stands.
    const earlier =
      !lookFirst && error instanceof AppError
        ? await earlierSubmission(ctx.db, account, input.id, idempotencyKey)
        : undefined;
    if (earlier) return toApplicationDetail(ctx.db, earlier);
    throw error;
  }
  const { renewalChallengeId, ...checked } = checkedSubmission;
  const move = submitMove(service);
  const now = ctx.clock.now();
  const id = input.id ?? randomUUID();
  const firstMove = moveValues(id, move, account, now);
  const params = {
    ...recordNumberValues(APPLICATION_NUMBER_KIND, now),
    ...Object.fromEntries(Object.entries(firstMove).map(([key, value]) => [`move_${key}`, value])),
    id,
    serviceCode: service.code,
    applicantId: account.id,
    state: move.to,
    ...checked,
    idempotencyKey,
    submittedAt: now,
    ...created(now),
    uploadsChecked,
    attachmentKeys: Object.keys(checked.attachments),
    attachmentIds: Object.values(checked.attachments),
  };
  const insert = (db: Database) => submitStatement(db).execute(params);
  /** In a transaction a failed insert would end it: there the day is opened before, not after. */
  const insertOpeningDay = async (db: Database) => {
    await openRecordDay(db, APPLICATION_NUMBER_KIND, now);
    return insert(db);
  };
  /** The first submit of a day finds no numbers row: it opens the day and tries once more. */
  const insertOrOpenDay = async (db: Database) => {
    try {
      return await insert(db);
    } catch (error) {
      if (violatedNotNull(error) !== 'number') throw error;
      return insertOpeningDay(db);
    }
  };
  try {
    const [row] =
      renewalChallengeId === null
        ? await (lookFirst ? insertOpeningDay : insertOrOpenDay)(ctx.db)
        : await ctx.db.transaction(async (tx) => {
            const inserted = await insertOpeningDay(tx);
            // The renewal's proof serves this one application (a refusal above left it unused).
            await useChallenge(tx, renewalChallengeId, now);
            return inserted;
          });
    // What toApplicationDetail would read back: the applicant is the caller, the timeline the one move.
    return {
      ...toApplication(row!, account.name ?? account.phone, null),
      timeline: [toTransitionRecord({ ...firstMove, id: '', seq: 0 })],
    };
  } catch (error) {
    if (violatedNotNull(error) === 'number') {
      // The uploads are not (or no longer) the applicant's: the refusal checkSubmission would give,
      // unless an earlier one of these requests was accepted before.
      try {
        await checkAttachments(ctx, account, service, checked.values, checked.attachments);
      } catch (refusal) {
        const earlier = await earlierSubmission(ctx.db, account, input.id, idempotencyKey);
        if (earlier) return toApplicationDetail(ctx.db, earlier);
        throw refusal;
      }
    }
    // A repeat, or the same submission racing itself: answer with the one that was made first.
    const index = violatedUniqueIndex(error);
    const renewing = index === 'applications_live_renewal_key';
    if (!renewing && index !== 'applications_idempotency_key' && index !== 'applications_pkey') throw error;
    const winner = await earlierSubmission(ctx.db, account, input.id, idempotencyKey);
    if (!winner) throw renewing ? renewalUnderWay() : error;
    return toApplicationDetail(ctx.db, winner);
  }
}

export async function listMyApplications(
  ctx: ServiceContext,
  account: AccountRow,
  filter: { state?: string; service?: string },
): Promise<{ items: Application[] }> {
  const conditions = [eq(applications.applicantId, account.id), isNull(applications.deletedAt)];
  if (filter.state) conditions.push(eq(applications.state, filter.state));
  if (filter.service)
    conditions.push(eq(applications.serviceCode, filter.service as ApplicationRow['serviceCode']));
  const rows = await ctx.db
    .select()
    .from(applications)
    .where(and(...conditions))
    .orderBy(desc(applications.createdAt), desc(applications.changeSeq))
    .limit(500);
  return { items: await toApplications(ctx.db, rows) };
}

export async function getApplication(
  ctx: ServiceContext,
  account: AccountRow,
  id: string,
): Promise<ApplicationDetail> {
  return toApplicationDetail(ctx.db, await visibleApplication(ctx.db, account, id));
}

/**
 * The applicant changes the form and uploads, only where the machine allows; 审核未过 goes back for review.
 * The key request is replaced only by a new one (or dropped for "blank KEY"), never lost by an edit.
 */
export async function editApplication(
  ctx: ServiceContext,
  auth: Authenticated,
  input: EditApplicationInput,
): Promise<ApplicationDetail> {
  const { account } = auth;
  const row = await ownApplication(ctx.db, account, input.id);
  const service = serviceCatalogue[row.serviceCode];
  if (input.version !== row.version) throw versionConflict(APPLICATION);
  const edit = applyEdit(service, row.state);
  if (!edit.ok) throw new AppError(edit.code, edit.message);
  // Neither a new request nor "blank KEY" sent: the request made on the KEY at submission stays.
  const csrPem = input.csrPem ?? (input.blankKey ? undefined : (row.csrPem ?? undefined));
  const { renewalChallengeId: _none, ...checked } = await checkSubmission(ctx, auth, service, {
    ...input,
    csrPem,
    renews: row.renewsCertificateId ?? undefined,
  });
  const now = ctx.clock.now();
  const updated = await ctx.db.transaction(async (tx) => {
    const [saved] = await tx
      .update(applications)
      .set({ ...checked, state: edit.to, ...bumped(applications, now) })
      .where(and(eq(applications.id, row.id), eq(applications.version, input.version)))
      .returning();
    if (!saved) throw versionConflict(APPLICATION);
    if (edit.transition) {
      await recordMove(
        tx,
        row.id,
        { transition: edit.transition, from: row.state, to: edit.to },
        account,
        now,
      );
    }
    return saved;
  });
  return toApplicationDetail(ctx.db, updated);
}

/** Removes the application from the applicant's list (kept as a tombstone for sync). */
export async function deleteApplication(
  ctx: ServiceContext,
  auth: Authenticated,
  input: { id: string; version: number },
): Promise<{ ok: true }> {
  const row = await ownApplication(ctx.db, auth.account, input.id);
  if (input.version !== row.version) throw versionConflict(APPLICATION);
  const refusal = deleteRefusal(serviceCatalogue[row.serviceCode], row.state);
  if (refusal) throw new AppError(refusal.code, refusal.message);
  if (row.orderId)
    throw new AppError('STATE_FORBIDS_EDIT', '该申请单已在订单中，不能删除；如需取消请联系客服');
  const now = ctx.clock.now();
  const [deleted] = await ctx.db
    .update(applications)
    .set({ deletedAt: now, ...bumped(applications, now) })
    .where(and(eq(applications.id, row.id), eq(applications.version, input.version)))
    .returning({ id: applications.id });
  if (!deleted) throw versionConflict(APPLICATION);
  return { ok: true };
}
