import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../src-shared/errors';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../src-shared/ipc/contract';
import { asAppError } from '../forms/appError';
import { ipc } from './index';

export interface ChannelState<C extends ChannelName> {
  /** The last answer; kept while a reload runs, so tables do not blink empty. */
  data: ChannelOutput<C> | null;
  loading: boolean;
  error: AppError | null;
  reload: () => void;
}

/**
 * Reads a channel for a screen: again whenever the input changes (compared by value) or `reload` is
 * called; an answer that arrives after the screen moved on is dropped.
 */
export function useChannel<C extends ChannelName>(channel: C, input?: ChannelInput<C>): ChannelState<C> {
  const inputKey = JSON.stringify(input ?? null);
  const [generation, setGeneration] = useState(0);
  const request = `${generation}:${inputKey}`;
  const [answer, setAnswer] = useState<{
    request: string;
    data: ChannelOutput<C> | null;
    error: AppError | null;
  } | null>(null);

  useEffect(() => {
    let cancelled = false;
    const parsed = JSON.parse(inputKey) as ChannelInput<C> | null;
    ipc
      .invoke(channel, parsed ?? undefined)
      .then((data) => {
        if (!cancelled) setAnswer({ request, data, error: null });
      })
      .catch((thrown: unknown) => {
        if (!cancelled)
          setAnswer((previous) => ({ request, data: previous?.data ?? null, error: asAppError(thrown) }));
      });
    return () => {
      cancelled = true;
    };
  }, [channel, inputKey, request]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return {
    data: answer?.data ?? null,
    loading: answer?.request !== request,
    error: answer?.error ?? null,
    reload,
  };
}
