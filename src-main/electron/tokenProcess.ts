import { utilityProcess } from 'electron';
import type { TokenProcessFactory } from '../core/token';

/**
 * The token process as an Electron utility process: a vendor KEY library that crashes takes this process
 * down, never the app. `entry` is the bundled worker (dist/main/token-worker.cjs).
 */
export function utilityTokenProcess(entry: string): TokenProcessFactory {
  return (env) => {
    const child = utilityProcess.fork(entry, [], { env, serviceName: 'certdesk KEY', stdio: 'inherit' });
    return {
      get pid() {
        return child.pid;
      },
      send: (request) => child.postMessage(request),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => {
        child.once('exit', (code) => listener({ code, signal: null }));
      },
      kill: () => {
        child.kill();
      },
    };
  };
}
