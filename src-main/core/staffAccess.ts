import { AppError } from '../../src-shared/errors';
import { ROLES, type Role } from '../../src-shared/schemas/account';

/**
 * The server's role rule (src-server/services/access.ts) for reads the desktop now answers from the
 * kept records: the queues are refused to the same people, with the same words. An admin holds every
 * staff role.
 */
export function requireRole(user: { roles: readonly Role[] }, roles: readonly Role[], what: string): void {
  if (user.roles.includes('admin') || roles.some((role) => user.roles.includes(role))) return;
  throw new AppError('FORBIDDEN', `只有${roles.map((role) => ROLES[role]).join('、')}可以${what}`);
}
