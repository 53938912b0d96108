import type { RuleObject } from 'antd/es/form';
import type { z } from '../../src-shared/zod';

interface ZodRuleOptions {
  /** An empty field passes (the value is left out of the request). */
  optional?: boolean;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * An antd Form rule that checks a field with the same zod schema the server uses, so the form shows
 * the server's own Chinese messages. An empty field is checked as "missing", which gives the schema's
 * "请输入…" message instead of a format complaint.
 */
export function zodRule(schema: z.ZodType, options: ZodRuleOptions = {}): RuleObject {
  return {
    // Only for the red mark on the label: the validator below does the checking, with the schema's words.
    required: !options.optional,
    validator: async (_rule, value: unknown) => {
      if (isEmpty(value)) {
        if (options.optional) return;
        const missing = schema.safeParse(undefined);
        if (!missing.success) throw new Error(missing.error.issues[0]?.message ?? '此项为必填项');
        return;
      }
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? '输入有误');
    },
  };
}
