import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '../../src-main/core/appRoot';

// electron-builder's own loader and JSON schema (app-builder-lib, which `npm run dist` runs), so a
// misspelt or misplaced option fails here instead of at packaging time.
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled?: boolean) => unknown };
const { PlatformPackager } = require('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> } };
};

interface BuilderConfig {
  /** The loader turns the list into one file set. */
  files?: { filter: string[] }[];
  electronFuses?: Record<string, boolean>;
  [option: string]: unknown;
}

const root = findAppRoot();

async function loadConfig(): Promise<BuilderConfig> {
  return getConfig(root, path.join(root, 'electron-builder.yml'), null);
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own configuration schema', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('the schema is strict: a misspelt fuse is refused', async () => {
    const config = await loadConfig();
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsnode: false } };
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(
      /configuration\.electronFuses/,
    );
  });

  it('sets the Electron fuses', async () => {
    const { electronFuses } = await loadConfig();
    expect(electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('hands every fuse to @electron/fuses (as electron-builder flips them after packing)', async () => {
    const { electronFuses } = await loadConfig();
    const { FuseV1Options } = await import('@electron/fuses');
    const flipped = await PlatformPackager.prototype.generateFuseConfig.call(null, electronFuses);
    expect(flipped).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it('leaves the development server and what only it uses out of the package', async () => {
    const { files } = await loadConfig();
    expect(files?.flatMap((set) => set.filter)).toEqual(
      expect.arrayContaining([
        'dist/**',
        '!dist/server/**',
        '!drizzle/server/**',
        '!node_modules/sharp/**',
        '!node_modules/@img/**',
      ]),
    );
  });
});
