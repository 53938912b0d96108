// npm run build:main — bundles the Electron main process and its preload with esbuild (no Electron binary
// needed). The sandboxed preload must be one CommonJS file whose only external is `electron`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'main');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

await build({
  ...common,
  entryPoints: ['src-main/electron/main.ts'],
  outfile: path.join(outdir, 'electron-main.cjs'),
  external: ['electron', 'better-sqlite3', 'pkcs11js', 'electron-updater', 'pino'],
  // Core code finds files next to itself through import.meta.url; give the CJS bundle one.
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
});

// The KEY's token process (Electron utilityProcess): the PKCS#11 module loads here, not in main.
await build({
  ...common,
  entryPoints: ['src-main/core/token/worker.ts'],
  outfile: path.join(outdir, 'token-worker.cjs'),
  external: ['pkcs11js'],
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
});

await build({
  ...common,
  platform: 'browser',
  target: 'chrome130',
  entryPoints: ['src-main/electron/preload.ts'],
  minify: true,
  outfile: path.join(outdir, 'preload.cjs'),
  external: ['electron'],
});

// The API server the packaged app starts when no API URL is configured (dependencies stay in node_modules).
// dist/server/ is as deep as src-server/db/, so the server's relative path to drizzle/server still holds.
if (fs.existsSync(path.join(root, 'src-server', 'cli.ts'))) {
  await build({
    ...common,
    format: 'esm',
    entryPoints: ['src-server/cli.ts'],
    outfile: path.join(root, 'dist', 'server', 'cli.mjs'),
    packages: 'external',
  });
}

console.log('built dist/main/electron-main.cjs, dist/main/token-worker.cjs, dist/main/preload.cjs');
