import { useCallback, useState } from 'react';
import type { ServiceDef } from '../../src-shared/catalogue';
import type { Application } from '../../src-shared/schemas/application';
import type { KeysState } from '../key/useKeys';
import { defaultMode, type MadeRequest, type RequestChoice, type RequestMode } from './keyRequest';

export interface KeyRequestChoice {
  choice: RequestChoice;
  onChange: (choice: RequestChoice) => void;
  /** A fresh form (继续申请): nothing picked, no request. */
  reset: () => void;
}

/**
 * The KEY step's state: the mode follows the KEY (inserted → make the request on it, none → blank KEY)
 * until the person picks one. With `serial` (renewal), a request counts only while that KEY is the one read.
 */
export function useKeyRequestChoice(
  service: ServiceDef,
  keys: KeysState,
  options: { existing?: Pick<Application, 'hasCsr' | 'blankKey'>; serial?: string | null } = {},
): KeyRequestChoice {
  const [picked, setPicked] = useState<RequestMode | null>(null);
  const [request, setRequest] = useState<MadeRequest | null>(null);
  const mode = picked ?? defaultMode(service, keys.tokens.length > 0, options.existing);
  const current =
    request !== null && (options.serial === undefined || request.serial === options.serial) ? request : null;
  const onChange = useCallback((next: RequestChoice) => {
    setPicked(next.mode);
    setRequest(next.request);
  }, []);
  const reset = useCallback(() => {
    setPicked(null);
    setRequest(null);
  }, []);
  return { choice: { mode, request: current }, onChange, reset };
}
