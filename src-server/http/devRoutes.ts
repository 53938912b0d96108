import type { FastifyInstance } from 'fastify';
import {
  DEV_CA_ISSUE_PATH,
  DEV_CAPTCHA_PATH,
  DEV_SMS_PATH,
  devCaIssueInput,
} from '../../src-shared/api/routes';
import { AppError, validationError } from '../../src-shared/errors';
import { z } from '../../src-shared/zod';
import { phoneField } from '../../src-shared/schemas/fields';
import type { ServiceContext } from '../services/context';
import { issueCertificate } from '../services/issuedCertificates';
import type { DevSmsProvider } from '../sms/devSmsProvider';

const smsQuery = z.object({ phone: phoneField });
const captchaQuery = z.object({
  captchaId: z.string().min(1, '缺少 captchaId').meta({ label: '图片验证码编号' }),
});

/** Peeks for development and automated tests; never registered in production mode. */
export function registerDevRoutes(
  app: FastifyInstance,
  ctx: ServiceContext,
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
  // Stands in for the application workflow (issue 4) so tests and the demo KEY get certificates.
  app.post(DEV_CA_ISSUE_PATH, async (request) => {
    const input = parseQuery(devCaIssueInput, request.body ?? {});
    const issued = await issueCertificate(ctx, {
      csrPem: input.csrPem,
      subject: input.subject,
      validityDays: input.validityDays,
      notBefore: input.notBefore === undefined ? undefined : new Date(input.notBefore),
    });
    return { certificatePem: issued.pem };
  });
}

function parseQuery<T>(schema: z.ZodType<T>, query: unknown): T {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw validationError(parsed.error, schema);
  return parsed.data;
}
