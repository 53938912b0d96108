/**
 * Mainland resident ID number (GB 11643-1999): 6-digit area code, 8-digit birth date,
 * 3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'length' | 'format' | 'birthDate' | 'checkDigit';

export const ID_NUMBER_MESSAGES: Record<IdNumberProblem, string> = {
  length: '身份证号应为 18 位',
  format: '身份证号格式不正确：前 17 位应为数字，最后一位为数字或 X',
  birthDate: '身份证号中的出生日期无效',
  checkDigit: '身份证号校验位不正确',
};

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Returns the birth date as YYYY-MM-DD, or null if the 8 digits are not a real past date. */
export function idNumberBirthDate(idNumber: string): string | null {
  const y = Number(idNumber.slice(6, 10));
  const m = Number(idNumber.slice(10, 12));
  const d = Number(idNumber.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return null;
  }
  if (date.getTime() > Date.now()) return null;
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

export function idNumberGender(idNumber: string): 'male' | 'female' {
  return Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
}

/** The first problem of an (upper-cased) ID number, or null when it is valid. */
export function idNumberProblem(idNumber: string): IdNumberProblem | null {
  if (idNumber.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(idNumber)) return 'format';
  if (idNumberBirthDate(idNumber) === null) return 'birthDate';
  if (idNumberCheckChar(idNumber.slice(0, 17)) !== idNumber[17]) return 'checkDigit';
  return null;
}

export function maskIdNumber(idNumber: string): string {
  return idNumber.length < 8 ? idNumber : `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`;
}
