import { randomBytes } from 'node:crypto';
import { and, count, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { AppError } from '../../src-shared/errors';
import { maskPhone } from '../../src-shared/rules/mask';
import type { SendSmsInput, SmsPurpose, SmsSent } from '../../src-shared/schemas/account';
import { addSeconds, secondsUntil } from '../clock';
import type { Database } from '../db/database';
import { smsCodes } from '../db/schema';
import { findAccountByPhone } from './accountQueries';
import type { CallerInfo, ServiceContext } from './context';
import { checkCaptcha } from './captcha';
import { keyedHash, newSmsCode } from './secrets';
import { startOfNextShanghaiDay, startOfShanghaiDay } from './shanghaiTime';

/**
 * Sends a code after the image captcha is solved. A registered and an unregistered phone get the same
 * answer and count against the same limits: for login and password reset an unregistered phone gets a
 * record whose code nobody knows (no SMS goes out, so every entry is wrong); for registration and a
 * phone change the code is sent either way, and "already registered" is said once the code proved the
 * caller holds the phone.
 */
export async function sendSmsCode(
  ctx: ServiceContext,
  input: SendSmsInput,
  caller: CallerInfo,
): Promise<SmsSent> {
  await checkCaptcha(ctx, input.captchaId, input.captchaText);
  const deliver = await shouldDeliver(ctx.db, input.phone, input.purpose);
  const now = ctx.clock.now();
  const code = newSmsCode();
  // Undelivered: the hash of 32 random bytes, which no 6-digit entry can match.
  const stored = deliver ? code : randomBytes(32).toString('hex');
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
      codeHash: codeHash(ctx, input.phone, input.purpose, stored),
      ip: caller.ip,
      createdAt: now,
      expiresAt: addSeconds(now, ctx.limits.smsCodeTtlSeconds),
    });
  });
  if (deliver) {
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
  } else {
    ctx.log.info(
      { phone: maskPhone(input.phone), purpose: input.purpose },
      'SMS not sent: no account has this phone',
    );
  }
  return { resendAfterSeconds: ctx.limits.smsResendSeconds, expiresInSeconds: ctx.limits.smsCodeTtlSeconds };
}

/** Login and reset codes only reach phones of accounts; registration and phone-change codes always go. */
async function shouldDeliver(db: Database, phone: string, purpose: SmsPurpose): Promise<boolean> {
  if (purpose === 'register' || purpose === 'change_phone') return true;
  return (await findAccountByPhone(db, phone)) !== undefined;
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

export function smsCodeInvalid(
  message = '短信验证码不正确或已失效，请重新获取',
  field = 'smsCode',
): AppError {
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
 * Checks the latest code sent to a phone for a purpose and returns its id. Every entry, right or
 * wrong, first takes one try in a single conditional UPDATE, so parallel guesses cannot use more
 * tries than the code has. The caller spends the code with `consumeSmsCode` in the same transaction
 * as the change it allows, so a change that fails leaves the code usable.
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
  if (!row) throw smsCodeInvalid(undefined, field);
  if (row.expiresAt <= now) throw smsCodeInvalid('短信验证码已过期，请重新获取', field);
  const max = ctx.limits.smsMaxAttempts;
  const [counted] = await ctx.db
    .update(smsCodes)
    .set({ attempts: sql`${smsCodes.attempts} + 1` })
    .where(and(eq(smsCodes.id, row.id), lt(smsCodes.attempts, max), isNull(smsCodes.consumedAt)))
    .returning({ attempts: smsCodes.attempts });
  if (!counted) throw smsCodeInvalid('短信验证码错误次数过多，请重新获取', field);
  if (row.codeHash === codeHash(ctx, check.phone, check.purpose, check.code)) return row.id;
  const left = max - counted.attempts;
  throw smsCodeInvalid(
    left > 0 ? `短信验证码不正确，还可尝试 ${left} 次` : '短信验证码错误次数过多，请重新获取',
    field,
  );
}

/** Spends a verified code; a second use (a race) finds it gone. */
export async function consumeSmsCode(ctx: ServiceContext, db: Database, codeId: string, field = 'smsCode') {
  const [row] = await db
    .update(smsCodes)
    .set({ consumedAt: ctx.clock.now() })
    .where(and(eq(smsCodes.id, codeId), isNull(smsCodes.consumedAt)))
    .returning({ id: smsCodes.id });
  if (!row) throw smsCodeInvalid('短信验证码已使用，请重新获取', field);
}
