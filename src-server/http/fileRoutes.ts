import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ORDER_INVOICE_PATH,
  SANDBOX_PAY_PATH,
  UPLOAD_MAX_BYTES,
  UPLOADS_PATH,
} from '../../src-shared/api/routes';
import { AppError, validationError } from '../../src-shared/errors';
import { uploadQuery, type UploadQuery } from '../../src-shared/schemas/application';
import { z } from '../../src-shared/zod';
import { FILE_MIME } from '../../src-shared/catalogue';
import type { ServiceContext } from '../services/context';
import { invoiceFile } from '../services/invoices';
import { SANDBOX_PAGE_CSP, sandboxPageHtml } from '../payments/sandboxPage';
import { sandboxPay, sandboxPayment } from '../services/payments';
import { authenticate, type Authenticated } from '../services/sessions';
import { readUpload, storeUpload } from '../services/uploads';
import { bearerToken } from './bearer';

/** Routes whose bodies or answers are files, not JSON: uploads and their download. */

const UPLOAD_TYPES = ['application/octet-stream', 'image/png', 'image/jpeg', 'application/pdf'];
const idParams = z.object({ id: z.uuid('文件编号格式不正确').meta({ label: '文件编号' }) });
const sandboxParams = z.object({
  paymentId: z.uuid('支付编号格式不正确').meta({ label: '支付编号' }),
});
const sandboxBody = z.object({
  deliver: z
    .boolean({ error: 'deliver（是否通知）应为 true 或 false' })
    .default(true)
    .meta({ label: '是否通知' }),
});

const UPLOAD_BODY_ONLY =
  '上传接口只接受文件本身：请把文件内容直接作为请求体发送，Content-Type 为 image/png、image/jpeg、application/pdf 或 application/octet-stream（不是 JSON 或表单）';

function mediaType(request: FastifyRequest): string | undefined {
  return request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error, schema);
  return parsed.data;
}

/** Sends bytes as a download; the name travels RFC 5987-encoded so Chinese survives. */
export function sendFile(reply: FastifyReply, bytes: Buffer, mime: string, fileName: string): FastifyReply {
  return reply
    .header('content-type', mime)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('cache-control', 'private, no-store')
    .send(bytes);
}

export function registerFileRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const session = (request: FastifyRequest) => authenticate(ctx, bearerToken(request));

  // Own scope: only here are raw bytes accepted, and up to the upload limit.
  void app.register(async (scope) => {
    const accepted = new WeakMap<FastifyRequest, { auth: Authenticated; query: UploadQuery }>();
    scope.addContentTypeParser(
      UPLOAD_TYPES,
      { parseAs: 'buffer', bodyLimit: UPLOAD_MAX_BYTES },
      (_request, body, done) => done(null, body),
    );
    // Session, query and type are judged before the body is read: a stranger's 5 MB is never taken in.
    scope.addHook('onRequest', async (request) => {
      const auth = await session(request);
      const query = parse(uploadQuery, request.query);
      const type = mediaType(request);
      if (type === undefined || !UPLOAD_TYPES.includes(type)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', UPLOAD_BODY_ONLY, {
          fields: [{ field: 'file', message: UPLOAD_BODY_ONLY }],
        });
      }
      accepted.set(request, { auth, query });
    });
    scope.post(UPLOADS_PATH, { bodyLimit: UPLOAD_MAX_BYTES }, async (request) => {
      const { auth, query } = accepted.get(request)!;
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      return storeUpload(ctx, auth.account, query, bytes);
    });
  });

  app.get(`${UPLOADS_PATH}/:id`, async (request, reply) => {
    const { account } = await session(request);
    const { id } = parse(idParams, request.params);
    const { upload, bytes } = await readUpload(ctx, account, id);
    return sendFile(
      reply,
      bytes,
      FILE_MIME[upload.kind],
      upload.fileName ?? `${upload.attachmentKey}.${upload.kind}`,
    );
  });

  app.get(ORDER_INVOICE_PATH, async (request, reply) => {
    const { account } = await session(request);
    const { id } = parse(idParams, request.params);
    const { bytes, fileName } = await invoiceFile(ctx, account, id);
    return sendFile(reply, bytes, 'application/pdf', fileName);
  });

  if (ctx.sandboxPayments) {
    // The page the payer's browser opens (payUrl); its button posts to the route below.
    app.get(SANDBOX_PAY_PATH, async (request, reply) => {
      const { paymentId } = parse(sandboxParams, request.params);
      const html = sandboxPageHtml(await sandboxPayment(ctx, paymentId));
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', SANDBOX_PAGE_CSP)
        .header('cache-control', 'no-store')
        .send(html);
    });
    app.post(SANDBOX_PAY_PATH, async (request) => {
      const { paymentId } = parse(sandboxParams, request.params);
      const { deliver } = parse(sandboxBody, request.body ?? {});
      return sandboxPay(ctx, paymentId, deliver);
    });
  }
}
