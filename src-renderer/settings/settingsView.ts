import {
  apiOrigin,
  apiUrlField,
  type KeyDriverSetting,
  type KeyVendor,
  type Settings,
  type SettingsUpdateInput,
} from '../../src-shared/schemas/settings';

/** What the 设置 form holds: the address as typed, the driver as one Select value. */
export interface SettingsFormValues {
  apiUrl: string;
  /** Absent where the form does not show it (the first-run page). */
  keyDriver?: DriverValue;
}

/** 'auto', `vendor:<id>`, or 'file' (a file chosen in main's dialog; it cannot be chosen again here). */
export type DriverValue = 'auto' | 'file' | `vendor:${string}`;

export function driverValueOf(driver: KeyDriverSetting): DriverValue {
  if (driver.kind === 'vendor') return `vendor:${driver.vendorId}`;
  return driver.kind;
}

export interface DriverOption {
  value: DriverValue;
  label: string;
  /** Only for vendors: whether one of its module files is on this computer. */
  installed?: boolean;
  /** Only for vendors: not yet checked against a real KEY of that vendor. */
  unverified?: boolean;
}

export const AUTO_DRIVER_LABEL = '自动（本机已安装的第一个厂商驱动）';

/** 自动, the file chosen earlier (when it is the one in use), then every vendor of this OS's list. */
export function driverOptions(settings: Pick<Settings, 'keyDriver' | 'vendors'>): DriverOption[] {
  const options: DriverOption[] = [{ value: 'auto', label: AUTO_DRIVER_LABEL }];
  const driver = settings.keyDriver;
  if (driver.kind === 'file') {
    const name = driver.vendor ? `${driver.vendor}：` : '';
    options.push({ value: 'file', label: `驱动文件：${name}${driver.path}` });
  }
  for (const vendor of settings.vendors) options.push(vendorOption(vendor));
  return options;
}

function vendorOption(vendor: KeyVendor): DriverOption {
  return {
    value: `vendor:${vendor.id}`,
    label: vendor.name,
    installed: vendor.installed,
    unverified: !vendor.verified,
  };
}

/**
 * Whether the 服务地址 field shows the address in use. The development server's address is never
 * offered for saving: it changes with every start.
 */
function shownApiUrl(settings: Settings): string {
  return settings.apiUrlSource === 'bundled' ? '' : (settings.apiUrl ?? '');
}

export function formValuesOf(settings: Settings): SettingsFormValues {
  return { apiUrl: shownApiUrl(settings), keyDriver: driverValueOf(settings.keyDriver) };
}

/** The 服务地址 field may stay empty only while the development server answers in its place. */
export function apiUrlOptional(settings: Settings): boolean {
  return settings.apiUrlSource === 'bundled';
}

function sameApiUrl(typed: string, current: string | null): boolean {
  if (current === null) return false;
  const parsed = apiUrlField.safeParse(typed);
  return parsed.success ? parsed.data === current : false;
}

/**
 * The settings.update request for what the person changed, unchecked (checkWith gives the refusals
 * their fields). Unchanged fields are left out, so a locked 服务地址 or an earlier driver file is never
 * sent back.
 */
export function updateRequestOf(settings: Settings, values: SettingsFormValues): Record<string, unknown> {
  const request: Record<string, unknown> = {};
  const typed = values.apiUrl?.trim() ?? '';
  const empty = typed === '';
  if (!settings.apiUrlLocked && !(empty && apiUrlOptional(settings)) && !sameApiUrl(typed, settings.apiUrl)) {
    request.apiUrl = typed;
  }
  // Absent on the first-run page, which asks for the address only.
  const driver = values.keyDriver;
  if (driver !== undefined && driver !== driverValueOf(settings.keyDriver) && driver !== 'file') {
    request.keyDriver =
      driver === 'auto' ? { kind: 'auto' } : { kind: 'vendor', vendorId: driver.slice('vendor:'.length) };
  }
  return request;
}

export function isEmptyUpdate(input: SettingsUpdateInput): boolean {
  return input.apiUrl === undefined && input.keyDriver === undefined;
}

/** Whether saving `input` points the app at another server (another origin): that ends a session. */
export function changesServer(settings: Pick<Settings, 'apiUrl'>, input: SettingsUpdateInput): boolean {
  if (input.apiUrl === undefined) return false;
  return settings.apiUrl === null || apiOrigin(settings.apiUrl) !== apiOrigin(input.apiUrl);
}

/** Saving asks first: a signed-in person pointing the app at another server is signed out. */
export function needsSignOutConfirm(
  settings: Pick<Settings, 'apiUrl'>,
  input: SettingsUpdateInput,
  signedIn: boolean,
): boolean {
  return signedIn && changesServer(settings, input);
}

/** Under the 服务地址 field: where the address in use comes from. */
export function apiUrlSourceText(settings: Settings): string {
  switch (settings.apiUrlSource) {
    case 'option':
      return '由启动参数指定，不能在此修改';
    case 'env':
      return '由环境变量 CERTDESK_API_URL 指定，不能在此修改';
    case 'settings':
      return '已保存在本机设置中';
    case 'build':
      return '安装包预置的地址，可改为贵单位提供的地址';
    case 'bundled':
      return `尚未填写：正在使用开发用的演示服务 ${settings.apiUrl ?? ''}（每次启动地址不同，不会保存）`;
    case null:
      return '尚未设置服务地址，请填写证书服务中心提供的地址';
  }
}

/** Nothing configured and no development server: the first-run page comes before login. */
export function needsFirstRun(settings: Pick<Settings, 'apiUrl'>): boolean {
  return settings.apiUrl === null;
}

export const NO_FILE_DIALOG_HINT =
  '浏览器版（start:web）不能打开文件对话框选择驱动文件：请从上面的厂商列表中选择；开发时也可用环境变量 CERTDESK_PKCS11_MODULE 指定驱动文件';

export const SIGN_OUT_CONFIRM = {
  title: '更换服务地址',
  content:
    '更换服务地址后将退出当前账号，并删除本机保存的资料（申请单、订单、通知等记录的本机副本，服务端的数据不受影响）。确定要继续吗？',
  okText: '更换并退出登录',
} as const;
