import { and, eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/errors';
import type { PushInput, PushResult, Rejection } from '../../src-shared/schemas/sync';
import type { Database } from '../db/database';
import { accounts, syncClients, syncRejections } from '../db/schema';
import type { ServiceContext } from './context';
import type { Authenticated } from './sessions';
import { applyMutation } from './syncMutations';

/** Push of docs/DESIGN.md "Data and sync": each mutation and its lastMutationId in one transaction. */

function clientTaken(): AppError {
  return new AppError(
    'FORBIDDEN',
    '该客户端编号已被其他账号使用：请退出登录后重新登录，客户端会换用新的编号',
  );
}

function outOfOrder(last: number, rejections: Rejection[]): AppError {
  return new AppError(
    'MUTATION_OUT_OF_ORDER',
    `待同步的操作不连续：服务器已处理到第 ${last} 项，请从第 ${last + 1} 项起重新推送`,
    { lastMutationId: last, rejections },
  );
}

/** The client's lastMutationId; the client becomes this account's if no account used it before. */
export async function claimClient(
  db: Database,
  accountId: string,
  clientId: string,
  now: Date,
): Promise<number> {
  await db
    .insert(syncClients)
    .values({ clientId, accountId, createdAt: now, updatedAt: now })
    .onConflictDoNothing();
  const [client] = await db.select().from(syncClients).where(eq(syncClients.clientId, clientId));
  if (!client || client.accountId !== accountId) throw clientTaken();
  return client.lastMutationId;
}

/** The client's lastMutationId for a pull: 0 for a client that never pushed; another account's is refused. */
export async function lastMutationIdOf(db: Database, accountId: string, clientId: string): Promise<number> {
  const [client] = await db.select().from(syncClients).where(eq(syncClients.clientId, clientId));
  if (!client) return 0;
  if (client.accountId !== accountId) throw clientTaken();
  return client.lastMutationId;
}

type Outcome =
  | { status: 'applied' | 'repeat'; last: number }
  | { status: 'rejected'; last: number; rejection: Rejection }
  | { status: 'gap'; last: number };

export async function pushMutations(
  ctx: ServiceContext,
  auth: Authenticated,
  input: PushInput,
): Promise<PushResult> {
  const accountId = auth.account.id;
  let last = await claimClient(ctx.db, accountId, input.clientId, ctx.clock.now());
  const results: PushResult['results'] = [];
  const rejections: Rejection[] = [];
  for (const mutation of input.mutations) {
    const outcome = await ctx.db.transaction(async (tx): Promise<Outcome> => {
      // The lock orders two pushes of one client (a retry overlapping the first attempt).
      const [client] = await tx
        .select()
        .from(syncClients)
        .where(and(eq(syncClients.clientId, input.clientId), eq(syncClients.accountId, accountId)))
        .for('update');
      if (!client) throw clientTaken();
      const known = client.lastMutationId;
      if (mutation.mutationId <= known) return { status: 'repeat', last: known };
      if (mutation.mutationId > known + 1) return { status: 'gap', last: known };

      const [account] = await tx.select().from(accounts).where(eq(accounts.id, accountId));
      const now = ctx.clock.now();
      let rejection: Rejection | null = null;
      try {
        // A savepoint: a refusal undoes the mutation's own writes, not the ledger below.
        await tx.transaction((inner) =>
          applyMutation({ ...ctx, db: inner }, { ...auth, account: account! }, mutation.name, mutation.args),
        );
      } catch (error) {
        // Only a business refusal is final; a passing fault (5xx, rate limit) fails the push, to be retried.
        if (!(error instanceof AppError) || error.status >= 500 || error.status === 429) throw error;
        rejection = {
          mutationId: mutation.mutationId,
          name: mutation.name,
          code: error.code,
          message: error.message,
          details: error.details ?? null,
        };
        await tx.insert(syncRejections).values({
          clientId: input.clientId,
          mutationId: mutation.mutationId,
          name: mutation.name,
          code: error.code,
          message: error.message,
          details: error.details ?? null,
          createdAt: now,
        });
      }
      await tx
        .update(syncClients)
        .set({ lastMutationId: mutation.mutationId, updatedAt: now })
        .where(eq(syncClients.clientId, input.clientId));
      return rejection
        ? { status: 'rejected', last: mutation.mutationId, rejection }
        : { status: 'applied', last: mutation.mutationId };
    });
    if (outcome.status === 'gap') throw outOfOrder(outcome.last, rejections);
    last = outcome.last;
    results.push({ mutationId: mutation.mutationId, status: outcome.status });
    if (outcome.status === 'rejected') rejections.push(outcome.rejection);
  }
  return { lastMutationId: last, results, rejections };
}
