import { createCore } from '../../../src-main/core';

/**
 * A desktop core run as its own process, for the kill test: opens the data folder (its session kept in
 * plain text there), syncs until the outbox is empty, prints `done` and exits. A parent kills it anywhere.
 */
async function main() {
  const [dataDir, apiUrl] = process.argv.slice(2);
  if (!dataDir || !apiUrl) throw new Error('usage: syncChild <dataDir> <apiUrl>');
  const core = await createCore({ dataDir, apiUrl, env: {}, syncIntervalMs: 0, syncSizes: { pushBatch: 7 } });
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
