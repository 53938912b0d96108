import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json and drizzle/: found by walking up from this module, so it is the same
 * whether the code runs from src-main under tsx or from the bundled dist/main/electron-main.cjs
 * (the bundle defines import.meta.url). A packaged Electron app passes its own paths instead.
 */
export function findAppRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'drizzle'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`application root not found above ${from}`);
    dir = parent;
  }
}
