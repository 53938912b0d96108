/**
 * Log lines to stdout that can never hold the process: pino's own destination flushes synchronously on
 * exit and retries forever on a pipe nobody reads (EAGAIN), so a server whose parent died could not
 * stop. Here a line is queued on the stream asynchronously, dropped while the pipe is backed up, and
 * write errors (EPIPE once the reader is gone) only stop the logging.
 */
export function nonBlockingStdout(
  stream: NodeJS.WriteStream = process.stdout,
  maxQueuedBytes = 1024 * 1024,
): {
  write(line: string): void;
} {
  let broken = false;
  stream.on('error', () => {
    broken = true;
  });
  return {
    write(line: string) {
      if (broken || stream.writableLength > maxQueuedBytes) return;
      stream.write(line);
    },
  };
}
