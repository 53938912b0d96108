import { z } from '../zod';

/** 设置: the API the desktop talks to (服务地址) and the USB KEY's PKCS#11 driver (KEY 驱动). */

/** 127.0.0.0/8, ::1 and localhost: the only hosts plain http:// may reach (a server on this computer). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1') return true;
  const octets = host.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
  );
}

/**
 * 服务地址: https:// (http:// only for this computer), no user name, query or fragment; kept without a
 * trailing slash so that the same server is always the same string.
 */
export const apiUrlField = z
  .string({ error: '服务地址：请输入服务地址' })
  .trim()
  .min(1, '服务地址：请输入服务地址')
  .max(500, '服务地址：地址过长')
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: '服务地址：请输入完整的网址，如 https://api.example.cn' });
      return z.NEVER;
    }
    const problem = apiUrlProblem(url);
    if (problem !== null) {
      ctx.addIssue({ code: 'custom', message: `服务地址：${problem}` });
      return z.NEVER;
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  })
  .meta({ label: '服务地址' });

function apiUrlProblem(url: URL): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return '应以 https:// 开头';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return '须使用 https://（只有本机地址 127.0.0.1、localhost 可以用 http://）';
  }
  if (url.username !== '' || url.password !== '') return '不能包含用户名或密码';
  if (url.search !== '' || url.hash !== '') return '不能包含 ? 或 # 之后的部分';
  return null;
}

/** The same server, as far as a session token is concerned. */
export function apiOrigin(apiUrl: string): string {
  return new URL(apiUrl).origin;
}

/** Why the login page opens after 服务地址 changed under a signed-in person (main and the page say it alike). */
export const SERVER_CHANGED_NOTICE = '服务地址已更改，已退出登录，请在新的服务上重新登录';

export const VENDOR_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,40}$/;

/**
 * What the renderer may choose as KEY 驱动: automatic (CERTDESK_PKCS11_MODULE, then the first vendor
 * module found) or one vendor of the list by id. A file is only ever chosen in main's own file dialog.
 */
export const keyDriverChoice = z
  .discriminatedUnion(
    'kind',
    [
      closedObject({ kind: z.literal('auto') }, 'keyDriver.'),
      closedObject(
        {
          kind: z.literal('vendor'),
          vendorId: z
            .string({ error: 'KEY 驱动：请选择厂商' })
            .regex(VENDOR_ID_PATTERN, 'KEY 驱动：请选择厂商')
            .meta({ label: 'KEY 驱动' }),
        },
        'keyDriver.',
      ),
    ],
    { error: 'KEY 驱动：请选择“自动”或列表中的厂商' },
  )
  .meta({ label: 'KEY 驱动' });
export type KeyDriverChoice = z.infer<typeof keyDriverChoice>;

/** A field settings.update refuses by name: a driver path never comes from the renderer. */
const NOT_SETTABLE =
  '不能由界面指定：KEY 驱动请从厂商列表中选择，桌面版也可以点「选择驱动文件」在系统对话框中选择';

/**
 * An object that refuses every field it does not know, each by its own name (a strict object would
 * report them together, on no field).
 */
function closedObject<S extends z.ZodRawShape>(shape: S, prefix = '') {
  return z
    .looseObject(shape, { error: '设置：内容应为一组设置项' })
    .superRefine((value, ctx) => {
      for (const key of Object.keys(value)) {
        if (!Object.prototype.hasOwnProperty.call(shape, key)) {
          ctx.addIssue({ code: 'custom', path: [key], message: `「${prefix}${key}」${NOT_SETTABLE}` });
        }
      }
    })
    .transform((value) => {
      const known: Record<string, unknown> = {};
      for (const key of Object.keys(shape)) if (key in value) known[key] = value[key];
      return known as z.output<z.ZodObject<S>>;
    });
}

export const settingsUpdateInput = closedObject({
  apiUrl: apiUrlField.optional(),
  keyDriver: keyDriverChoice.optional(),
});
export type SettingsUpdateInput = z.infer<typeof settingsUpdateInput>;

/** Where the API URL in use comes from, strongest first; `bundled`: the development server this app started. */
export const API_URL_SOURCES = ['option', 'env', 'settings', 'build', 'bundled'] as const;
export type ApiUrlSource = (typeof API_URL_SOURCES)[number];

export const keyDriverSettingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('auto') }),
  z.object({ kind: z.literal('vendor'), vendorId: z.string(), vendor: z.string() }),
  z.object({ kind: z.literal('file'), path: z.string(), vendor: z.string().nullable() }),
]);
export type KeyDriverSetting = z.infer<typeof keyDriverSettingSchema>;

export const keyVendorSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** One of its module files is on this computer. */
  installed: z.boolean(),
  /** Checked against a real KEY of that vendor. */
  verified: z.boolean(),
});
export type KeyVendor = z.infer<typeof keyVendorSchema>;

export const settingsSchema = z.object({
  /** Null: nothing configured and no development server: the first-run page asks for it. */
  apiUrl: z.string().nullable(),
  apiUrlSource: z.enum(API_URL_SOURCES).nullable(),
  /** Set by a start option or CERTDESK_API_URL: the page shows it and cannot change it. */
  apiUrlLocked: z.boolean(),
  keyDriver: keyDriverSettingSchema,
  vendors: z.array(keyVendorSchema),
  /** Electron: main can open a file dialog for the driver; start:web: the vendor list only. */
  canPickDriverFile: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsUpdateResultSchema = settingsSchema.extend({
  /** The API origin changed: the session ended and the records kept from the old server were dropped. */
  sessionEnded: z.boolean(),
});
export type SettingsUpdateResult = z.infer<typeof settingsUpdateResultSchema>;

export const keyDriverPickedSchema = z.object({
  /** False when the dialog was cancelled (nothing changed). */
  picked: z.boolean(),
  settings: settingsSchema,
});
export type KeyDriverPicked = z.infer<typeof keyDriverPickedSchema>;
