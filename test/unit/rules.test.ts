import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, creditCodeProblem } from '../../src-shared/rules/creditCode';
import {
  idNumberBirthDate,
  idNumberCheckChar,
  idNumberGender,
  idNumberProblem,
  maskIdNumber,
} from '../../src-shared/rules/idNumber';
import { maskPhone } from '../../src-shared/rules/mask';
import {
  idNumberField,
  passwordField,
  PASSWORD_RULE_TEXT,
  phoneField,
} from '../../src-shared/schemas/fields';

describe('ID number (GB 11643)', () => {
  it('accepts known valid numbers, including the check character X', () => {
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idNumberProblem('110101199003070716')).toBeNull();
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
  });

  it('finds a wrong check digit whichever digit is changed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const valid = '110101199003070716';
        if (position >= 6 && position < 14) return; // those digits are the birth date
        const digit = (Number(valid[position]) + delta) % 10;
        const changed = valid.slice(0, position) + digit + valid.slice(position + 1);
        expect(idNumberProblem(changed)).toBe('checkDigit');
      }),
    );
  });

  it('says what is wrong: length, format, birth date, check digit', () => {
    expect(idNumberProblem('1101051949123100')).toBe('length');
    expect(idNumberProblem('11010519491231002Y')).toBe('format');
    expect(idNumberProblem('1101051949123100X2')).toBe('format');
    expect(idNumberProblem('110105194913310021')).toBe('birthDate');
    expect(idNumberProblem('110101199003070715')).toBe('checkDigit');
  });

  it('reads the birth date: leap days, impossible days and future dates', () => {
    const withDate = (yyyymmdd: string) => {
      const first17 = `110101${yyyymmdd}071`;
      return first17 + idNumberCheckChar(first17);
    };
    expect(idNumberBirthDate(withDate('20000229'))).toBe('2000-02-29');
    expect(idNumberBirthDate(withDate('19000229'))).toBeNull();
    expect(idNumberBirthDate(withDate('19990431'))).toBeNull();
    expect(idNumberBirthDate(withDate('18991231'))).toBeNull();
    expect(idNumberBirthDate(withDate('29991231'))).toBeNull();
  });

  it('reads the gender from the sequence digit (odd = male)', () => {
    expect(idNumberGender('110101199003070716')).toBe('male');
    expect(idNumberGender('11010519491231002X')).toBe('female');
  });

  it('normalises a lower-case x in the shared field and names the problem in Chinese', () => {
    expect(idNumberField.parse(' 11010519491231002x ')).toBe('11010519491231002X');
    const result = idNumberField.safeParse('110101199003070715');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('身份证号校验位不正确');
  });

  it('masks all but the first and last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });
});

describe('unified social credit code (GB 32100)', () => {
  it('accepts a valid code and finds a wrong check character', () => {
    expect(creditCodeProblem('91350100MA2Y0C3K1W')).toBeNull();
    expect(creditCodeProblem('91350100MA2Y0C3K1X')).toBe('checkChar');
    expect(creditCodeProblem('91110000600037341L')).toBeNull();
  });

  it('refuses the letters I, O, S, V, Z and wrong lengths', () => {
    expect(creditCodeProblem('91350100MA2Y0C3KIW')).toBe('format');
    expect(creditCodeProblem('91350100MA2Y0C3K1')).toBe('format');
    expect(creditCodeProblem('91350100ma2y0c3k1w')).toBe('format');
  });

  it('computes a check character every valid 17-character prefix accepts', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { minLength: 17, maxLength: 17 }), (chars) => {
        const first17 = chars.join('');
        expect(creditCodeProblem(first17 + creditCodeCheckChar(first17))).toBeNull();
      }),
    );
  });
});

describe('password rule', () => {
  const problem = (password: string) => passwordField.safeParse(password).error?.issues[0]?.message ?? null;

  it('needs 6–30 characters with both letters and digits', () => {
    expect(problem('abc123')).toBeNull();
    expect(problem('Passw0rd!@#')).toBeNull();
    expect(problem('a1'.repeat(15))).toBeNull();
    expect(problem('ab12')).toBe(PASSWORD_RULE_TEXT);
    expect(problem('a1'.repeat(15) + 'x')).toBe(PASSWORD_RULE_TEXT);
    expect(problem('12345678')).toBe(PASSWORD_RULE_TEXT);
    expect(problem('abcdefgh')).toBe(PASSWORD_RULE_TEXT);
  });

  it('refuses spaces and characters outside printable ASCII', () => {
    expect(problem('abc 1234')).toBe('密码只能包含字母、数字和英文符号，不能有空格');
    expect(problem('密码abc123')).toBe('密码只能包含字母、数字和英文符号，不能有空格');
  });
});

describe('phone numbers', () => {
  it('masks the middle four digits as the portals show the logged-in phone', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('1381234')).toBe('1381234');
  });

  it('accepts mainland mobile numbers only', () => {
    expect(phoneField.safeParse('13800000001').success).toBe(true);
    expect(phoneField.safeParse('12800000001').success).toBe(false);
    expect(phoneField.safeParse('1380000000').success).toBe(false);
  });
});
