import { validationError } from '../../src-shared/errors';
import type { z } from '../../src-shared/zod';

/**
 * Checks a whole request with its shared schema before it is sent, so rules across fields (两次输入的
 * 密码不一致, 新密码不能与旧密码相同) refuse here exactly as the server would. Throws the VALIDATION
 * AppError the server would return; useFormSubmit puts it on the fields.
 */
export function checkWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error, schema);
  return result.data;
}
