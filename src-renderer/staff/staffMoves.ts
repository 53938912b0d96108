import {
  actorRolesOf,
  applyTransition,
  availableTransitions,
  type ServiceDef,
  type TransitionDef,
  type TransitionInput,
} from '../../src-shared/catalogue';
import type { Role } from '../../src-shared/schemas/account';
import { STAFF_ROLES } from '../../src-shared/schemas/account';
import { SERVER_ONLY_TRANSITIONS } from '../../src-shared/schemas/sync';

/** Whether the account works at the counter (业务受理 in the menu). */
export function isStaff(roles: readonly Role[]): boolean {
  return roles.some((role) => STAFF_ROLES.includes(role));
}

/** The moves staff with these roles may take on an application in this state (never the applicant's). */
export function staffMoves(service: ServiceDef, state: string, roles: readonly Role[]): TransitionDef[] {
  const actors = actorRolesOf(roles).filter((actor) => actor !== 'applicant');
  return availableTransitions(service, state, actors);
}

/** Null when the move may be sent with this input, else the field at fault and why (same rule as the server). */
export function moveProblem(
  service: ServiceDef,
  state: string,
  move: TransitionDef,
  roles: readonly Role[],
  input: TransitionInput,
): { field?: string; message: string } | null {
  const outcome = applyTransition(service, state, move.name, actorRolesOf(roles), {
    ...input,
    // Whether the order is paid only the server knows: it refuses an unpaid issue with its reason.
    orderPaid: true,
  });
  return outcome.ok ? null : { field: outcome.field, message: outcome.message };
}

/**
 * Why a move cannot be taken now, or null. Offline the staff's decisions are kept here and synced later;
 * only what the centre itself must do (issuing: its CA signs) waits for the network.
 */
export function offlineMoveRefusal(move: TransitionDef, offline: boolean): string | null {
  return offline && SERVER_ONLY_TRANSITIONS.includes(move.name)
    ? `${move.label}需要证书服务中心签发证书，请联网后再${move.label}`
    : null;
}

/** A move that posts the certificate (寄出) takes a note, not a review's 审核意见. */
export function feedbackLabel(needs: readonly string[]): string {
  return needs.includes('trackingNumber') ? '备注' : '审核意见';
}
