import { Tag } from 'antd';
import { EXPIRY_LEVELS, type ExpiryLevel } from '../../src-shared/schemas/key';

const COLORS: Record<ExpiryLevel, string> = {
  ok: 'success',
  expiring: 'warning',
  expired: 'error',
  'not-yet-valid': 'default',
};

/** 有效 / 即将到期 (≤ 30 天) / 已过期 / 尚未生效. */
export function ExpiryTag({ expiry }: { expiry: ExpiryLevel }) {
  return (
    <Tag color={COLORS[expiry]} variant="filled">
      {EXPIRY_LEVELS[expiry]}
    </Tag>
  );
}

/** "还剩 120 天", "已过期 3 天", "今天到期". */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft > 0) return `${daysLeft} 天`;
  if (daysLeft === 0) return '今天到期';
  return `已过期 ${-daysLeft} 天`;
}
