import type { RuleObject } from 'antd/es/form';
import { labelledMessage, ownLabel } from '../../src-shared/fieldLabels';
import type { z } from '../../src-shared/zod';

interface ZodRuleOptions {
  /** An empty field passes (the value is left out of the request). */
  optional?: boolean;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** The first issue's message as the API words it: with the field's label unless it names it already. */
function firstMessage(schema: z.ZodType, error: z.ZodError, fallback: string): string {
  const issue = error.issues[0];
  if (!issue) return fallback;
  return ownLabel(schema) === undefined ? issue.message : labelledMessage(schema, issue.path, issue.message);
}

/**
 * An antd Form rule that checks a field with the same zod schema the server uses, so the form shows
 * the server's own Chinese messages, named with the schema's label as the server names them (a
 * message that already says 手机号 is left as it is). An empty field is checked as "missing", which gives the schema's
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
        if (!missing.success) throw new Error(firstMessage(schema, missing.error, '此项为必填项'));
        return;
      }
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(firstMessage(schema, result.error, '输入有误'));
    },
  };
}
