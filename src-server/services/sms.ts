import { and, count, desc, eq, gte, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../src-shared/errors';
import { maskPhone } from '../../src-shared/rules/mask';
import type { SendSmsInput, SmsPurpose, SmsSent } from '../../src-shared/schemas/account';
import { addSeconds, secondsUntil } from '../clock';
import type { Database } from '../db/database';
import { smsCodes } from '../db/schema';
import { findAccountByPhone } from './accountQueries';
import type { CallerInfo, ServiceContext } from './context';
import { phoneTaken } from './accountErrors';
import { keyedHash, newSmsCode } from './secrets';
import { startOfNextShanghaiDay, startOfShanghaiDay } from './shanghaiTime';

export async function sendSmsCode(
  ctx: ServiceContext,
  input: SendSmsInput,
  caller: CallerInfo,
): Promise<SmsSent> {
  await checkPhoneFitsPurpose(ctx.db, input.phone, input.purpose);
  const now = ctx.clock.now();
  const code = newSmsCode();
  await ctx.db.transaction(async (tx) => {
    // One sender per phone at a time, so two quick requests cannot both pass the resend check.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sms:${input.phone}`}))`);
    await checkSendingLimits(ctx, tx, input.phone, caller.ip, now);
    await tx
      .update(smsCodes)
      .set({ consumedAt: now })
      .where(
        and(
          eq(smsCodes.phone, input.phone),
          eq(smsCodes.purpose, input.purpose),
          isNull(smsCodes.consumedAt),
        ),
      );
    await tx.insert(smsCodes).values({
      phone: input.phone,
      purpose: input.purpose,
      codeHash: codeHash(ctx, input.phone, input.purpose, code),
      ip: caller.ip,
      createdAt: now,
      expiresAt: addSeconds(now, ctx.limits.smsCodeTtlSeconds),
    });
  });
  try {
    await ctx.sms.send({
      phone: input.phone,
      code,
      purpose: input.purpose,
      sentAt: now,
      validMinutes: Math.round(ctx.limits.smsCodeTtlSeconds / 60),
    });
  } catch (error) {
    ctx.log.error(
      { err: error, phone: maskPhone(input.phone), provider: ctx.sms.name },
      'SMS delivery failed',
    );
    throw new AppError('SERVICE_UNAVAILABLE', '短信发送失败，请稍后重试');
  }
  return { resendAfterSeconds: ctx.limits.smsResendSeconds, expiresInSeconds: ctx.limits.smsCodeTtlSeconds };
}

async function checkPhoneFitsPurpose(db: Database, phone: string, purpose: SmsPurpose): Promise<void> {
  const account = await findAccountByPhone(db, phone);
  if ((purpose === 'register' || purpose === 'change_phone') && account) {
    throw phoneTaken(purpose === 'register');
  }
  if ((purpose === 'login' || purpose === 'reset_password') && !account) {
    throw new AppError('ACCOUNT_NOT_FOUND', '该手机号未注册，请先注册', {
      fields: [{ field: 'phone', message: '该手机号未注册' }],
    });
  }
}

async function checkSendingLimits(
  ctx: ServiceContext,
  db: Database,
  phone: string,
  ip: string,
  now: Date,
): Promise<void> {
  const { limits } = ctx;
  const [latest] = await db
    .select({ createdAt: smsCodes.createdAt })
    .from(smsCodes)
    .where(eq(smsCodes.phone, phone))
    .orderBy(desc(smsCodes.createdAt))
    .limit(1);
  if (latest) {
    const allowedAt = addSeconds(latest.createdAt, limits.smsResendSeconds);
    if (allowedAt > now) {
      const wait = secondsUntil(allowedAt, now);
      throw new AppError('SMS_RATE_LIMITED', `请 ${wait} 秒后再获取验证码`, { retryAfterSeconds: wait });
    }
  }
  const dayStart = startOfShanghaiDay(now);
  const untilTomorrow = secondsUntil(startOfNextShanghaiDay(now), now);
  const [byPhone] = await db
    .select({ n: count() })
    .from(smsCodes)
    .where(and(eq(smsCodes.phone, phone), gte(smsCodes.createdAt, dayStart)));
  if ((byPhone?.n ?? 0) >= limits.smsDailyPerPhone) {
    throw new AppError('SMS_RATE_LIMITED', '该手机号今日获取验证码的次数已达上限，请明天再试', {
      retryAfterSeconds: untilTomorrow,
    });
  }
  const [byIp] = await db
    .select({ n: count() })
    .from(smsCodes)
    .where(and(eq(smsCodes.ip, ip), gte(smsCodes.createdAt, dayStart)));
  if ((byIp?.n ?? 0) >= limits.smsDailyPerIp) {
    throw new AppError('SMS_RATE_LIMITED', '当前网络今日获取验证码的次数已达上限，请明天再试', {
      retryAfterSeconds: untilTomorrow,
    });
  }
}

function codeHash(ctx: ServiceContext, phone: string, purpose: SmsPurpose, code: string): string {
  return keyedHash(ctx.secret, `sms:${phone}:${purpose}`, code);
}

function invalidCode(field: string, message: string): AppError {
  return new AppError('SMS_CODE_INVALID', message, { fields: [{ field, message }] });
}

export interface SmsCheck {
  phone: string;
  purpose: SmsPurpose;
  code: string;
  /** Input field the code was typed into, for the error. */
  field?: string;
}

/**
 * Checks the latest code sent to a phone for a purpose and returns its id; a wrong code uses up one
 * try. The caller spends the code with `consumeSmsCode` in the same transaction as the change it allows,
 * so a change that fails leaves the code usable.
 */
export async function verifySmsCode(ctx: ServiceContext, check: SmsCheck): Promise<string> {
  const field = check.field ?? 'smsCode';
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .select()
    .from(smsCodes)
    .where(
      and(eq(smsCodes.phone, check.phone), eq(smsCodes.purpose, check.purpose), isNull(smsCodes.consumedAt)),
    )
    .orderBy(desc(smsCodes.createdAt))
    .limit(1);
  if (!row) throw invalidCode(field, '短信验证码不正确或已失效，请重新获取');
  if (row.expiresAt <= now) throw invalidCode(field, '短信验证码已过期，请重新获取');
  const max = ctx.limits.smsMaxAttempts;
  if (row.attempts >= max) throw invalidCode(field, '短信验证码错误次数过多，请重新获取');
  if (row.codeHash === codeHash(ctx, check.phone, check.purpose, check.code)) return row.id;

  const [updated] = await ctx.db
    .update(smsCodes)
    .set({ attempts: sql`${smsCodes.attempts} + 1` })
    .where(eq(smsCodes.id, row.id))
    .returning({ attempts: smsCodes.attempts });
  const left = max - (updated?.attempts ?? max);
  throw invalidCode(
    field,
    left > 0 ? `短信验证码不正确，还可尝试 ${left} 次` : '短信验证码错误次数过多，请重新获取',
  );
}

/** Spends a verified code; a second use (a race) finds it gone. */
export async function consumeSmsCode(ctx: ServiceContext, db: Database, codeId: string, field = 'smsCode') {
  const [row] = await db
    .update(smsCodes)
    .set({ consumedAt: ctx.clock.now() })
    .where(and(eq(smsCodes.id, codeId), isNull(smsCodes.consumedAt)))
    .returning({ id: smsCodes.id });
  if (!row) throw invalidCode(field, '短信验证码已使用，请重新获取');
}
