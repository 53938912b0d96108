import type { AppError } from '../../src-shared/errors';
/**
 * The server checks (and uses up) the captcha once the request passed validation; a request refused by
 * validation, or one that never reached the desktop services, leaves it valid.
 */
export function captchaUsedUp(error: AppError): boolean {
  return error.code !== 'VALIDATION' && error.code !== 'BRIDGE';
}
