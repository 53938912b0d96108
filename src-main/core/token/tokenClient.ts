import { AppError, toAppError } from '../../../src-shared/errors';
import { resolveModule } from './modules';
import {
  isWorkerResponse,
  WORKER_ENV,
  type OpInput,
  type OpName,
  type OpOutput,
  type WorkerRequest,
} from './protocol';
import { forkTokenProcess, type TokenProcess, type TokenProcessFactory } from './tokenProcess';
import type { TokenCertificate, TokenSummary } from './types';

export interface RestartPolicy {
  /** Delay before the first restart; doubles with each quick crash. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** More crashes than this within the window and the supervisor gives up. */
  maxQuickCrashes: number;
  quickCrashWindowMs: number;
}

export interface TokenClientOptions {
  /** The module path saved in the settings. */
  modulePath?: string | null;
  /** Environment of the token process (SOFTHSM2_CONF travels here) and of the module lookup. */
  env?: NodeJS.ProcessEnv;
  processFactory?: TokenProcessFactory;
  /** Per operation, how long the token process may work on a call once it has it; default OP_TIMEOUTS_MS. */
  timeouts?: Partial<Record<OpName, number>>;
  /** How long a call may wait behind others before it fails with TOKEN_BUSY; default: longer than any call. */
  queueTimeoutMs?: number;
  restart?: Partial<RestartPolicy>;
  presenceIntervalMs?: number;
}

export interface TokenClientEvents {
  inserted: TokenSummary;
  removed: TokenSummary;
  /** The token process died (or hung and was killed); calls in flight failed with TOKEN_RESTARTED. */
  restarted: { crashes: number };
  /** Too many crashes: calls fail with TOKEN_UNAVAILABLE until the app restarts. */
  unavailable: { message: string };
}

type Listener<E extends keyof TokenClientEvents> = (payload: TokenClientEvents[E]) => void;

/** One call, from the moment it is made until it is answered. */
interface Call {
  id: number;
  op: OpName;
  input: unknown;
  limitMs: number;
  resolve: (value: unknown) => void;
  reject: (error: AppError) => void;
  /** While queued: the queue deadline. Once sent: the operation's time limit. */
  timer: NodeJS.Timeout | null;
  /** The process it was sent to; null while it waits. */
  sentTo: TokenProcess | null;
}

/** How long the token process may work on one call of each kind: a slow KEY needs tens of seconds for a key. */
export const OP_TIMEOUTS_MS: Readonly<Record<OpName, number>> = {
  listTokens: 10_000,
  mechanisms: 10_000,
  listCertificates: 15_000,
  login: 20_000,
  changePin: 20_000,
  generateRequest: 120_000,
  importCertificate: 30_000,
  removeCertificate: 30_000,
  signChallenge: 30_000,
};

const DEFAULT_RESTART: RestartPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 5_000,
  maxQuickCrashes: 5,
  quickCrashWindowMs: 60_000,
};

export const RESTARTED_MESSAGE = 'KEY 服务已重启，请重试。';
export const BUSY_MESSAGE = 'KEY 正在处理其他操作（如生成密钥），请稍后重试。';

/**
 * The supervisor of the token process, in the main process: typed calls with timeouts, restart with backoff
 * when the process dies, and KEY presence by polling the slot list.
 *
 * Calls go to the process one at a time, in order: the process answers one at a time anyway, so a call's time
 * limit starts only when it is sent, and a call that runs out of time there means the module is stuck (the
 * process is restarted). A call that waited too long in the queue only fails as busy.
 */
export class TokenClient {
  private child: TokenProcess | null = null;
  private readonly queue: Call[] = [];
  private current: Call | null = null;
  private nextId = 1;
  private crashTimes: number[] = [];
  private notBefore = 0;
  private gaveUp: AppError | null = null;
  private closed = false;
  private readonly restart: RestartPolicy;
  private readonly processFactory: TokenProcessFactory;
  private readonly listeners = new Map<keyof TokenClientEvents, Set<(payload: never) => void>>();
  private present = new Map<string, TokenSummary>();
  private presenceTimer: NodeJS.Timeout | null = null;
  private presenceRunning = false;
  private readonly timeouts: Record<OpName, number>;
  private readonly queueTimeoutMs: number;

  constructor(private readonly options: TokenClientOptions = {}) {
    this.restart = { ...DEFAULT_RESTART, ...options.restart };
    this.processFactory = options.processFactory ?? forkTokenProcess();
    this.timeouts = { ...OP_TIMEOUTS_MS, ...options.timeouts };
    this.queueTimeoutMs = options.queueTimeoutMs ?? Math.max(...Object.values(this.timeouts)) + 30_000;
  }

  /** Process id of the current token process (for diagnostics and tests). */
  get processId(): number | undefined {
    return this.child?.pid;
  }

  /** The KEYs seen by the last presence poll, by serial. */
  get tokens(): TokenSummary[] {
    return [...this.present.values()];
  }

  on<E extends keyof TokenClientEvents>(event: E, listener: Listener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  listTokens(): Promise<TokenSummary[]> {
    return this.call('listTokens', {});
  }
  listCertificates(serial: string): Promise<TokenCertificate[]> {
    return this.call('listCertificates', { serial });
  }
  mechanisms(serial: string): Promise<OpOutput<'mechanisms'>> {
    return this.call('mechanisms', { serial });
  }
  login(input: OpInput<'login'>): Promise<OpOutput<'login'>> {
    return this.call('login', input);
  }
  changePin(input: OpInput<'changePin'>): Promise<OpOutput<'changePin'>> {
    return this.call('changePin', input);
  }
  generateRequest(input: OpInput<'generateRequest'>): Promise<OpOutput<'generateRequest'>> {
    return this.call('generateRequest', input);
  }
  importCertificate(input: OpInput<'importCertificate'>): Promise<TokenCertificate> {
    return this.call('importCertificate', input);
  }
  removeCertificate(input: OpInput<'removeCertificate'>): Promise<OpOutput<'removeCertificate'>> {
    return this.call('removeCertificate', input);
  }
  signChallenge(input: OpInput<'signChallenge'>): Promise<OpOutput<'signChallenge'>> {
    return this.call('signChallenge', input);
  }

  /**
   * Renewal: store the new certificate first, then remove the old one and its keys. If anything stops in
   * between, the KEY holds both certificates, each with its key, and both still work; calling again finishes.
   */
  async renewCertificate(
    input: OpInput<'importCertificate'> & { replaces: string },
  ): Promise<TokenCertificate> {
    const { replaces, ...importInput } = input;
    const stored = await this.importCertificate(importInput);
    if (stored.fingerprint !== replaces) {
      await this.removeCertificate({
        serial: input.serial,
        pin: input.pin,
        fingerprint: replaces,
        removeKeys: true,
      });
    }
    return stored;
  }

  call<N extends OpName>(op: N, input: OpInput<N>, timeoutMs?: number): Promise<OpOutput<N>> {
    if (this.closed) return Promise.reject(new AppError('TOKEN_UNAVAILABLE', 'KEY 服务已关闭。'));
    if (this.gaveUp) return Promise.reject(this.gaveUp);
    return new Promise<OpOutput<N>>((resolve, reject) => {
      const call: Call = {
        id: this.nextId++,
        op,
        input,
        limitMs: timeoutMs ?? this.timeouts[op],
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: null,
        sentTo: null,
      };
      call.timer = setTimeout(() => this.expireQueued(call), this.queueTimeoutMs);
      this.queue.push(call);
      this.pump();
    });
  }

  startPresence(): void {
    if (this.presenceRunning || this.closed) return;
    this.presenceRunning = true;
    const tick = async () => {
      // While the KEY works on a call (a key generation takes seconds) a poll could only wait behind it:
      // this one is skipped, the last known state stands, and the next tick asks again.
      if (!this.busy) {
        try {
          this.updatePresence(await this.listTokens());
        } catch {
          // the process restarts or the module is missing: keep the last known state and try again
        }
      }
      if (this.presenceRunning) {
        this.presenceTimer = setTimeout(() => void tick(), this.options.presenceIntervalMs ?? 500);
        this.presenceTimer.unref();
      }
    };
    void tick();
  }

  stopPresence(): void {
    this.presenceRunning = false;
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.presenceTimer = null;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopPresence();
    const child = this.child;
    this.failAll(new AppError('TOKEN_UNAVAILABLE', 'KEY 服务已关闭。'));
    if (!child) return;
    await new Promise<void>((resolve) => {
      child.onExit(() => resolve());
      child.kill();
    });
  }

  /** A call is with the process or waiting for it. */
  private get busy(): boolean {
    return this.current !== null || this.queue.length > 0;
  }

  /** Sends the next queued call when none is with the process. */
  private pump(): void {
    if (this.current || this.closed) return;
    const call = this.queue.shift();
    if (!call) return;
    if (call.timer) clearTimeout(call.timer);
    call.timer = null;
    this.current = call;
    const send = (): Promise<void> =>
      this.ensureProcess().then((child) => {
        if (this.current !== call) return;
        // the process died between starting and this turn: the call was not sent, so it goes to the next one
        if (child !== this.child) return send();
        call.sentTo = child;
        call.timer = setTimeout(() => this.timeOut(call), call.limitMs);
        child.send({ id: call.id, op: call.op, input: call.input } as WorkerRequest);
      });
    send().catch((error: unknown) => {
      if (this.current === call)
        this.finish(call, error instanceof AppError ? error : toAppError(error, 'TOKEN_ERROR'));
    });
  }

  private expireQueued(call: Call): void {
    const index = this.queue.indexOf(call);
    if (index < 0) return;
    this.queue.splice(index, 1);
    call.reject(new AppError('TOKEN_BUSY', BUSY_MESSAGE, { op: call.op }));
  }

  private timeOut(call: Call): void {
    if (this.current !== call) return;
    this.current = null;
    call.reject(
      new AppError('TOKEN_TIMEOUT', 'KEY 长时间没有响应。请确认 KEY 已插好，拔出后重新插入再试。', {
        op: call.op,
      }),
    );
    // A module that does not answer is stuck in native code: only a new process frees it.
    if (call.sentTo) this.retire(call.sentTo);
    this.pump();
  }

  private finish(call: Call, error: AppError | null, data?: unknown): void {
    if (call.timer) clearTimeout(call.timer);
    call.timer = null;
    if (this.current === call) this.current = null;
    if (error) call.reject(error);
    else call.resolve(data);
    this.pump();
  }

  private updatePresence(tokens: TokenSummary[]): void {
    const next = new Map(tokens.map((token) => [token.serial, token]));
    const before = this.present;
    this.present = next;
    for (const [serial, token] of before) if (!next.has(serial)) this.emit('removed', token);
    for (const [serial, token] of next) if (!before.has(serial)) this.emit('inserted', token);
  }

  private async ensureProcess(): Promise<TokenProcess> {
    if (this.child) return this.child;
    const wait = this.notBefore - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (this.child) return this.child;
    if (this.closed) throw new AppError('TOKEN_UNAVAILABLE', 'KEY 服务已关闭。');
    const module = resolveModule({ configuredPath: this.options.modulePath, env: this.options.env });
    const child = this.processFactory({
      ...(this.options.env ?? process.env),
      [WORKER_ENV.modulePath]: module.path,
      [WORKER_ENV.slotsFixedAtInitialize]: module.slotsFixedAtInitialize ? '1' : '0',
    });
    this.child = child;
    child.onMessage((message) => {
      const call = this.current;
      if (!isWorkerResponse(message) || !call || call.id !== message.id || call.sentTo !== child) return;
      if (message.ok) this.finish(call, null, message.data);
      else this.finish(call, toAppError(message.error, 'TOKEN_ERROR'));
    });
    child.onExit(() => this.handleExit(child));
    return child;
  }

  /** Stops using a process at once (later calls get a new one), then kills it. */
  private retire(child: TokenProcess): void {
    this.handleExit(child);
    child.kill();
  }

  private handleExit(child: TokenProcess): void {
    if (child !== this.child) return;
    this.child = null;
    // Only the call the process had is lost; the queued ones were never sent and go to the next process.
    const lost = this.current;
    if (lost?.sentTo === child) {
      if (lost.timer) clearTimeout(lost.timer);
      this.current = null;
      lost.reject(new AppError('TOKEN_RESTARTED', RESTARTED_MESSAGE));
    }
    if (this.closed) return;
    const now = Date.now();
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < this.restart.quickCrashWindowMs), now];
    const crashes = this.crashTimes.length;
    if (crashes > this.restart.maxQuickCrashes) {
      this.gaveUp = new AppError(
        'TOKEN_UNAVAILABLE',
        'KEY 驱动程序反复异常退出，已停止使用。请拔出 KEY、重新安装 KEY 驱动后重启本程序。',
        { crashes },
      );
      this.stopPresence();
      this.failAll(this.gaveUp);
      this.emit('unavailable', { message: this.gaveUp.message });
      return;
    }
    this.notBefore =
      now + Math.min(this.restart.initialDelayMs * 2 ** (crashes - 1), this.restart.maxDelayMs);
    this.emit('restarted', { crashes });
    this.pump();
  }

  private failAll(error: AppError): void {
    const calls = [...(this.current ? [this.current] : []), ...this.queue.splice(0)];
    this.current = null;
    for (const call of calls) {
      if (call.timer) clearTimeout(call.timer);
      call.reject(error);
    }
  }

  private emit<E extends keyof TokenClientEvents>(event: E, payload: TokenClientEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as Listener<E>)(payload);
      } catch {
        // a listener's failure is its own
      }
    }
  }
}
