import { AppError, validationError } from '../../src-shared/errors';
import {
  ipcContract,
  type ChannelName,
  type ChannelOutput,
  type IpcContract,
} from '../../src-shared/ipc/contract';
import type { IpcResult } from '../../src-shared/ipc/envelope';
import { SERVER_CHANGED_NOTICE } from '../../src-shared/schemas/settings';
import type { z } from '../../src-shared/zod';
import type { Core } from '../core';
import { errorContext, silentLogger, type Logger } from '../core/logger';

/** A channel's input after its schema parsed it (defaults applied, strings trimmed). */
export type ParsedInput<C extends ChannelName> = z.output<IpcContract[C]['input']>;

/** One handler per contract entry: a channel without a handler does not typecheck. */
export type IpcHandlers = {
  [C in ChannelName]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>>;
};

export interface HostInfo {
  host: 'electron' | 'web';
  version: string;
  /**
   * Opens a URL in the system browser (Electron: shell.openExternal). Absent under start:web, where
   * the renderer is already in a browser and opens it itself.
   */
  openExternal?: (url: string) => Promise<void>;
  /**
   * Electron: main's own file dialog for the KEY driver (PKCS#11 library); resolves null when cancelled.
   * Absent under start:web, where the driver comes from the vendor list (or CERTDESK_PKCS11_MODULE).
   */
  pickKeyDriverFile?: () => Promise<string | null>;
}

const NO_FILE_DIALOG =
  '浏览器版不能选择驱动文件：请从厂商列表中选择 KEY 驱动（开发时也可用环境变量 CERTDESK_PKCS11_MODULE 指定）';

export function createIpcHandlers(core: Core, info: HostInfo): IpcHandlers {
  const { accounts, settings, key, applications, orders, print, uploads, staffOrders, notifications } = core;

  const currentSettings = () => ({
    ...settings.get(),
    canPickDriverFile: info.pickKeyDriverFile !== undefined,
  });

  /** Ends the session (telling the server when it can be reached) and drops what was kept for the account. */
  async function logOutHere() {
    const user = accounts.currentUser();
    const result = await accounts.logout();
    if (user) {
      key.forgetAccount(user.id);
      core.forgetAccount(user.id);
    }
    return result;
  }

  return {
    'app.info': async () => ({
      version: info.version,
      host: info.host,
      apiUrl: settings.currentApiUrl(),
      online: core.connectivity.online(),
      sessionNotice: core.sessionNotice,
    }),
    'settings.get': async () => currentSettings(),
    'settings.update': async (input) => {
      const plan = settings.plan(input);
      const sessionEnded = plan.originChanged && accounts.currentUser() !== null;
      if (plan.originChanged) {
        // While the old origin is still in use: the old server is told, then its records go.
        await logOutHere();
        core.clearKeptRecords();
      }
      const before = settings.pkcs11Module();
      settings.apply(plan);
      if (settings.pkcs11Module() !== before) await key.reload();
      if (sessionEnded)
        core.events.emit('session.ended', { reason: 'revoked', message: SERVER_CHANGED_NOTICE });
      return { ...currentSettings(), sessionEnded };
    },
    'settings.pickKeyDriver': async () => {
      if (!info.pickKeyDriverFile) throw new AppError('FORBIDDEN', NO_FILE_DIALOG);
      const picked = await info.pickKeyDriverFile();
      if (picked === null) return { picked: false, settings: currentSettings() };
      const before = settings.pkcs11Module();
      settings.useDriverFile(picked);
      if (settings.pkcs11Module() !== before) await key.reload();
      return { picked: true, settings: currentSettings() };
    },

    'captcha.new': () => accounts.newCaptcha(),
    'sms.send': (input) => accounts.sendSms(input),
    'account.registerByPhone': (input) => accounts.registerByPhone(input),
    'account.registerByIdNumber': (input) => accounts.registerByIdNumber(input),
    'auth.loginPassword': (input) => accounts.loginPassword(input),
    'auth.loginSms': (input) => accounts.loginSms(input),
    'auth.resetPasswordByPhone': (input) => accounts.resetPasswordByPhone(input),
    'auth.resetPasswordByIdNumber': (input) => accounts.resetPasswordByIdNumber(input),
    'auth.logout': () => logOutHere(),
    'auth.current': async () => accounts.currentUser(),
    'account.changePassword': (input) => accounts.changePassword(input),
    'profile.get': () => accounts.getProfile(),
    'profile.update': (input) => accounts.updateProfile(input),
    'account.changePhone': (input) => accounts.changePhone(input),

    'key.status': () => key.status(),
    'key.certificates': ({ serial }) => key.certificates(serial),
    'key.changePin': (input) => key.changePin(input),
    'key.bind': (input) => key.bind(input),
    'certificates.bound': () => key.boundCertificates(),
    'auth.loginKey': (input) => key.loginKey(input),
    'key.generateRequest': (input) => key.generateRequest(input),
    'key.installCertificate': (input) => key.installCertificate(input),

    'uploads.put': (input) => applications.upload(input),
    'uploads.get': ({ id }) => uploads.get(id),
    'applications.submit': (input) => applications.submit(input),
    'applications.list': () => applications.list(),
    'applications.get': ({ id }) => applications.get(id),
    'applications.edit': (input) => applications.edit(input),
    'applications.transition': (input) => applications.transition(input),
    'applications.delete': (input) => applications.remove(input),
    'staff.applications': (input) => applications.staffList(input),

    'orders.create': (input) => orders.create(input),
    'orders.list': () => orders.list(),
    'orders.get': ({ id }) => orders.get(id),
    'orders.attachSlip': (input) => orders.attachSlip(input),
    'orders.startPayment': async ({ id }) => {
      const started = await orders.startPayment(id);
      if (!info.openExternal) return { ...started, opened: false };
      await info.openExternal(started.payUrl);
      return { ...started, opened: true };
    },
    'orders.invoice': ({ id }) => orders.invoice(id),
    'print.applicationForm': ({ id }) => print.applicationForm(id),
    'print.orderReceipt': ({ id }) => print.orderReceipt(id),
    'staff.orders': (input) => staffOrders.list(input),
    'orders.confirmTransfer': (input) => staffOrders.confirmTransfer(input),
    'orders.returnSlip': (input) => staffOrders.returnSlip(input),

    'notifications.list': () => notifications.list(),
    'notifications.markRead': async ({ ids }) => notifications.markRead(ids),

    'sync.status': async () => core.sync.status(),
    'sync.now': () => core.sync.now(),
    'sync.queue': async () => core.sync.queue(),
    'sync.resubmit': async ({ mutationId }) => core.sync.resubmit(mutationId),
    'sync.discard': async ({ mutationId }) => core.sync.discard(mutationId),
  };
}

const UNKNOWN_CHANNEL = '程序版本不一致，无法执行该操作，请重新启动或更新程序';
const INTERNAL_ERROR = '操作未能完成，程序内部出错，请稍后重试；如多次出现请联系客服';

function isChannel(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(ipcContract, name);
}

/**
 * Runs one IPC call: the channel must be in the contract, the input must pass its schema (else nothing
 * runs), and whatever happens the answer is an envelope; only AppError bodies cross, never a stack.
 */
export async function dispatch(
  handlers: IpcHandlers,
  channel: string,
  rawInput: unknown,
  logger: Logger = silentLogger,
): Promise<IpcResult<unknown>> {
  try {
    if (!isChannel(channel))
      throw new AppError('NOT_FOUND', UNKNOWN_CHANNEL, { channel: channel.slice(0, 80) });
    const entry = ipcContract[channel];
    const input = entry.input.safeParse(rawInput);
    if (!input.success) throw validationError(input.error, entry.input);
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    const output = entry.output.safeParse(await handler(input.data));
    if (!output.success) {
      logger.error('IPC output does not match the contract', { channel, issues: output.error.issues });
      throw new AppError('SERVER_ERROR', INTERNAL_ERROR);
    }
    return { ok: true, data: output.data };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toBody() };
    logger.error('IPC handler failed', { channel, ...errorContext(error) });
    return { ok: false, error: { code: 'SERVER_ERROR', message: INTERNAL_ERROR } };
  }
}
