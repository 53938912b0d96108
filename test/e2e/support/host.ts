import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startWebHost } from '../../../src-main/host/webHost';
import { startTestServer, type TestServer } from '../../helpers/apiServer';

export interface E2eHost {
  /** Open this: http://127.0.0.1:PORT/#secret=… */
  url: string;
  api: TestServer;
  /** Takes the API server away (the desktop services stay): the app is offline from then on. */
  stopApi(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real API server and the start:web host, like test/helpers/webHost.ts, but with a one-second SMS
 * resend interval: one phone receives several codes within a minute in these tests (register, reset,
 * SMS login), which the default 60 s rule would rightly refuse.
 */
export async function startE2eHost(): Promise<E2eHost> {
  const api = await startTestServer({ demo: false, limits: { smsResendSeconds: 1 } });
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'certdesk-e2e-'));
  let apiStopped: Promise<void> | null = null;
  const stopApi = () => (apiStopped ??= api.close());
  const cleanUp = async () => {
    await stopApi();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  try {
    const host = await startWebHost({
      dataDir,
      apiUrl: api.url,
      rendererDir: path.resolve('dist/renderer'),
      connectivityIntervalMs: 1_000,
    });
    return {
      url: host.url,
      api,
      stopApi,
      async close() {
        try {
          await host.close();
        } finally {
          await cleanUp();
        }
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
