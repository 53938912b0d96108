/** "2025-03-10 14:05", Beijing time: printed papers carry the centre's clock, not the PC's zone. */
export function beijingTime(iso: string | null): string {
  if (iso === null) return '—';
  const at = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${at.slice(0, 10)} ${at.slice(11, 16)}`;
}
