import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../src-shared/errors';
import type { KeyStatus } from '../../src-shared/ipc/contract';
import type { TokenCertificate, TokenSummary } from '../../src-shared/schemas/key';
import { ipc } from '../bridge';
import { asAppError } from '../forms/appError';

export interface KeysState {
  /** Null until the first answer. */
  status: KeyStatus | null;
  tokens: TokenSummary[];
  /** The KEY the person works with: the one picked, else the first one inserted. */
  selected: TokenSummary | null;
  select: (serial: string) => void;
  /** Bumped on every insertion or removal: lists that depend on the KEY reload on it. */
  generation: number;
  refresh: () => void;
}

/**
 * The inserted KEYs: `key.status` once, then live from `key.presence`. Not `enabled` (a form that needs
 * no KEY): nothing is asked, so no token process starts for it.
 */
export function useKeys(enabled = true): KeysState {
  const [status, setStatus] = useState<KeyStatus | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  const refresh = useCallback(() => {
    ipc
      .invoke('key.status')
      .then(setStatus)
      .catch((error: unknown) => {
        const { code, message } = asAppError(error);
        setStatus({ tokens: [], problem: { code, message } });
      });
  }, []);

  useEffect(() => {
    if (!enabled) return;
    refresh();
    const offPresence = ipc.on('key.presence', ({ tokens }) => {
      setStatus({ tokens, problem: null });
      setGeneration((n) => n + 1);
    });
    const offService = ipc.on('key.service', () => refresh());
    return () => {
      offPresence();
      offService();
    };
  }, [refresh, enabled]);

  const tokens = status?.tokens ?? [];
  const selected = tokens.find((t) => t.serial === picked) ?? tokens[0] ?? null;
  return { status, tokens, selected, select: setPicked, generation, refresh };
}

export interface KeyCertificatesState {
  items: TokenCertificate[] | null;
  loading: boolean;
  error: AppError | null;
  reload: () => void;
}

/** The certificates on one KEY (no PIN needed), read again whenever a KEY comes or goes. */
export function useKeyCertificates(serial: string | null, generation: number): KeyCertificatesState {
  const [attempt, setAttempt] = useState(0);
  const [answer, setAnswer] = useState<{
    request: string;
    serial: string;
    items: TokenCertificate[] | null;
    error: AppError | null;
  } | null>(null);
  const request = serial === null ? null : `${serial}#${generation}#${attempt}`;

  useEffect(() => {
    if (serial === null || request === null) return;
    let cancelled = false;
    ipc
      .invoke('key.certificates', { serial })
      .then(({ items }) => {
        if (!cancelled) setAnswer({ request, serial, items, error: null });
      })
      .catch((thrown: unknown) => {
        if (!cancelled) setAnswer({ request, serial, items: null, error: asAppError(thrown) });
      });
    return () => {
      cancelled = true;
    };
  }, [serial, request]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  // While the same KEY is read again, its last list stays on screen.
  const current = answer !== null && answer.serial === serial ? answer : null;
  return {
    items: current?.items ?? null,
    error: current?.error ?? null,
    loading: request !== null && answer?.request !== request,
    reload,
  };
}
