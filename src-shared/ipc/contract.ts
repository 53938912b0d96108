import { apiRoutes } from '../api/routes';
import { z } from '../zod';
import { okSchema, sessionUserSchema } from '../schemas/account';

/**
 * The IPC contract: every call the renderer may make to the desktop services, channel → input → output.
 * Electron's preload and the start:web WebSocket host both carry exactly this table; main validates
 * every input with the same schema before a handler runs.
 */
export interface Channel<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

function channel<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): Channel<I, O> {
  return { input, output };
}

const none = z.object({}).optional();

export const appInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'web']),
  apiUrl: z.string(),
  online: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const settingsSchema = z.object({
  apiUrl: z.url({ protocol: /^https?$/, error: '服务地址应以 http:// 或 https:// 开头' }),
});
export type Settings = z.infer<typeof settingsSchema>;

export const profileResultSchema = z.object({
  profile: apiRoutes['profile.get'].output,
  /** True when the API could not be reached and this is the last copy kept on this computer. */
  fromCache: z.boolean(),
  cachedAt: z.string().nullable(),
});
export type ProfileResult = z.infer<typeof profileResultSchema>;

export const ipcContract = {
  'app.info': channel(none, appInfoSchema),
  'settings.get': channel(none, settingsSchema),
  'settings.update': channel(settingsSchema, settingsSchema),

  'captcha.new': channel(none, apiRoutes['captcha.new'].output),
  'sms.send': channel(apiRoutes['sms.send'].input, apiRoutes['sms.send'].output),
  'account.registerByPhone': channel(
    apiRoutes['account.registerByPhone'].input,
    apiRoutes['account.registerByPhone'].output,
  ),
  'account.registerByIdNumber': channel(
    apiRoutes['account.registerByIdNumber'].input,
    apiRoutes['account.registerByIdNumber'].output,
  ),
  /** The session token stays in main; the renderer only learns who is logged in. */
  'auth.loginPassword': channel(apiRoutes['auth.loginPassword'].input, sessionUserSchema),
  'auth.loginSms': channel(apiRoutes['auth.loginSms'].input, sessionUserSchema),
  'auth.resetPasswordByPhone': channel(
    apiRoutes['auth.resetPasswordByPhone'].input,
    apiRoutes['auth.resetPasswordByPhone'].output,
  ),
  'auth.resetPasswordByIdNumber': channel(
    apiRoutes['auth.resetPasswordByIdNumber'].input,
    apiRoutes['auth.resetPasswordByIdNumber'].output,
  ),
  'auth.logout': channel(none, okSchema),
  /** Who is logged in on this computer (from the local store: answers offline too). */
  'auth.current': channel(none, sessionUserSchema.nullable()),
  'account.changePassword': channel(
    apiRoutes['account.changePassword'].input,
    apiRoutes['account.changePassword'].output,
  ),
  'profile.get': channel(none, profileResultSchema),
  'profile.update': channel(apiRoutes['profile.update'].input, apiRoutes['profile.update'].output),
} as const;

export type IpcContract = typeof ipcContract;
export type ChannelName = keyof IpcContract;
export type ChannelInput<C extends ChannelName> = z.input<IpcContract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<IpcContract[C]['output']>;

export const CHANNEL_NAMES = Object.keys(ipcContract) as ChannelName[];
