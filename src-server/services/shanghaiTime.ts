/** The service centre's clock is Beijing time (UTC+8, no daylight saving). */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight of the Beijing calendar day `date` falls in, as an instant. */
export function startOfShanghaiDay(date: Date): Date {
  return new Date(Math.floor((date.getTime() + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS);
}

export function startOfNextShanghaiDay(date: Date): Date {
  return new Date(startOfShanghaiDay(date).getTime() + DAY_MS);
}

const hourMinute = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "14:35", rounded up to the next whole minute so "after 14:35" is never too early. */
export function shanghaiHourMinute(date: Date): string {
  const roundedUp = new Date(Math.ceil(date.getTime() / 60_000) * 60_000);
  return hourMinute.format(roundedUp);
}

/** The Beijing calendar day `date` falls in, as "20261202". */
export function shanghaiDayStamp(date: Date): string {
  return new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}
