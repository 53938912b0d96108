import { performance } from 'node:perf_hooks';

/**
 * A closed-loop HTTP load: `clients` loops, each sending its next request as soon as the previous
 * answer is read, over fetch's keep-alive connections (one per loop at most).
 */

/** What one run of the load saw. */
export interface Sample {
  /** Milliseconds from sending each request to reading its whole answer. */
  latencies: number[];
  /** Answers other than 200; the first one's text is kept in `firstError`. */
  errors: number;
  firstError: string | null;
  seconds: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  perSecond: number;
  /** Latency in milliseconds. */
  p50: number;
  p99: number;
}

/** The request client `client` sends next (called once per request). */
export type NextRequest = (client: number) => { url: string; init: RequestInit };

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Every loop starts requests until `seconds` have passed, then finishes the one in flight. */
export async function drive(clients: number, seconds: number, next: NextRequest): Promise<Sample> {
  const sample: Sample = { latencies: [], errors: 0, firstError: null, seconds: 0 };
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const loop = async (client: number) => {
    while (performance.now() < deadline) {
      const { url, init } = next(client);
      const sent = performance.now();
      const response = await fetch(url, init);
      const text = await response.text();
      sample.latencies.push(performance.now() - sent);
      if (response.status !== 200) {
        sample.errors += 1;
        sample.firstError ??= `${response.status} ${text.slice(0, 500)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, client) => loop(client)));
  sample.seconds = (performance.now() - start) / 1000;
  return sample;
}

/** Several runs of the same load taken together: throughput over their summed time, percentiles over all. */
export function summarize(samples: readonly Sample[]): LoadResult {
  const latencies = samples.flatMap((sample) => sample.latencies).sort((a, b) => a - b);
  const seconds = samples.reduce((sum, sample) => sum + sample.seconds, 0);
  return {
    requests: latencies.length,
    errors: samples.reduce((sum, sample) => sum + sample.errors, 0),
    firstError: samples.find((sample) => sample.firstError !== null)?.firstError ?? null,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
