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
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear undoes that.
  if (year < 100) d.setUTCFullYear(year);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return Math.round(d.getTime() / MS_PER_DAY);
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
