import { z } from '../zod';
import { tokenSummarySchema } from '../schemas/key';
import { syncStatusSchema } from '../schemas/desktopSync';

/** Events main pushes to the renderer. */
export const ipcEvents = {
  /** The remote API became reachable or unreachable. */
  connectivity: z.object({ online: z.boolean(), checkedAt: z.string() }),
  /** The session ended outside the user's hands (expired, revoked, password changed elsewhere). */
  'session.ended': z.object({ reason: z.enum(['expired', 'revoked']), message: z.string() }),
  /** A KEY was inserted or removed: every KEY present now. */
  'key.presence': z.object({ tokens: z.array(tokenSummarySchema) }),
  /** The KEY service (token process) was restarted after a crash or hang, or given up on. */
  'key.service': z.object({ state: z.enum(['restarted', 'unavailable']), message: z.string() }),
  /** The desktop's sync changed (started, finished, failed, queue grew or shrank). */
  'sync.status': syncStatusSchema,
} as const;

export type IpcEvents = typeof ipcEvents;
export type EventName = keyof IpcEvents;
export type EventPayload<E extends EventName> = z.infer<IpcEvents[E]>;
export const EVENT_NAMES = Object.keys(ipcEvents) as EventName[];
