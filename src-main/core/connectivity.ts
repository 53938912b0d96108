import type { CoreEvents } from './events';

export interface ConnectivityOptions {
  /** Resolves true when the API answered its health check. Must not throw. */
  probe: () => Promise<boolean>;
  events: CoreEvents;
  /** Between two health checks; default 5 s. */
  intervalMs?: number;
}

export interface Connectivity {
  online(): boolean;
  /** The outcome of a real call: the server answered (true) or could not be reached (false). */
  report(reachable: boolean): void;
  /** Checks now, without waiting for the next tick. */
  check(): Promise<boolean>;
  stop(): Promise<void>;
}

/** Online/offline from /health polling and from the outcome of calls; emits `connectivity` on change. */
export function createConnectivity(options: ConnectivityOptions): Connectivity {
  const intervalMs = options.intervalMs ?? 5_000;
  let online = true;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<boolean> | null = null;

  function set(reachable: boolean) {
    if (stopped || reachable === online) return;
    online = reachable;
    options.events.emit('connectivity', { online, checkedAt: new Date().toISOString() });
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => void check().finally(schedule), intervalMs);
    timer.unref();
  }

  // Every check probes afresh (a probe started before the network went away would answer for the old
  // network). A probe's answer is applied unless one started after it has already answered, so an
  // awaited check() always leaves the state it found, even while the timer's own probe is in flight.
  let started = 0;
  let applied = 0;
  function check(): Promise<boolean> {
    const mine = ++started;
    inFlight = options
      .probe()
      .catch(() => false)
      .then((reachable) => {
        if (mine > applied) {
          applied = mine;
          set(reachable);
        }
        return reachable;
      });
    return inFlight;
  }

  void check().finally(schedule);

  return {
    online: () => online,
    report: set,
    check,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
