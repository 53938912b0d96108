import { z } from '../zod';
import type { ErrorCode } from '../errors';
import type { Role } from '../schemas/account';
import {
  ACTOR_ROLES,
  type ActorRole,
  type ServiceDef,
  type StateDef,
  type TransitionDef,
  type TransitionNeed,
} from './types';

/** Pure functions over a service's status machine: who may move an application where, and why not. */

export interface TransitionInput {
  feedback?: string;
  trackingNumber?: string;
  /** Known to the server: the order holding this application is paid. */
  orderPaid?: boolean;
}

export interface Refusal {
  ok: false;
  code: ErrorCode;
  message: string;
  /** The input field at fault, when one is. */
  field?: string;
}

export type TransitionOutcome = { ok: true; transition: TransitionDef; from: string; to: string } | Refusal;

/** One step of an application's timeline. */
export const transitionRecordSchema = z.object({
  transition: z.string(),
  label: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  actor: z.object({
    role: z.enum(Object.keys(ACTOR_ROLES) as [ActorRole, ...ActorRole[]]),
    name: z.string(),
  }),
  at: z.string(),
  feedback: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  /** Desktop only: a move queued on this computer that the server has not taken yet (待同步). */
  pending: z.boolean().optional(),
});
export type TransitionRecord = z.infer<typeof transitionRecordSchema>;

/** The timeline entry for a move just taken. */
export function transitionRecord(
  move: { transition: TransitionDef; from: string | null; to: string },
  actor: TransitionRecord['actor'],
  at: Date,
  input: TransitionInput = {},
): TransitionRecord {
  return {
    transition: move.transition.name,
    label: move.transition.label,
    from: move.from,
    to: move.to,
    actor,
    at: at.toISOString(),
    feedback: input.feedback?.trim() || null,
    trackingNumber: input.trackingNumber?.trim() || null,
  };
}

const STAFF_ACTORS: Partial<Record<Role, readonly ActorRole[]>> = {
  reviewer: ['reviewer', 'staff'],
  finance: ['finance', 'staff'],
  issuer: ['issuer', 'staff'],
  admin: ['reviewer', 'finance', 'issuer', 'staff'],
};

/**
 * The actor roles an account holds. Everyone may act as applicant on their own applications (the
 * server checks ownership); staff roles each include 'staff' (counter work any staff member does).
 */
export function actorRolesOf(roles: readonly Role[]): ActorRole[] {
  const actors = new Set<ActorRole>(['applicant']);
  for (const role of roles) for (const actor of STAFF_ACTORS[role] ?? []) actors.add(actor);
  return [...actors];
}

/** The name a timeline step shows for the account that took it. */
export function actorName(account: { name: string | null; phone: string | null }): string {
  return account.name ?? account.phone ?? '用户';
}

/** The actor roles an account holds on one application: applicant only on its own. */
export function actorRolesOn(roles: readonly Role[], accountId: string, applicantId: string): ActorRole[] {
  const actors = actorRolesOf(roles);
  return accountId === applicantId ? actors : actors.filter((role) => role !== 'applicant');
}

function asRoles(role: ActorRole | readonly ActorRole[]): readonly ActorRole[] {
  return typeof role === 'string' ? [role] : role;
}

export function stateOf(service: ServiceDef, code: string): StateDef | undefined {
  return service.machine.states.find((state) => state.code === code);
}

export function stateLabel(service: ServiceDef, code: string): string {
  return stateOf(service, code)?.label ?? code;
}

function findTransition(service: ServiceDef, name: string): TransitionDef | undefined {
  return service.machine.transitions.find((transition) => transition.name === name);
}

/** The moves the given role(s) may take from this state, in the machine's order (for action buttons). */
export function availableTransitions(
  service: ServiceDef,
  state: string,
  role: ActorRole | readonly ActorRole[],
): TransitionDef[] {
  const roles = asRoles(role);
  return service.machine.transitions.filter(
    (transition) => transition.from.includes(state) && roles.includes(transition.by),
  );
}

const NEED_CHECKS: Record<TransitionNeed, (input: TransitionInput, label: string) => Refusal | null> = {
  feedback: (input) =>
    (input.feedback ?? '').trim().length === 0
      ? {
          ok: false,
          code: 'VALIDATION',
          field: 'feedback',
          message: '请填写审核意见，告诉申请人哪里需要修改',
        }
      : (input.feedback ?? '').length > 500
        ? { ok: false, code: 'VALIDATION', field: 'feedback', message: '审核意见不能超过 500 个字' }
        : null,
  trackingNumber: (input) =>
    /^[0-9A-Za-z]{8,30}$/.test((input.trackingNumber ?? '').trim())
      ? null
      : {
          ok: false,
          code: 'VALIDATION',
          field: 'trackingNumber',
          message: '请填写快递单号（8–30 位字母或数字）',
        },
  orderPaid: (input, label) =>
    input.orderPaid === true
      ? null
      : {
          ok: false,
          code: 'TRANSITION_NOT_ALLOWED',
          message: `订单尚未完成缴费，不能${label}，请等待财务确认到账`,
        },
};

/** Takes a move if the machine allows it from this state for this role with this input; else says why not. */
export function applyTransition(
  service: ServiceDef,
  state: string,
  name: string,
  role: ActorRole | readonly ActorRole[],
  input: TransitionInput = {},
): TransitionOutcome {
  const transition = findTransition(service, name);
  if (!transition) {
    return {
      ok: false,
      code: 'TRANSITION_NOT_ALLOWED',
      message: `「${service.name}」没有「${name}」这一操作`,
    };
  }
  if (!transition.from.includes(state)) {
    return {
      ok: false,
      code: 'TRANSITION_NOT_ALLOWED',
      message: `当前状态为「${stateLabel(service, state)}」，不能${transition.label}，请刷新后查看最新状态`,
    };
  }
  if (!asRoles(role).includes(transition.by)) {
    return {
      ok: false,
      code: 'FORBIDDEN',
      message: `只有${ACTOR_ROLES[transition.by]}可以${transition.label}`,
    };
  }
  for (const need of transition.needs ?? []) {
    const refusal = NEED_CHECKS[need](input, transition.label);
    if (refusal) return refusal;
  }
  return { ok: true, transition, from: state, to: transition.to };
}

// ---------- what the applicant may do with the application itself ----------

export function canEdit(service: ServiceDef, state: string): boolean {
  return service.machine.editableIn.includes(state);
}

export function canWithdraw(service: ServiceDef, state: string): boolean {
  return findTransition(service, 'withdraw')?.from.includes(state) ?? false;
}

export function canDelete(service: ServiceDef, state: string): boolean {
  return service.machine.deletableIn.includes(state);
}

export interface ApplicantActions {
  edit: boolean;
  withdraw: boolean;
  delete: boolean;
}

export function applicantActions(service: ServiceDef, state: string): ApplicantActions {
  return {
    edit: canEdit(service, state),
    withdraw: canWithdraw(service, state),
    delete: canDelete(service, state),
  };
}

/**
 * An edit by the applicant: refused outside the editable states; in some states it also moves the
 * application (an edited 审核未过 goes back to 等待审核), returned as the transition to record.
 */
export function applyEdit(
  service: ServiceDef,
  state: string,
): { ok: true; to: string; transition: TransitionDef | null } | Refusal {
  if (!canEdit(service, state)) {
    return {
      ok: false,
      code: 'STATE_FORBIDS_EDIT',
      message: `当前状态为「${stateLabel(service, state)}」，不能编辑，请联系客服`,
    };
  }
  const moveName = service.machine.editMoves?.[state];
  if (moveName === undefined) return { ok: true, to: state, transition: null };
  const moved = applyTransition(service, state, moveName, 'applicant');
  return moved.ok ? { ok: true, to: moved.to, transition: moved.transition } : moved;
}

export function deleteRefusal(service: ServiceDef, state: string): Refusal | null {
  if (canDelete(service, state)) return null;
  return {
    ok: false,
    code: 'STATE_FORBIDS_EDIT',
    message: `当前状态为「${stateLabel(service, state)}」，不能删除；只有${service.machine.deletableIn
      .map((code) => `「${stateLabel(service, code)}」`)
      .join('、')}的申请可以删除`,
  };
}
