import type { EventName, EventPayload } from '../../src-shared/ipc/events';

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;
export type AnyEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Typed emitter of the events main pushes to the renderer (src-shared/ipc/events.ts). */
export interface CoreEvents {
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
  /** Every event, for hosts that forward all of them to the renderer. */
  onAny(listener: AnyEventListener): () => void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export function createEvents(onListenerError: (error: unknown) => void = () => {}): CoreEvents {
  const anyListeners = new Set<AnyEventListener>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();

  function safely(call: () => void) {
    try {
      call();
    } catch (error) {
      onListenerError(error);
    }
  }

  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    onAny(listener) {
      anyListeners.add(listener);
      return () => anyListeners.delete(listener);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? [])
        safely(() => (listener as EventListener<typeof event>)(payload));
      for (const listener of anyListeners) safely(() => listener(event, payload));
    },
  };
}
