import { eq } from 'drizzle-orm';
import svgCaptcha from 'svg-captcha';
import { AppError } from '../../src-shared/errors';
import type { Captcha } from '../../src-shared/schemas/account';
import { addSeconds } from '../clock';
import { captchas } from '../db/schema';
import type { CallerInfo, ServiceContext } from './context';
import { countRequest } from './requestCounts';
import { keyedHash } from './secrets';

/** Characters that look alike in a distorted image are left out. */
const CONFUSABLE = '0oO1iIlLqg9zZ2sS5uvVwW';
const DEV_ANSWERS_LIMIT = 1000;

/** A new challenge, at most `captchaPerIp` per IP in each window (each one is a database row). */
export async function newCaptcha(ctx: ServiceContext, caller: CallerInfo): Promise<Captcha> {
  await countRequest(ctx, {
    subject: `captcha:${caller.ip}`,
    max: ctx.limits.captchaPerIp,
    windowSeconds: ctx.limits.captchaWindowSeconds,
    refusal: (wait) =>
      new AppError('RATE_LIMITED', `获取图片验证码过于频繁，请 ${Math.ceil(wait / 60)} 分钟后再试`, {
        retryAfterSeconds: wait,
      }),
  });
  const { text, data } = svgCaptcha.create({ size: 4, ignoreChars: CONFUSABLE, noise: 2, color: true });
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(captchas)
    .values({
      answerHash: keyedHash(ctx.secret, 'captcha', text.toLowerCase()),
      expiresAt: addSeconds(now, ctx.limits.captchaTtlSeconds),
    })
    .returning({ id: captchas.id });
  const captchaId = row!.id;
  rememberDevAnswer(ctx, captchaId, text);
  return { captchaId, svg: data, expiresInSeconds: ctx.limits.captchaTtlSeconds };
}

/** Checks an answer; the challenge is used up whether the answer was right or not. */
export async function checkCaptcha(ctx: ServiceContext, captchaId: string, answer: string): Promise<void> {
  const [row] = await ctx.db.delete(captchas).where(eq(captchas.id, captchaId)).returning();
  ctx.devCaptchaAnswers?.delete(captchaId);
  if (!row) {
    throw captchaInvalid('图片验证码已失效，请点击图片换一张');
  }
  if (row.expiresAt <= ctx.clock.now()) {
    throw captchaInvalid('图片验证码已过期，请点击图片换一张');
  }
  if (row.answerHash !== keyedHash(ctx.secret, 'captcha', answer.trim().toLowerCase())) {
    throw captchaInvalid('图片验证码不正确，请重新输入新的验证码');
  }
}

function captchaInvalid(message: string): AppError {
  return new AppError('CAPTCHA_INVALID', message, { fields: [{ field: 'captchaText', message }] });
}

function rememberDevAnswer(ctx: ServiceContext, captchaId: string, text: string): void {
  const answers = ctx.devCaptchaAnswers;
  if (!answers) return;
  answers.set(captchaId, text);
  if (answers.size > DEV_ANSWERS_LIMIT) {
    const oldest = answers.keys().next().value;
    if (oldest !== undefined) answers.delete(oldest);
  }
}
