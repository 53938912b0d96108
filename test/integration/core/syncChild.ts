import { createCore } from '../../../src-main/core';

/**
 * A desktop core run as its own process, for the kill test: opens the data folder (its session kept in
 * plain text there), syncs until the outbox is empty, prints `done` and exits. A parent kills it anywhere.
 * On the way it prints `ready` once the core is open and `pending N` whenever the outbox shrank (a push
 * batch was acknowledged), so the parent can choose its kill points by progress, not by the clock alone.
 */
async function main() {
  const [dataDir, apiUrl, batch] = process.argv.slice(2);
  if (!dataDir || !apiUrl) throw new Error('usage: syncChild <dataDir> <apiUrl> [pushBatch]');
  const pushBatch = batch ? Number(batch) : 7;
  const core = await createCore({ dataDir, apiUrl, env: {}, syncIntervalMs: 0, syncSizes: { pushBatch } });
  let pending = core.sync.status().pending;
  process.stdout.write(`ready ${pending}\n`);
  core.events.on('sync.status', (status) => {
    if (status.pending === pending) return;
    pending = status.pending;
    process.stdout.write(`pending ${pending}\n`);
  });
  for (let round = 0; round < 50; round += 1) {
    const status = await core.sync.now();
    if (status.pending === 0 && status.lastError === null) break;
  }
  const status = core.sync.status();
  await core.close();
  process.stdout.write(`${JSON.stringify(status)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
