import { AppError } from '../../src-shared/errors';

export function phoneTaken(offerLogin: boolean): AppError {
  const message = offerLogin ? '该手机号已注册，请直接登录' : '该手机号已被其他账号使用，请换一个手机号';
  return new AppError('PHONE_TAKEN', message, {
    fields: [{ field: 'phone', message }],
    ...(offerLogin ? { offerLogin: true } : {}),
  });
}

export function idNumberTaken(offerLogin: boolean): AppError {
  const message = offerLogin ? '该身份证号已注册，请直接登录' : '该证件号码已被其他账号使用，请核对后重试';
  return new AppError('ID_NUMBER_TAKEN', message, {
    fields: [{ field: 'idNumber', message }],
    ...(offerLogin ? { offerLogin: true } : {}),
  });
}

/** The name of the unique index a failed statement hit, if that is why it failed (two racing requests). */
export function violatedUniqueIndex(error: unknown): string | null {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const { code, constraint } = current as Error & { code?: unknown; constraint?: unknown };
    if (code === '23505') return typeof constraint === 'string' ? constraint : '';
  }
  return null;
}

/** The column a failed statement left null against its NOT NULL, if that is why it failed. */
export function violatedNotNull(error: unknown): string | null {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const { code, column } = current as Error & { code?: unknown; column?: unknown };
    if (code === '23502') return typeof column === 'string' ? column : '';
  }
  return null;
}

/** Turns a lost race on phone or ID number into the same answer the up-front check gives. */
export function rethrowTaken(error: unknown, offerLogin: boolean): never {
  const index = violatedUniqueIndex(error);
  if (index === 'accounts_phone_key') throw phoneTaken(offerLogin);
  if (index === 'accounts_id_number_key') throw idNumberTaken(offerLogin);
  throw error;
}
