import type { SmsPurpose } from '../../src-shared/schemas/account';

export interface SmsMessage {
  phone: string;
  code: string;
  purpose: SmsPurpose;
  sentAt: Date;
  validMinutes: number;
}

/** Delivers verification codes. A real gateway implements this; the dev provider keeps them in memory. */
export interface SmsProvider {
  readonly name: string;
  /** True for providers that never reach a phone: refused in production mode. */
  readonly isDevelopment: boolean;
  send(message: SmsMessage): Promise<void>;
}
