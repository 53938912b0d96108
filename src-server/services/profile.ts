import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../src-shared/errors';
import { idNumberBirthDate, idNumberGender } from '../../src-shared/rules/idNumber';
import {
  LOCKED_PROFILE_FIELDS,
  type ChangePhoneInput,
  type Profile,
  type UpdateProfileInput,
} from '../../src-shared/schemas/account';
import { ID_TYPES } from '../../src-shared/schemas/fields';
import { bumped } from '../db/records';
import { accounts, applications, type AccountRow } from '../db/schema';
import { idNumberTaken, phoneTaken, rethrowTaken } from './accountErrors';
import { findAccountByIdNumber, findAccountByPhone, toProfile } from './accountQueries';
import type { ServiceContext } from './context';
import { assertMayTryLogin, clearLoginFailures, recordLoginFailure, throttleSubject } from './loginThrottle';
import { verifyPassword } from './passwords';
import { revokeAccountSessions, type Authenticated } from './sessions';
import { consumeSmsCode, verifySmsCode } from './sms';

type LockedField = (typeof LOCKED_PROFILE_FIELDS)[number];
type AccountChanges = Partial<Pick<AccountRow, 'name' | 'email' | 'gender' | 'address' | 'postalCode'>> &
  Partial<Pick<AccountRow, LockedField>>;

const LOCKED_LABELS: Record<LockedField, string> = {
  idType: '证件类型',
  idNumber: '证件号码',
  birthDate: '出生日期',
};

function versionConflict(): AppError {
  return new AppError('VERSION_CONFLICT', '资料已在别处修改，请刷新后再改');
}

export function getProfile(ctx: ServiceContext, account: AccountRow): Promise<Profile> {
  return toProfile(ctx.db, account);
}

/** Edits only the caller's own account, and only from the version the caller saw. */
export async function updateProfile(
  ctx: ServiceContext,
  account: AccountRow,
  input: UpdateProfileInput,
): Promise<Profile> {
  if (input.version !== account.version) throw versionConflict();
  const changes: AccountChanges = {};
  for (const key of ['name', 'email', 'gender', 'address', 'postalCode'] as const) {
    if (input[key] !== undefined && input[key] !== account[key])
      Object.assign(changes, { [key]: input[key] });
  }
  await applyIdentityFields(ctx, account, input, changes);
  if (Object.keys(changes).length === 0) return toProfile(ctx.db, account);

  try {
    const updated = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(accounts)
        .set({ ...changes, ...bumped(accounts, ctx.clock.now()) })
        .where(and(eq(accounts.id, account.id), eq(accounts.version, input.version)))
        .returning();
      if (!row) throw versionConflict();
      // Applications show their applicant's name: a sync pull brings them again (their version stays).
      if (changes.name !== undefined) {
        await tx
          .update(applications)
          .set({ changeSeq: sql<number>`nextval('change_seq')` })
          .where(eq(applications.applicantId, account.id));
      }
      return row;
    });
    return await toProfile(ctx.db, updated);
  } catch (error) {
    rethrowTaken(error, false);
  }
}

/**
 * ID type, ID number and birth date may be filled in while empty (accounts registered by phone) and
 * are fixed afterwards. Sending the value already on file is not a change.
 */
async function applyIdentityFields(
  ctx: ServiceContext,
  account: AccountRow,
  input: UpdateProfileInput,
  changes: AccountChanges,
): Promise<void> {
  const idType = input.idType ?? account.idType ?? 'id_card';
  const typed = input.idNumber || undefined;
  const idNumber = idType === 'id_card' ? typed?.toUpperCase() : typed;
  const wanted: Partial<Record<LockedField, string | undefined>> = {
    // A number typed without a type is a resident ID card number, as the form defaults to.
    idType: input.idType ?? (account.idType === null && idNumber !== undefined ? idType : undefined),
    idNumber,
    birthDate: input.birthDate,
  };
  if (idType === 'id_card' && idNumber !== undefined && account.idNumber === null) {
    const derived = idNumberBirthDate(idNumber);
    if (wanted.birthDate !== undefined && wanted.birthDate !== derived) {
      const message = '出生日期应与身份证号中的一致';
      throw new AppError('VALIDATION', message, { fields: [{ field: 'birthDate', message }] });
    }
    wanted.birthDate = derived ?? undefined;
    if (account.gender === null && input.gender === undefined) changes.gender = idNumberGender(idNumber);
  }
  for (const field of LOCKED_PROFILE_FIELDS) {
    const value = wanted[field];
    if (value === undefined || value === account[field]) continue;
    if (account[field] !== null) {
      const message = `${LOCKED_LABELS[field]}已确定，不能修改`;
      throw new AppError('FIELD_LOCKED', message, { field, fields: [{ field, message }] });
    }
    if (field === 'idType') changes.idType = value as keyof typeof ID_TYPES;
    else changes[field] = value;
  }
  if (changes.idNumber && (await findAccountByIdNumber(ctx.db, changes.idNumber))) throw idNumberTaken(false);
}

/**
 * 更换手机号: the current password (wrong ones count toward the lock, as in a password change), then a
 * code sent to the new phone. Only once that code proved the caller holds the new phone is it said
 * that another account uses it. Every other session of the account ends; this one stays.
 */
export async function changePhone(
  ctx: ServiceContext,
  { session, account }: Authenticated,
  input: ChangePhoneInput,
  ip: string,
): Promise<Profile> {
  const subject = throttleSubject(account.id, '');
  await assertMayTryLogin(ctx, subject, ip);
  if (!(await verifyPassword(input.password, account.passwordHash))) {
    throw await recordLoginFailure(ctx, subject, ip, (left) => {
      const message = `登录密码不正确，还可尝试 ${left} 次`;
      return new AppError('VALIDATION', message, { fields: [{ field: 'password', message }] });
    });
  }
  if (input.phone === account.phone) {
    const message = '新手机号与当前手机号相同';
    throw new AppError('VALIDATION', message, { fields: [{ field: 'phone', message }] });
  }
  const codeId = await verifySmsCode(ctx, {
    phone: input.phone,
    purpose: 'change_phone',
    code: input.smsCode,
  });
  if (await findAccountByPhone(ctx.db, input.phone)) throw phoneTaken(false);
  try {
    const updated = await ctx.db.transaction(async (tx) => {
      await consumeSmsCode(ctx, tx, codeId);
      const [row] = await tx
        .update(accounts)
        .set({ phone: input.phone, ...bumped(accounts, ctx.clock.now()) })
        .where(eq(accounts.id, account.id))
        .returning();
      await clearLoginFailures(tx, subject);
      await revokeAccountSessions(ctx, tx, account.id, session.id);
      return row!;
    });
    return await toProfile(ctx.db, updated);
  } catch (error) {
    rethrowTaken(error, false);
  }
}
