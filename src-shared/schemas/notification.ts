import { z } from '../zod';
import { idField } from './fields';

/** Messages the centre leaves for an account: certificate expiry reminders and the like. */

export const NOTIFICATION_KINDS = {
  expiry30: '证书 30 天后到期',
  expiry7: '证书 7 天后到期',
} as const;
export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.enum(Object.keys(NOTIFICATION_KINDS) as [NotificationKind, ...NotificationKind[]]),
  title: z.string(),
  body: z.string(),
  certificateId: z.string().nullable(),
  /** When the account marked it read (on any of its desktops); null while unread. */
  readAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof notificationSchema>;
export const notificationListSchema = z.object({ items: z.array(notificationSchema) });

export const notificationRefInput = z.object({ id: idField.meta({ label: '消息编号' }) });
