import type { DevSms } from '../../src-shared/api/routes';
import { SMS_PURPOSES } from '../../src-shared/schemas/account';
import type { SmsMessage, SmsProvider } from './provider';

interface Logger {
  info(object: object, message: string): void;
}

const OUTBOX_LIMIT = 1000;

/** Development stand-in for an SMS gateway: codes go to an in-memory outbox and the log. */
export class DevSmsProvider implements SmsProvider {
  readonly name = 'dev';
  readonly isDevelopment = true;
  private readonly outbox: SmsMessage[] = [];

  constructor(private readonly log: Logger) {}

  async send(message: SmsMessage): Promise<void> {
    this.outbox.push(message);
    if (this.outbox.length > OUTBOX_LIMIT) this.outbox.shift();
    this.log.info(
      { phone: message.phone, purpose: message.purpose },
      `开发短信：【证书服务中心】您的${SMS_PURPOSES[message.purpose]}验证码是 ${message.code}，${message.validMinutes} 分钟内有效。`,
    );
  }

  /** Messages sent to `phone`, newest first. */
  messagesTo(phone: string): DevSms[] {
    return this.outbox
      .filter((message) => message.phone === phone)
      .reverse()
      .map((message) => ({
        phone: message.phone,
        code: message.code,
        purpose: message.purpose,
        sentAt: message.sentAt.toISOString(),
      }));
  }
}
