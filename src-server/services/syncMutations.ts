import { AppError, validationError } from '../../src-shared/errors';
import { MUTATIONS, type MutationArgs, type MutationName } from '../../src-shared/schemas/sync';
import { moveApplication } from './applicationMoves';
import { deleteApplication, editApplication, submitApplication } from './applications';
import type { ServiceContext } from './context';
import { markNotificationRead } from './notifications';
import { attachSlip, createOrder, returnSlip } from './orders';
import { updateProfile } from './profile';
import type { Authenticated } from './sessions';

/**
 * The writes a desktop may queue offline, each done by the same service as its online route, with the
 * same access checks (the session's account, re-read for every mutation; staff roles in the service).
 */

type ApplyMutation<N extends MutationName> = (
  ctx: ServiceContext,
  auth: Authenticated,
  args: MutationArgs<N>,
) => Promise<unknown>;

const ISSUE_NEEDS_SERVER = '签发证书需要连接服务器，不能离线办理：请联网后在发证页面操作';

const registry: { [N in MutationName]: ApplyMutation<N> } = {
  // A repeat is already caught by lastMutationId; the client-made id still guards against a reuse.
  'application.submit': (ctx, auth, args) => submitApplication(ctx, auth, args, null),
  'application.edit': (ctx, auth, args) => editApplication(ctx, auth, args),
  'application.delete': (ctx, auth, args) => deleteApplication(ctx, auth, args),
  'application.transition': (ctx, auth, args) => {
    if (args.name === 'issue') throw new AppError('PRECONDITION_FAILED', ISSUE_NEEDS_SERVER);
    return moveApplication(ctx, auth, args);
  },
  'order.create': (ctx, auth, args) => createOrder(ctx, auth, args, null),
  'order.attachSlip': (ctx, auth, args) => attachSlip(ctx, auth, args),
  'order.returnSlip': (ctx, auth, args) => returnSlip(ctx, auth, args),
  'profile.update': (ctx, auth, args) => updateProfile(ctx, auth.account, args),
  'notification.markRead': (ctx, auth, args) => markNotificationRead(ctx, auth.account.id, args.id),
};

function isMutationName(name: string): name is MutationName {
  return Object.prototype.hasOwnProperty.call(MUTATIONS, name);
}

/** Validates the args with the route's schema and applies the mutation; refusals are AppErrors. */
export async function applyMutation(
  ctx: ServiceContext,
  auth: Authenticated,
  name: string,
  args: unknown,
): Promise<void> {
  if (!isMutationName(name)) {
    throw new AppError('VALIDATION', `不认识的操作「${name}」：请升级客户端后重试`);
  }
  const schema = MUTATIONS[name];
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw validationError(parsed.error, schema);
  const apply = registry[name] as ApplyMutation<MutationName>;
  await apply(ctx, auth, parsed.data as MutationArgs<MutationName>);
}
