/**
 * `--exit-with-parent`: calls `onGone` once the process that started this one is gone, even killed.
 * It polls the parent's pid instead of waiting for stdin to close, since an Electron utility process
 * never gets a stdin.
 */
export function watchParent(options: {
  /** The parent's pid; default process.ppid. */
  pid?: number;
  onGone: () => void;
  intervalMs?: number;
}): () => void {
  const pid = options.pid ?? process.ppid;
  // On POSIX an orphan is handed to another parent: a changed ppid tells even if the pid was reused.
  const watchingOwnParent = pid === process.ppid;
  const timer = setInterval(() => {
    if ((watchingOwnParent && process.ppid !== pid) || !processExists(pid)) {
      clearInterval(timer);
      options.onGone();
    }
  }, options.intervalMs ?? 1_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Signal 0 checks without signalling; EPERM means it exists but belongs to someone else. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
