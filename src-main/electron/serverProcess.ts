import { utilityProcess } from 'electron';
import type { ServerSpawner } from '../core';

/**
 * The bundled development server as an Electron utility process: Electron's own Node, without
 * ELECTRON_RUN_AS_NODE (the runAsNode fuse is off). `modulePath` is a built script (dist/server/cli.mjs):
 * a utility process takes no --import loader, and it has no stdin.
 */
export const utilityServerSpawner: ServerSpawner = (modulePath, args, options) => {
  const child = utilityProcess.fork(modulePath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: 'pipe',
    serviceName: 'certdesk API (development)',
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    onOutput: (listener) => {
      child.stdout?.on('data', (chunk: Buffer) => listener(chunk.toString('utf8')));
      child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString('utf8')));
    },
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    onError: (listener) =>
      child.once('error', (type, location) => listener(new Error(`${type} at ${location}`))),
    running: () => !exited,
    kill: (signal) => {
      // utilityProcess.kill() only sends SIGTERM (POSIX) or ends the process (Windows).
      if (signal === 'SIGKILL' && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      else child.kill();
    },
  };
};
