import { AppError } from '../../src-shared/errors';
import { idNumberBirthDate, idNumberGender } from '../../src-shared/rules/idNumber';
import type {
  RegisterByIdNumberInput,
  RegisterByPhoneInput,
  Registered,
} from '../../src-shared/schemas/account';
import { created } from '../db/records';
import { accounts } from '../db/schema';
import { idNumberTaken, phoneTaken, rethrowTaken } from './accountErrors';
import { findAccountByIdNumber, findAccountByPhone } from './accountQueries';
import { checkCaptcha } from './captcha';
import type { ServiceContext } from './context';
import { hashPassword } from './passwords';
import { consumeSmsCode, verifySmsCode } from './sms';

/**
 * Registration never logs in: the client says "注册成功，请登录" and shows the login page. That the
 * phone is registered already is said only after the code proved the caller holds it.
 */
export async function registerByPhone(ctx: ServiceContext, input: RegisterByPhoneInput): Promise<Registered> {
  const codeId = await verifySmsCode(ctx, { phone: input.phone, purpose: 'register', code: input.smsCode });
  if (await findAccountByPhone(ctx.db, input.phone)) throw phoneTaken(true);
  const passwordHash = await hashPassword(input.password, ctx.limits.passwordCostLog2);
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      await consumeSmsCode(ctx, tx, codeId);
      const [row] = await tx
        .insert(accounts)
        .values({ phone: input.phone, passwordHash, passwordChangedAt: now, ...created(now) })
        .returning({ id: accounts.id });
      return { accountId: row!.id };
    });
  } catch (error) {
    rethrowTaken(error, true);
  }
}

export async function registerByIdNumber(
  ctx: ServiceContext,
  input: RegisterByIdNumberInput,
): Promise<Registered> {
  await checkCaptcha(ctx, input.captchaId, input.captchaText);
  if (await findAccountByIdNumber(ctx.db, input.idNumber)) throw idNumberTaken(true);
  const birthDate = idNumberBirthDate(input.idNumber);
  if (birthDate === null) throw new AppError('VALIDATION', '身份证号中的出生日期无效');
  const passwordHash = await hashPassword(input.password, ctx.limits.passwordCostLog2);
  const now = ctx.clock.now();
  try {
    const [row] = await ctx.db
      .insert(accounts)
      .values({
        name: input.name,
        email: input.email,
        idType: 'id_card',
        idNumber: input.idNumber,
        birthDate,
        gender: idNumberGender(input.idNumber),
        passwordHash,
        passwordChangedAt: now,
        ...created(now),
      })
      .returning({ id: accounts.id });
    return { accountId: row!.id };
  } catch (error) {
    rethrowTaken(error, true);
  }
}
