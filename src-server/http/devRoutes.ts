import type { FastifyInstance } from 'fastify';
import { DEV_CAPTCHA_PATH, DEV_SMS_PATH } from '../../src-shared/api/routes';
import { AppError, validationError } from '../../src-shared/errors';
import { z } from '../../src-shared/zod';
import { phoneField } from '../../src-shared/schemas/fields';
import type { DevSmsProvider } from '../sms/devSmsProvider';

const smsQuery = z.object({ phone: phoneField });
const captchaQuery = z.object({ captchaId: z.string().min(1, '缺少 captchaId') });

/** Peeks for development and automated tests; never registered in production mode. */
export function registerDevRoutes(
  app: FastifyInstance,
  sms: DevSmsProvider | null,
  captchaAnswers: Map<string, string>,
): void {
  app.get(DEV_SMS_PATH, async (request) => {
    const { phone } = parseQuery(smsQuery, request.query);
    return { messages: sms ? sms.messagesTo(phone) : [] };
  });
  app.get(DEV_CAPTCHA_PATH, async (request) => {
    const { captchaId } = parseQuery(captchaQuery, request.query);
    const text = captchaAnswers.get(captchaId);
    if (text === undefined) throw new AppError('NOT_FOUND', '没有这个图片验证码，或它已被使用');
    return { text };
  });
}

function parseQuery<T>(schema: z.ZodType<T>, query: unknown): T {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}
