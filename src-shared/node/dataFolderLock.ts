import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';

// Node only (the desktop services and the server; never the renderer): one owner per data folder.

export const LOCK_FILE_NAME = '.lock';

/** How a program that found its data folder taken exits (EX_TEMPFAIL): its starter may try again. */
export const FOLDER_BUSY_EXIT_CODE = 75;

export interface LockOwner {
  pid: number;
  /** When the owner took the lock (ISO). */
  startedAt: string;
  /** How the owner was started, for the person reading the refusal: `npm run start:web`. */
  command: string;
}

export class DataFolderBusyError extends AppError {
  constructor(
    readonly dir: string,
    readonly owner: LockOwner,
    /** How to pick another folder, e.g. `用 CERTDESK_DATA_DIR 指定另一个数据目录`. */
    otherFolderHint: string,
  ) {
    super(
      'SERVICE_UNAVAILABLE',
      `数据目录 ${dir} 正由进程 ${owner.pid}（${owner.command}）使用：请先关闭它，或${otherFolderHint}`,
      { pid: owner.pid },
    );
    this.name = 'DataFolderBusyError';
  }
}

export interface DataFolderLock {
  file: string;
  owner: LockOwner;
  /** Removes the lock file if it is still ours. Idempotent, synchronous (runs at process exit too). */
  release(): void;
}

/** Folders this process holds: a second take in the same process is refused like another process. */
const held = new Set<string>();

/**
 * Takes `<dir>/.lock`, creating it atomically (`wx`) with this process's pid. A lock whose process is
 * gone is taken over; one whose process lives throws DataFolderBusyError. Released by `release()` or,
 * failing that, when the process exits normally; a killed owner leaves a stale lock the next start takes.
 */
export async function acquireDataFolderLock(
  dir: string,
  options: { command?: string; otherFolderHint: string },
): Promise<DataFolderLock> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = fs.realpathSync(dir);
  const file = path.join(dir, LOCK_FILE_NAME);
  const owner: LockOwner = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    command: options.command ?? describeCommand(),
  };
  const content = JSON.stringify(owner);
  const busy = (other: LockOwner) => new DataFolderBusyError(dir, other, options.otherFolderHint);
  // Reserved before the first await: two takes in this process never both get past here.
  if (held.has(key)) throw busy(readOwner(file) ?? owner);
  held.add(key);
  try {
    await take(file, content, busy);
  } catch (error) {
    held.delete(key);
    throw error;
  }

  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(key);
    process.off('exit', release);
    try {
      if (fs.readFileSync(file, 'utf8') === content) fs.unlinkSync(file);
    } catch {
      // Already gone (the folder was removed): nothing to release.
    }
  };
  process.on('exit', release);
  return { file, owner, release };
}

async function take(file: string, content: string, busy: (other: LockOwner) => Error): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (createExclusive(file, content)) return;
    const current = readIfThere(file);
    if (current === null) continue; // released in between: try again
    const other = parseOwner(current);
    if (other !== null && ownerAlive(other)) throw busy(other);
    // Stale (dead owner, or unreadable: a crash mid-write). Several starters may see it at once: the one
    // holding the takeover file replaces it, the others wait and look again.
    if (takeOver(file, current, content)) return;
    if (attempt >= 50) throw busy(other ?? { pid: 0, startedAt: '', command: '未知' });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function createExclusive(file: string, content: string): boolean {
  try {
    fs.writeFileSync(file, content, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Replaces a stale lock whose text was `stale`, under `<lock>.takeover` (taken with `wx`) so that two
 * starters never both replace it. False when another starter is taking over, or already has.
 */
function takeOver(file: string, stale: string, content: string): boolean {
  const guard = `${file}.takeover`;
  if (!createExclusive(guard, String(process.pid))) {
    clearDeadGuard(guard);
    return false;
  }
  try {
    if (readIfThere(file) !== stale) return false;
    const fresh = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(fresh, content, { mode: 0o600 });
    fs.renameSync(fresh, file);
    return fs.readFileSync(file, 'utf8') === content;
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

/** A takeover file left by a starter that died in those few milliseconds. */
function clearDeadGuard(guard: string) {
  try {
    const pid = Number(fs.readFileSync(guard, 'utf8'));
    const age = Date.now() - fs.statSync(guard).mtimeMs;
    if ((Number.isSafeInteger(pid) && pid > 0 && !processAlive(pid)) || age > 10_000)
      fs.rmSync(guard, { force: true });
  } catch {
    // Gone already.
  }
}

function readIfThere(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function readOwner(file: string): LockOwner | null {
  const text = readIfThere(file);
  return text === null ? null : parseOwner(text);
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as Partial<LockOwner> | null;
    if (typeof value?.pid !== 'number' || !Number.isSafeInteger(value.pid) || value.pid < 1) return null;
    return {
      pid: value.pid,
      startedAt: typeof value.startedAt === 'string' ? value.startedAt : '',
      command: typeof value.command === 'string' ? value.command : '未知',
    };
  } catch {
    return null;
  }
}

/**
 * Whether the lock's owner still runs. Our own pid in a lock this process does not hold is a leftover of
 * an earlier process that had the same pid (a container restarted: pid 1 again). A pid taken by another
 * process since is caught on Linux by its start time, later than the lock; elsewhere a reused pid is
 * taken for the owner (the person is told which process, and can end it or remove the lock).
 */
export function ownerAlive(owner: LockOwner): boolean {
  if (owner.pid === process.pid) return false;
  if (!processAlive(owner.pid)) return false;
  const started = linuxProcessStart(owner.pid);
  const locked = Date.parse(owner.startedAt);
  // btime has a resolution of one second; a few seconds of slack keep a real owner alive.
  return started === null || Number.isNaN(locked) || started <= locked + 3_000;
}

/** Signal 0 checks without signalling; EPERM means it exists but belongs to someone else. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return linuxProcessState(pid) !== 'Z';
}

function procStat(pid: number): string[] | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields after it follow the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function linuxProcessState(pid: number): string | null {
  return procStat(pid)?.[0] ?? null;
}

/** When the process started (ms since the epoch), from /proc; null where that is not cheap to know. */
function linuxProcessStart(pid: number): number | null {
  const ticks = Number(procStat(pid)?.[19]);
  if (!Number.isFinite(ticks)) return null;
  try {
    const btime = /^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1];
    // USER_HZ is 100 on every Linux Node runs on.
    return btime === undefined ? null : Number(btime) * 1_000 + ticks * 10;
  } catch {
    return null;
  }
}

/** This process's command line, shortened: what a caller that does not name itself is called. */
function describeCommand(): string {
  return [path.basename(process.argv0), ...process.argv.slice(1).map((arg) => path.basename(arg))]
    .join(' ')
    .slice(0, 200);
}
