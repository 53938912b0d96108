import type { ServiceCode } from './types';

/**
 * The centre's price list, in fen (1 yuan = 100 fen) so sums stay exact. Every service has an entry,
 * possibly 0; exam fees collected at the exam site are 0 here and say so.
 */
export interface Price {
  fen: number;
  note?: string;
}

export const PRICE_TABLE: Readonly<Record<ServiceCode, Price>> = {
  'cert.new.enterprise': { fen: 400_00, note: '含 USB KEY 一枚，证书有效期一年' },
  'cert.new.person': { fen: 200_00, note: '含 USB KEY 一枚，证书有效期一年' },
  'cert.renew': { fen: 300_00, note: '续期一年，使用原 KEY' },
  'cert.reissue': { fen: 0 },
  'cert.infoChange': { fen: 0 },
  'cert.mailing': { fen: 0 },
  'exam.registration': { fen: 0, note: '考试费在报考点现场审核时缴纳' },
  'inspector.registration': { fen: 0, note: '考试费按考试计划另行缴纳' },
  'exam.refund': { fen: 0 },
  'exam.scoreReview': { fen: 0 },
  'qualification.review': { fen: 0 },
  'qualification.appeal': { fen: 0 },
  'dishonest.review': { fen: 0 },
  'discipline.appeal': { fen: 0 },
  'personalInfo.change': { fen: 0 },
  'receipt.request': { fen: 0 },
};

export function feeOf(code: ServiceCode): Price {
  return PRICE_TABLE[code];
}

/** 40000 → "¥400.00". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The sum of several applications' fees, e.g. one order. */
export function totalFen(codes: readonly ServiceCode[]): number {
  return codes.reduce((sum, code) => sum + feeOf(code).fen, 0);
}
