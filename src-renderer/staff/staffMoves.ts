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
