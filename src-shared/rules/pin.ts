/** The user PIN a new USB KEY leaves the factory with (seed 003); it must be changed before signing. */
export const FACTORY_PIN = '111111';

export const PIN_RULE_TEXT = 'PIN 码为 6–16 位字母或数字';

export type NewPinProblem = 'format' | 'factory' | 'unchanged';

export const NEW_PIN_MESSAGES: Record<NewPinProblem, string> = {
  format: PIN_RULE_TEXT,
  factory: '新 PIN 码不能是出厂 PIN 码 111111',
  unchanged: '新 PIN 码不能与原 PIN 码相同',
};

export function pinFormatOk(pin: string): boolean {
  return /^[A-Za-z0-9]{6,16}$/.test(pin);
}

export function newPinProblem(newPin: string, oldPin: string): NewPinProblem | null {
  if (!pinFormatOk(newPin)) return 'format';
  if (newPin === FACTORY_PIN) return 'factory';
  if (newPin === oldPin) return 'unchanged';
  return null;
}
