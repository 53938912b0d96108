import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { VENDOR_ID_PATTERN } from '../../../src-shared/schemas/settings';
import { z } from '../../../src-shared/zod';
import vendorList from '../../../native/pkcs11-modules.json';

/** Environment variable naming a PKCS#11 module; beats the vendor list, loses to the settings. */
export const MODULE_ENV = 'CERTDESK_PKCS11_MODULE';

const moduleEntry = z.object({
  id: z.string().regex(VENDOR_ID_PATTERN),
  vendor: z.string(),
  paths: z.array(z.string()).min(1),
  slotsFixedAtInitialize: z.boolean().optional(),
  verified: z.boolean(),
});
const moduleCatalogue = z.object({
  win32: z.array(moduleEntry),
  linux: z.array(moduleEntry),
  darwin: z.array(moduleEntry),
});

export type ModuleEntry = z.infer<typeof moduleEntry>;
export type ModuleCatalogue = z.infer<typeof moduleCatalogue>;

export const VENDOR_MODULES: ModuleCatalogue = moduleCatalogue.parse(vendorList);

export interface ResolvedModule {
  path: string;
  source: 'settings' | 'env' | 'vendor-list';
  vendor: string | null;
  /** The module sees only the tokens present at C_Initialize; polling must re-initialise it. */
  slotsFixedAtInitialize: boolean;
}

export interface ResolveModuleOptions {
  /** The path saved in the settings, if any. */
  configuredPath?: string | null;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  catalogue?: ModuleCatalogue;
}

/** Settings path, else CERTDESK_PKCS11_MODULE, else the first vendor module present on this machine. */
export function resolveModule(options: ResolveModuleOptions = {}): ResolvedModule {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const entries = platformEntries(options.catalogue ?? VENDOR_MODULES, platform);

  const configured = options.configuredPath?.trim();
  if (configured) return explicitModule(configured, 'settings', entries);
  const fromEnv = env[MODULE_ENV]?.trim();
  if (fromEnv) return explicitModule(fromEnv, 'env', entries);

  const tried: string[] = [];
  for (const entry of entries) {
    for (const pattern of entry.paths) {
      const candidate = expandEnv(pattern, env, platform);
      tried.push(candidate);
      const found = firstMatch(candidate);
      if (found) {
        return {
          path: found,
          source: 'vendor-list',
          vendor: entry.vendor,
          slotsFixedAtInitialize: entry.slotsFixedAtInitialize ?? false,
        };
      }
    }
  }
  throw new AppError(
    'TOKEN_MODULE_MISSING',
    '未找到 KEY 驱动程序。请安装 KEY 厂商提供的驱动，或在“设置”中指定驱动文件（PKCS#11 库）的路径。',
    { tried },
  );
}

/** The message for a module file that exists but cannot be loaded (wrong architecture, missing deps). */
export function moduleLoadError(modulePath: string, reason: string): AppError {
  return new AppError(
    'TOKEN_MODULE_INVALID',
    `无法加载 KEY 驱动 ${modulePath}。请确认该驱动与本程序同为 ${process.arch === 'x64' ? '64' : '32'} 位版本，或重新安装 KEY 厂商的驱动后重试。`,
    { path: modulePath, reason },
  );
}

function explicitModule(
  modulePath: string,
  source: 'settings' | 'env',
  entries: ModuleEntry[],
): ResolvedModule {
  if (!isFile(modulePath)) {
    const where = source === 'settings' ? '“设置”中指定的' : `环境变量 ${MODULE_ENV} 指定的`;
    throw new AppError(
      'TOKEN_MODULE_MISSING',
      `找不到${where} KEY 驱动文件：${modulePath}。请检查路径是否正确，或重新安装 KEY 厂商的驱动。`,
      { path: modulePath, source },
    );
  }
  const known = entries.find((entry) =>
    entry.paths.some((p) => matchesName(path.basename(modulePath), windowsOrPosixBasename(p))),
  );
  return {
    path: modulePath,
    source,
    vendor: known?.vendor ?? null,
    slotsFixedAtInitialize: known?.slotsFixedAtInitialize ?? false,
  };
}

export interface VendorModuleOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  catalogue?: ModuleCatalogue;
}

/** The vendor entries of this OS, in the order they are tried. */
export function vendorEntries(options: VendorModuleOptions = {}): ModuleEntry[] {
  return platformEntries(options.catalogue ?? VENDOR_MODULES, options.platform ?? process.platform);
}

/**
 * Where the module of vendor `id` is on this computer: its first file present, else its first path as
 * written (so that loading it names the file the vendor's installer should have put there); null for
 * an id not in this OS's list.
 */
export function vendorModulePath(
  id: string,
  options: VendorModuleOptions = {},
): { path: string; installed: boolean; entry: ModuleEntry } | null {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const entry = vendorEntries(options).find((candidate) => candidate.id === id);
  if (entry === undefined) return null;
  const candidates = entry.paths.map((pattern) => expandEnv(pattern, env, platform));
  for (const candidate of candidates) {
    const found = firstMatch(candidate);
    if (found !== null) return { path: found, installed: true, entry };
  }
  return { path: candidates[0] ?? '', installed: false, entry };
}

function platformEntries(catalogue: ModuleCatalogue, platform: NodeJS.Platform): ModuleEntry[] {
  if (platform === 'win32' || platform === 'darwin') return catalogue[platform];
  return catalogue.linux;
}

function expandEnv(pattern: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const expanded = pattern.replace(/%([A-Za-z0-9_()]+)%/g, (whole, name: string) => env[name] ?? whole);
  return platform === 'win32' ? expanded : expanded.replaceAll('\\', '/');
}

/** A path whose file name may hold '*' wildcards: the first matching file in its folder. */
function firstMatch(candidate: string): string | null {
  const sep = candidate.includes('\\') && !candidate.includes('/') ? '\\' : '/';
  const cut = candidate.lastIndexOf(sep);
  const dir = candidate.slice(0, cut);
  const name = candidate.slice(cut + 1);
  if (!name.includes('*')) return isFile(candidate) ? candidate : null;
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    return null;
  }
  const hit = names.find((n) => matchesName(n, name) && isFile(`${dir}${sep}${n}`));
  return hit === undefined ? null : `${dir}${sep}${hit}`;
}

function matchesName(name: string, pattern: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(name);
}

function windowsOrPosixBasename(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
