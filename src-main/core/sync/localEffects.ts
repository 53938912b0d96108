import { MUTATIONS, type MutationArgs, type MutationName } from '../../../src-shared/schemas/sync';

/**
 * What a queued mutation does to the kept copy of its record before the server has seen it: the
 * desktop's guess, shown with the mark 待同步 until a pull brings the server's copy. The server's rules
 * (state machine, fees, labels) are not repeated here: only what the user changed is shown.
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

type Effect<N extends MutationName> = (
  args: MutationArgs<N>,
  current: RecordJson | null,
  context: { accountId: string; at: string },
) => RecordJson | null;

const effects: { [N in MutationName]: Effect<N> } = {
  'application.submit': (args, current, { accountId, at }) => ({
    ...(current ?? {}),
    id: args.id,
    number: current?.number ?? null,
    service: args.service,
    serviceName: current?.serviceName ?? args.service,
    state: current?.state ?? 'submitted',
    stateLabel: current?.stateLabel ?? '待同步',
    applicantId: current?.applicantId ?? accountId,
    applicantName: current?.applicantName ?? null,
    enterpriseCreditCode: current?.enterpriseCreditCode ?? null,
    values: args.values,
    attachments: args.attachments,
    hasCsr: args.csrPem !== undefined,
    blankKey: args.blankKey,
    feeFen: current?.feeFen ?? 0,
    orderId: current?.orderId ?? null,
    orderNumber: current?.orderNumber ?? null,
    orderState: current?.orderState ?? null,
    certificateId: current?.certificateId ?? null,
    trackingNumber: current?.trackingNumber ?? null,
    submittedAt: current?.submittedAt ?? at,
    version: current?.version ?? 0,
    createdAt: current?.createdAt ?? at,
    updatedAt: at,
    timeline: current?.timeline ?? [],
  }),
  'application.edit': (args, current, { at }) =>
    current && {
      ...current,
      values: args.values,
      attachments: args.attachments,
      hasCsr: args.csrPem !== undefined || current.hasCsr === true,
      blankKey: args.blankKey,
      updatedAt: at,
    },
  'application.delete': () => null,
  'application.transition': (args, current, { at }) =>
    current && {
      ...current,
      pendingTransition: args.name,
      ...(args.trackingNumber !== undefined ? { trackingNumber: args.trackingNumber } : {}),
      updatedAt: at,
    },
  'order.create': (args, current, { accountId, at }) => ({
    ...(current ?? {}),
    id: args.id,
    number: current?.number ?? null,
    ownerId: current?.ownerId ?? accountId,
    state: current?.state ?? 'unpaid',
    stateLabel: current?.stateLabel ?? '待同步',
    paymentMethod: args.paymentMethod,
    amountFen: current?.amountFen ?? 0,
    applicationIds: args.applicationIds,
    enterpriseCreditCode: current?.enterpriseCreditCode ?? null,
    invoice: args.invoice,
    mailing: args.mailing,
    contactPhone: args.contactPhone,
    slipUploadId: current?.slipUploadId ?? null,
    financeFeedback: current?.financeFeedback ?? null,
    paidAt: current?.paidAt ?? null,
    invoiceReady: current?.invoiceReady ?? false,
    version: current?.version ?? 0,
    createdAt: current?.createdAt ?? at,
    updatedAt: at,
  }),
  'order.attachSlip': (args, current, { at }) =>
    current && { ...current, slipUploadId: args.uploadId, updatedAt: at },
  'order.returnSlip': (args, current, { at }) =>
    current && { ...current, financeFeedback: args.feedback, updatedAt: at },
  'profile.update': (args, current) => ({ ...(current ?? {}), ...args }),
  'notification.markRead': (_args, current, { at }) =>
    current && { ...current, readAt: current.readAt ?? at },
};

/** The kept copy after the mutation (null: the record is gone here). */
export function applyLocalEffect(
  name: MutationName,
  args: unknown,
  current: RecordJson | null,
  context: { accountId: string; at: string },
): RecordJson | null {
  const effect = effects[name] as Effect<MutationName>;
  return effect(args as MutationArgs<MutationName>, current, context);
}
