import type { z } from 'zod';

/**
 * zod's fallback messages in plain Chinese, without the field: validationError puts the field's label
 * in front (出生日期：日期无效). Messages written in a schema win over these.
 */

type RawIssue = z.core.$ZodRawIssue;

const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '是或否',
  object: '一组字段',
  array: '列表',
  date: '日期',
  file: '文件',
  record: '一组字段',
  map: '一组字段',
  set: '列表',
  null: '空值',
};

const FORMAT_MESSAGES: Record<string, string> = {
  email: '邮箱格式不正确',
  url: '网址格式不正确',
  uuid: '编号格式不正确',
  guid: '编号格式不正确',
  datetime: '应为带时区的 ISO 8601 时间，如 2026-01-01T08:00:00+08:00',
  date: '日期格式应为 YYYY-MM-DD',
  time: '时间格式应为 HH:MM:SS',
  base64: '应为 Base64 编码',
  base64url: '应为 Base64URL 编码',
  ipv4: '应为 IPv4 地址',
  ipv6: '应为 IPv6 地址',
};

function shown(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

function bound(value: number | bigint): string {
  return typeof value === 'bigint' ? value.toString() : String(value);
}

function invalidType(issue: RawIssue & { code: 'invalid_type' }): string {
  if (issue.input === undefined) return '必填';
  if (issue.expected === 'int') return '应为整数';
  if (issue.expected === 'number' && typeof issue.input === 'number') return '应为有限的数字';
  const name = TYPE_NAMES[issue.expected];
  return name ? `应为${name}` : '格式不正确';
}

function tooSmall(issue: RawIssue & { code: 'too_small' }): string {
  const n = bound(issue.minimum);
  switch (issue.origin) {
    case 'string':
      return Number(issue.minimum) <= 1 ? '不能为空' : `至少 ${n} 个字`;
    case 'array':
    case 'set':
      return Number(issue.minimum) <= 1 ? '至少选择一项' : `至少 ${n} 项`;
    case 'file':
      return `文件不能小于 ${n} 字节`;
    default:
      return issue.inclusive ? `应不小于 ${n}` : `应大于 ${n}`;
  }
}

function tooBig(issue: RawIssue & { code: 'too_big' }): string {
  const n = bound(issue.maximum);
  switch (issue.origin) {
    case 'string':
      return `不能超过 ${n} 个字`;
    case 'array':
    case 'set':
      return `最多 ${n} 项`;
    case 'file':
      return `文件不能超过 ${n} 字节`;
    case 'int':
      return '数值过大';
    default:
      return issue.inclusive ? `应不大于 ${n}` : `应小于 ${n}`;
  }
}

function invalidValue(values: readonly unknown[]): string {
  if (values.length === 1) return `取值不正确，应为 ${shown(values[0])}`;
  return `取值不正确，应为 ${values.map(shown).join('、')} 之一`;
}

/** The message for an issue no schema gave words to; undefined leaves it to zod's own zh-CN map. */
export function chineseMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(issue);
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_format':
      return FORMAT_MESSAGES[issue.format] ?? '格式不正确';
    case 'not_multiple_of':
      return `应为 ${bound(issue.divisor)} 的倍数`;
    case 'unrecognized_keys':
      return `含有不允许的字段：${issue.keys.join('、')}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      return options && options.length > 0 ? invalidValue(options) : '格式不正确';
    }
    case 'invalid_key':
      return '含有不正确的键名';
    case 'invalid_element':
      return '含有不正确的项';
    case 'invalid_value':
      return invalidValue(issue.values);
    case 'custom':
      return '输入不正确';
    default:
      return undefined;
  }
}
