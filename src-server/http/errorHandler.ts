import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, type ErrorCode } from '../../src-shared/errors';

const JSON_ONLY = '请以 JSON 格式（Content-Type: application/json）提交';

/** Fastify's own request errors (before a handler runs), in our words. */
const FRAMEWORK_ERRORS: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['PAYLOAD_TOO_LARGE', '提交的内容过大，请精简后重试'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE', `请求格式不受支持，${JSON_ONLY}`],
  FST_ERR_CTP_INVALID_JSON_BODY: ['VALIDATION', `请求内容不是有效的 JSON，${JSON_ONLY}`],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['VALIDATION', `请求内容为空，${JSON_ONLY}`],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['VALIDATION', '请求内容长度与声明不符，请重试'],
};

function isFrameworkClientError(error: unknown): error is FastifyError {
  const { code, statusCode } = error as Partial<FastifyError>;
  return (
    typeof code === 'string' &&
    code.startsWith('FST_') &&
    typeof statusCode === 'number' &&
    statusCode >= 400 &&
    statusCode < 500
  );
}

/** Every failure leaves as `{code,message,details}`: no stack, no SQL, whatever went wrong. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isFrameworkClientError(error)) {
    const known = FRAMEWORK_ERRORS[error.code];
    if (known) return new AppError(known[0], known[1]);
    // Secure JSON parsing refuses `__proto__` keys with a SyntaxError carrying statusCode 400.
    return new AppError('VALIDATION', '请求格式不正确，请检查后重试');
  }
  if (error instanceof SyntaxError && (error as Partial<FastifyError>).statusCode === 400) {
    return new AppError('VALIDATION', `请求内容不是有效的 JSON，${JSON_ONLY}`);
  }
  return new AppError('SERVER_ERROR', '服务器内部错误，请稍后重试');
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code }, appError.message);
    const retryAfter = appError.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    return reply.status(appError.status).send(appError.toBody());
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send(new AppError('NOT_FOUND', `接口不存在：${request.method} ${request.url.split('?')[0]}`).toBody()),
  );
}
