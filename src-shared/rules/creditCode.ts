/**
 * Unified social credit code (GB 32100-2015): 18 characters from a 31-letter alphabet
 * (digits and capitals without I, O, S, V, Z); the last one is a MOD 31 check character.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'format' | 'checkChar';

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, string> = {
  format: '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）',
  checkChar: '统一社会信用代码校验位不正确',
};

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += ALPHABET.indexOf(first17[i] ?? '') * (WEIGHTS[i] ?? 0);
  return ALPHABET[(31 - (sum % 31)) % 31] ?? '';
}

export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (!new RegExp(`^[${ALPHABET}]{18}$`).test(code)) return 'format';
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return 'checkChar';
  return null;
}
