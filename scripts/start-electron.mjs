// npm start — builds and starts the Electron app; on machines without the Electron binary, says so in one
// line and points to start:web.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

let electronBinary;
try {
  // The electron package exports the path of its binary, and throws when the binary was never downloaded:
  // its install script, which downloads it, is not allowed to run at install time (allowScripts).
  electronBinary = require('electron');
} catch {
  console.error(
    '未找到 Electron 可执行文件。能下载时运行一次 node node_modules/electron/install.js；否则请改用：npm run start:web',
  );
  process.exit(1);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const built = spawnSync(npm, ['run', 'build'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (built.status !== 0) process.exit(built.status ?? 1);

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE; // would start Electron as plain Node
const child = spawn(electronBinary, ['.'], { cwd: root, stdio: 'inherit', env });
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
