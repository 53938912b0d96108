import {
  actorRolesOn,
  applyEdit,
  applyTransition,
  feeOf,
  getService,
  stateLabel,
  totalFen,
  transitionRecord,
  type ServiceDef,
  type TransitionDef,
  type TransitionInput,
  type TransitionRecord,
} from '../../../src-shared/catalogue';
import type { Role } from '../../../src-shared/schemas/account';
import { ORDER_MOVES, ORDER_STATES, type OrderState } from '../../../src-shared/schemas/order';
import { MUTATIONS, type MutationArgs, type MutationName } from '../../../src-shared/schemas/sync';

/**
 * What a queued mutation does to the kept copy of its record before the server has seen it: the
 * desktop's guess, shown with the mark 待同步 until a pull brings the server's copy (which replaces it),
 * or a refusal restores the server's. The guess follows the catalogue the server enforces — the status
 * machine moves the state and adds the timeline step (marked `pending`), the price table gives the fee —
 * so a record changed offline reads as it will once synced.
 */

export type RecordJson = Record<string, unknown>;

export interface RecordRef {
  kind: 'application' | 'order' | 'profile' | 'notification';
  id: string;
}

export function isMutationName(name: string): name is MutationName {
  return Object.prototype.hasOwnProperty.call(MUTATIONS, name);
}

/** The record a mutation changes; profile.update changes the account's own profile. */
export function recordOf(name: MutationName, args: unknown, accountId: string): RecordRef {
  const id = typeof args === 'object' && args !== null ? (args as { id?: unknown }).id : undefined;
  const kind = name.slice(0, name.indexOf('.'));
  if (name === 'profile.update') return { kind: 'profile', id: accountId };
  if (typeof id !== 'string' || id === '') throw new Error(`mutation ${name} without a record id`);
  return { kind: kind as RecordRef['kind'], id };
}

export interface EffectContext {
  accountId: string;
  /** When the mutation was queued. */
  at: string;
  /** The account as its kept profile says: the roles it acts in and the name the timeline shows. */
  actor: { roles: readonly Role[]; name: string };
  /** Another kept record of the account (an order's applications), or null. */
  kept(kind: RecordRef['kind'], id: string): RecordJson | null;
}

type Effect<N extends MutationName> = (
  args: MutationArgs<N>,
  current: RecordJson | null,
  context: EffectContext,
) => RecordJson | null;

function serviceOf(record: RecordJson | null): ServiceDef | undefined {
  return typeof record?.service === 'string' ? getService(record.service) : undefined;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The version the server gives a record it changes (+1; a new one starts at 1): a second change queued
 * offline on the same record then names the version the first one will have made.
 */
const bumped = (current: RecordJson): number =>
  typeof current.version === 'number' ? current.version + 1 : 1;

/** The application after a move the machine allows: its new state, and the step on its timeline. */
function moved(
  current: RecordJson,
  service: ServiceDef,
  move: { transition: TransitionDef; from: string | null; to: string },
  context: EffectContext,
  input: TransitionInput = {},
): RecordJson {
  const step: TransitionRecord = {
    ...transitionRecord(
      move,
      { role: move.transition.by, name: context.actor.name },
      new Date(context.at),
      input,
    ),
    pending: true,
  };
  const timeline = Array.isArray(current.timeline) ? (current.timeline as unknown[]) : [];
  return {
    ...current,
    state: move.to,
    stateLabel: stateLabel(service, move.to),
    timeline: [...timeline, step],
    updatedAt: context.at,
  };
}

/** A new application as the server would make it: submitted, with its service's name and fee. */
function submitted(args: MutationArgs<'application.submit'>, context: EffectContext): RecordJson {
  const { accountId, at } = context;
  const service = getService(args.service);
  const base: RecordJson = {
    id: args.id,
    number: null,
    service: args.service,
    serviceName: service?.name ?? args.service,
    state: service?.machine.initial ?? 'draft',
    stateLabel: '待同步',
    applicantId: accountId,
    applicantName: context.actor.name,
    enterpriseCreditCode: null,
    feeFen: feeOf(args.service).fen,
    orderId: null,
    orderNumber: null,
    orderState: null,
    certificateId: null,
    trackingNumber: null,
    submittedAt: at,
    version: 1,
    createdAt: at,
    updatedAt: at,
    timeline: [],
  };
  if (!service) return base;
  const move = applyTransition(service, service.machine.initial, 'submit', 'applicant');
  return move.ok ? moved(base, service, move, context) : base;
}

const effects: { [N in MutationName]: Effect<N> } = {
  'application.submit': (args, current, context) => ({
    // A submit pushed before (its answer lost, or a repeat) keeps what the server said of it.
    ...(current ?? submitted(args, context)),
    values: args.values,
    attachments: args.attachments,
    hasCsr: args.csrPem !== undefined,
    blankKey: args.blankKey,
    updatedAt: context.at,
  }),
  'application.edit': (args, current, context) => {
    if (!current) return null;
    const edited: RecordJson = {
      ...current,
      version: bumped(current),
      values: args.values,
      attachments: args.attachments,
      hasCsr: args.csrPem !== undefined || (current.hasCsr === true && !args.blankKey),
      blankKey: args.blankKey,
      updatedAt: context.at,
    };
    // An edit may move the application too (an edited 审核未过 goes back for review).
    const service = serviceOf(current);
    const edit = service && applyEdit(service, text(current.state));
    if (!service || !edit?.ok || !edit.transition) return edited;
    return moved(
      edited,
      service,
      { transition: edit.transition, from: text(current.state), to: edit.to },
      context,
    );
  },
  'application.delete': () => null,
  'application.transition': (args, current, context) => {
    if (!current) return null;
    const service = serviceOf(current);
    const input = { feedback: args.feedback, trackingNumber: args.trackingNumber };
    const move =
      service &&
      applyTransition(
        service,
        text(current.state),
        args.name,
        actorRolesOn(context.actor.roles, context.accountId, text(current.applicantId)),
        { ...input, orderPaid: current.orderState === 'paid' },
      );
    // Refused here too: the state stays; the server's refusal will say why on the 同步 page.
    if (!service || !move?.ok) return { ...current, updatedAt: context.at };
    return {
      ...moved(current, service, move, context, input),
      version: bumped(current),
      trackingNumber: args.trackingNumber?.trim() || (current.trackingNumber ?? null),
    };
  },
  'order.create': (args, current, { accountId, at, kept }) => {
    const created: OrderState = args.slipUploadId ? ORDER_MOVES.attachSlip.to : 'unpaid';
    return {
      ...(current ?? {}),
      id: args.id,
      number: current?.number ?? null,
      ownerId: current?.ownerId ?? accountId,
      state: current?.state ?? created,
      stateLabel: current?.stateLabel ?? ORDER_STATES[created],
      paymentMethod: args.paymentMethod,
      amountFen: current?.amountFen ?? orderAmount(args.applicationIds, kept),
      applicationIds: args.applicationIds,
      enterpriseCreditCode: current?.enterpriseCreditCode ?? null,
      invoice: args.invoice,
      mailing: args.mailing,
      contactPhone: args.contactPhone,
      slipUploadId: current?.slipUploadId ?? args.slipUploadId ?? null,
      financeFeedback: current?.financeFeedback ?? null,
      paidAt: current?.paidAt ?? null,
      invoiceReady: current?.invoiceReady ?? false,
      version: current?.version ?? 1,
      createdAt: current?.createdAt ?? at,
      updatedAt: at,
    };
  },
  'order.attachSlip': (args, current, { at }) =>
    current &&
    orderMoved(current, ORDER_MOVES.attachSlip, at, { slipUploadId: args.uploadId, financeFeedback: null }),
  'order.returnSlip': (args, current, { at }) =>
    current && orderMoved(current, ORDER_MOVES.returnSlip, at, { financeFeedback: args.feedback }),
  'profile.update': (args, current) => ({ ...(current ?? {}), ...args, version: args.version + 1 }),
  'notification.markRead': (_args, current, { at }) =>
    current && { ...current, readAt: current.readAt ?? at },
};

/** An order after a move its state allows (else as it was: the server will refuse it). */
function orderMoved(
  current: RecordJson,
  move: { from: readonly OrderState[]; to: OrderState },
  at: string,
  changes: RecordJson,
): RecordJson {
  const from = move.from as readonly string[];
  if (current.paymentMethod !== 'transfer' || !from.includes(text(current.state))) return current;
  return {
    ...current,
    ...changes,
    state: move.to,
    stateLabel: ORDER_STATES[move.to],
    version: bumped(current),
    updatedAt: at,
  };
}

/** What the server would charge for these applications: the price table's fee of each one's service. */
function orderAmount(applicationIds: readonly string[], kept: EffectContext['kept']): number {
  const services = applicationIds.flatMap((id) => {
    const service = serviceOf(kept('application', id));
    return service ? [service.code] : [];
  });
  return totalFen(services);
}

/** The mutations with `linkedRecords`: the outbox rows a rebase looks among. */
export const LINKING_MUTATIONS: readonly MutationName[] = ['order.create'];

/**
 * Records other than its own whose kept copy a pending mutation changes: an order made here puts its
 * applications in it, so they are no longer offered for another order before the server has seen it.
 */
export function linkedRecords(name: MutationName, args: unknown): RecordRef[] {
  if (!LINKING_MUTATIONS.includes(name)) return [];
  const { applicationIds } = args as MutationArgs<'order.create'>;
  return applicationIds.map((id) => ({ kind: 'application', id }));
}

/** A kept record of `linkedRecords(name, args)` with what that mutation does to it. */
export function applyLinkedEffect(
  name: MutationName,
  args: unknown,
  current: RecordJson | null,
  context: EffectContext,
): RecordJson | null {
  // An application already in an order stays in it: the server will refuse the second one.
  const { id } = args as MutationArgs<'order.create'>;
  if (name !== 'order.create' || !id || !current || current.orderId != null) return current;
  const order = context.kept('order', id);
  return {
    ...current,
    orderId: id,
    orderNumber: order?.number ?? null,
    orderState: order?.state ?? 'unpaid',
  };
}

/** The kept copy after the mutation (null: the record is gone here). */
export function applyLocalEffect(
  name: MutationName,
  args: unknown,
  current: RecordJson | null,
  context: EffectContext,
): RecordJson | null {
  const effect = effects[name] as Effect<MutationName>;
  return effect(args as MutationArgs<MutationName>, current, context);
}
