import { describe, expect, it } from 'vitest';
import { apiRoutes, devCaIssueInput, type ApiName } from '../../src-shared/api/routes';
import { ipcContract, type ChannelName } from '../../src-shared/ipc/contract';
import { createOrderInput } from '../../src-shared/schemas/order';
import { submitApplicationInput, uploadQuery } from '../../src-shared/schemas/application';
import { updateProfileInput } from '../../src-shared/schemas/account';
import { settingsUpdateInput } from '../../src-shared/schemas/settings';
import { validationError } from '../../src-shared/errors';
import { fieldLabel, WHOLE_INPUT_LABEL } from '../../src-shared/fieldLabels';
import { z } from '../../src-shared/zod';

type Path = (string | number)[];

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const WRAPPERS = ['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional'];

/** Every leaf of an input schema (a value that is not an object, list or record), by path. */
function leaves(schema: z.ZodType, path: Path = []): Path[] {
  const def = defOf(schema);
  if (WRAPPERS.includes(def.type) && def.innerType) return leaves(def.innerType, path);
  if (def.type === 'pipe') {
    const inner = leaves(def.in!, path);
    return inner.length === 1 && inner[0]!.length === path.length ? leaves(def.out!, path) : inner;
  }
  if (def.type === 'object') {
    return Object.entries(def.shape!).flatMap(([key, child]) => leaves(child, [...path, key]));
  }
  if (def.type === 'array') return leaves(def.element!, [...path, 0]);
  if (def.type === 'record') return leaves(def.valueType!, [...path, 'someKey']);
  if (def.type === 'union') return def.options!.flatMap((option) => leaves(option, path));
  if (def.type === 'intersection') return [...leaves(def.left!, path), ...leaves(def.right!, path)];
  return [path];
}

function unlabelled(schema: z.ZodType): string[] {
  return leaves(schema)
    .filter((path) => path.length > 0)
    .filter((path) => {
      const label = fieldLabel(schema, path);
      return label === null || label === WHOLE_INPUT_LABEL;
    })
    .map((path) => path.join('.'));
}

describe('every input field has a Chinese label', () => {
  it.each(Object.keys(apiRoutes) as ApiName[])('route %s', (name) => {
    expect(unlabelled(apiRoutes[name].input)).toEqual([]);
  });

  it.each(Object.keys(ipcContract) as ChannelName[])('IPC channel %s', (name) => {
    expect(unlabelled(ipcContract[name].input)).toEqual([]);
  });

  it('the upload query and the dev CA', () => {
    expect(unlabelled(uploadQuery)).toEqual([]);
    expect(unlabelled(devCaIssueInput)).toEqual([]);
  });

  it('the walk finds leaves (a schema with no label fails)', () => {
    expect(unlabelled(z.object({ a: z.string(), b: z.array(z.object({ c: z.number() })) }))).toEqual([
      'a',
      'b.0.c',
    ]);
  });
});

describe('fieldLabel', () => {
  it('finds the nearest label along the path, through wrappers, lists and records', () => {
    expect(fieldLabel(updateProfileInput, ['birthDate'])).toBe('出生日期');
    expect(fieldLabel(createOrderInput, ['invoice'])).toBe('发票信息');
    expect(fieldLabel(createOrderInput, ['invoice', 'title'])).toBe('发票抬头');
    expect(fieldLabel(createOrderInput, ['applicationIds', 2])).toBe('申请单第 3 项');
    expect(fieldLabel(submitApplicationInput, ['attachments', 'photo'])).toBe('附件「photo」');
    expect(fieldLabel(submitApplicationInput, ['renewalProof', 'signature'])).toBe('签名');
    expect(fieldLabel(settingsUpdateInput, ['keyDriver', 'vendorId'])).toBe('KEY 驱动');
    expect(fieldLabel(updateProfileInput, [])).toBe(WHOLE_INPUT_LABEL);
  });
});

function refusal(schema: z.ZodType, input: unknown) {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error('accepted');
  return validationError(parsed.error, schema);
}

describe('validationError names the field', () => {
  it('the examples of issue 8', () => {
    const submit = { service: 'cert.new.person', values: {} };
    expect(refusal(submitApplicationInput, { ...submit, blankKey: 'yes' }).message).toBe(
      '是否空白 KEY：应为是或否',
    );
    const { invoice: _invoice, ...order } = {
      applicationIds: ['00000000-0000-4000-8000-000000000000'],
      paymentMethod: 'transfer',
      invoice: null,
      mailing: { address: '福建省福州市鼓楼区', recipient: '张三', phone: '13800000001' },
      contactPhone: '13800000001',
    };
    expect(refusal(createOrderInput, order).message).toBe('发票信息：必填');
    expect(refusal(createOrderInput, { ...order, applicationIds: ['x'] }).details?.fields?.[0]).toEqual({
      field: 'applicationIds.0',
      message: '申请单第 1 项：编号格式不正确',
    });
    expect(refusal(updateProfileInput, { version: 1, birthDate: '2023-13-45' }).message).toBe(
      '出生日期：日期无效',
    );
    for (const version of [-1, '3', 1.5]) {
      expect(refusal(updateProfileInput, { version }).message).toBe('版本号：应为不小于 0 的整数');
    }
    expect(refusal(updateProfileInput, {}).message).toBe('版本号：必填');
    expect(refusal(updateProfileInput, null).message).toBe('请求内容：应为一组字段');
  });

  it('keeps a message that names its field, and the paths of every field', () => {
    const error = refusal(updateProfileInput, { version: 1, postalCode: '12', email: 'x' });
    expect(error.details?.fields).toEqual([
      { field: 'email', message: '邮箱格式不正确' },
      { field: 'postalCode', message: '邮政编码应为 6 位数字' },
    ]);
  });

  it('zod’s own fallbacks read as plain Chinese', () => {
    const schema = z.object({
      kind: z.enum(['a', 'b']).meta({ label: '类型' }),
      text: z.string().min(3).max(5).meta({ label: '说明' }),
      count: z.number().int().min(1).meta({ label: '数量' }),
    });
    const messages = refusal(schema, { kind: 'c', text: 'x', count: 0 }).details?.fields?.map(
      (field) => field.message,
    );
    expect(messages).toEqual(['类型：取值不正确，应为 a、b 之一', '说明：至少 3 个字', '数量：应不小于 1']);
    expect(refusal(schema, { kind: 'a', text: 'abcdefg', count: 1.5 }).details?.fields).toEqual([
      { field: 'text', message: '说明：不能超过 5 个字' },
      { field: 'count', message: '数量：应为整数' },
    ]);
  });
});
