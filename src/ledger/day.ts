/**
 * Calendar days as integers: days since 1970-01-01 (UTC, no time of day).
 * Every date in the ledger is a Day, so date arithmetic is integer subtraction and no
 * time zone or clock can change a result.
 */
export type Day = number;

const MS_PER_DAY = 86_400_000;

/** The Day of a civil date, or null when the date does not exist (31/02, month 13, year 0). */
export function dayFromParts(year: number, month: number, day: number): Day | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a valid civil date, by integer arithmetic (H. Hinnant's days_from_civil): no Date object per call. */
function daysFromCivil(y: number, m: number, d: number): Day {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month (1–12), day] of a Day. */
export function partsOfDay(day: Day): [number, number, number] {
  const d = new Date(day * MS_PER_DAY);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** ISO 8601 `YYYY-MM-DD`. */
export function formatDay(day: Day): string {
  const [y, m, d] = partsOfDay(day);
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Parses strict ISO `YYYY-MM-DD` (used for options such as --as-of); null when invalid. */
export function parseIsoDay(text: string): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? dayFromParts(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** The Day of a JS Date's UTC calendar date. */
export function dayOfDate(date: Date): Day {
  return Math.floor(date.getTime() / MS_PER_DAY);
}

/** The local calendar day of "now", for the default --as-of. Only the CLI calls this. */
export function today(now: Date = new Date()): Day {
  return dayFromParts(now.getFullYear(), now.getMonth() + 1, now.getDate()) as Day;
}
