import { afterEach, describe, expect, it } from 'vitest';
import { createConnectivity, type Connectivity } from '../../src-main/core/connectivity';
import { createEvents } from '../../src-main/core/events';

/** A probe whose every call waits until the test answers it. */
function heldProbes() {
  const pending: Array<(reachable: boolean) => void> = [];
  return {
    probe: () => new Promise<boolean>((resolve) => pending.push(resolve)),
    answer: (index: number, reachable: boolean) => pending[index]!(reachable),
    count: () => pending.length,
  };
}

let connectivity: Connectivity | null = null;
afterEach(() => {
  // stop() waits for the probe in flight, which a held probe never answers.
  void connectivity?.stop();
  connectivity = null;
});

describe('connectivity', () => {
  it('an awaited check sets the state even while an earlier probe is still out', async () => {
    const probes = heldProbes();
    connectivity = createConnectivity({ probe: probes.probe, events: createEvents(), intervalMs: 60_000 });
    expect(probes.count()).toBe(1); // the first probe at start, still unanswered

    const checking = connectivity.check();
    probes.answer(1, false);
    await expect(checking).resolves.toBe(false);
    expect(connectivity.online()).toBe(false);

    // The start-up probe began before the network went away; its late answer must not undo the check.
    probes.answer(0, true);
    await Promise.resolve();
    await Promise.resolve();
    expect(connectivity.online()).toBe(false);
  });

  it('an awaited check sets the state although the timer began another probe after it', async () => {
    const probes = heldProbes();
    connectivity = createConnectivity({ probe: probes.probe, events: createEvents(), intervalMs: 60_000 });
    probes.answer(0, true);
    const checking = connectivity.check();
    void connectivity.check(); // the timer's tick, still unanswered
    probes.answer(1, false);
    await expect(checking).resolves.toBe(false);
    expect(connectivity.online()).toBe(false);
  });

  it('a check started later and answered first is not overruled by an older one', async () => {
    const probes = heldProbes();
    const events = createEvents();
    const seen: boolean[] = [];
    events.on('connectivity', (change) => seen.push(change.online));
    connectivity = createConnectivity({ probe: probes.probe, events, intervalMs: 60_000 });

    const older = connectivity.check();
    const newer = connectivity.check();
    probes.answer(2, false);
    await newer;
    probes.answer(1, true);
    await older;
    probes.answer(0, true);
    await Promise.resolve();
    expect(connectivity.online()).toBe(false);
    expect(seen).toEqual([false]);
  });

  it('a probe that throws counts as offline', async () => {
    let calls = 0;
    connectivity = createConnectivity({
      probe: () => (++calls === 1 ? Promise.resolve(true) : Promise.reject(new Error('ECONNREFUSED'))),
      events: createEvents(),
      intervalMs: 60_000,
    });
    await expect(connectivity.check()).resolves.toBe(false);
    expect(connectivity.online()).toBe(false);
  });
});
