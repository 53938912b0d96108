import { AppError } from '../../src-shared/errors';
import { ROLES, STAFF_ROLES, type Role } from '../../src-shared/schemas/account';
import type { AccountRow } from '../db/schema';

/** Who may see and do what beyond their own records: staff roles, checked on every request. */

export function isStaff(account: Pick<AccountRow, 'roles'>): boolean {
  return account.roles.some((role) => STAFF_ROLES.includes(role));
}

/** An admin holds every staff role. */
export function hasRole(account: Pick<AccountRow, 'roles'>, role: Role): boolean {
  return account.roles.includes(role) || account.roles.includes('admin');
}

/** Refuses unless the account holds one of the roles; `what` completes "只有…可以…". */
export function requireRole(account: Pick<AccountRow, 'roles'>, roles: readonly Role[], what: string): void {
  if (roles.some((role) => hasRole(account, role))) return;
  throw new AppError('FORBIDDEN', `只有${roles.map((role) => ROLES[role]).join('、')}可以${what}`);
}

/** What a record the caller may not see looks like: as if it did not exist. */
export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what}不存在或已被删除，请刷新后重试`);
}

export function versionConflict(what: string): AppError {
  return new AppError('VERSION_CONFLICT', `${what}已在别处修改，请刷新后再操作`);
}
