/**
 * Date cells → Day: ISO, yyyymmdd (FEC), d/m/y-style with a day/month order, two-digit
 * years (Excel's 1930–2029 pivot) and spreadsheet serial numbers (1900 and 1904 systems).
 */
import { dayFromParts, type Day } from "../../ledger/day.js";
import { ok, fail, type Parsed } from "./result.js";
import { createTally, plural } from "./tally.js";

export type DateOrder = "dmy" | "mdy";
export interface DateFormat {
  /** order of day and month in d/m/y-style values; null = not decided (then a value where both parts are ≤ 12 and differ is refused as ambiguous) */
  order: DateOrder | null;
  /** spreadsheet serial numbers use the 1904 date system */
  date1904?: boolean;
}

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

/** 1899-12-30, 1899-12-31 and 1904-01-01 as Days. */
const EPOCH_1900_HIGH = dayFromParts(1899, 12, 30) as Day;
const EPOCH_1900_LOW = dayFromParts(1899, 12, 31) as Day;
const EPOCH_1904 = dayFromParts(1904, 1, 1) as Day;
const FIRST_DAY = dayFromParts(MIN_YEAR, 1, 1) as Day;
const LAST_DAY = dayFromParts(MAX_YEAR, 12, 31) as Day;

// Time of day after a date: dropped. `T10:00`, ` 10:00:00.123`, ` 10:00 PM`, `Z`, `+02:00`.
const TIME = String.raw`(?:(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:\s*[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?`;
/** yyyy-mm-dd, yyyy/mm/dd, yyyy.mm.dd (one separator throughout) + optional time. */
const YMD_RE = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME}$`);
/** d/m/y, d-m-y, d.m.y with 4- or 2-digit years (one separator throughout) + optional time. */
const DMY_RE = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})${TIME}$`);
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;
const SERIAL_RE = /^\d{1,5}(?:[.,]\d+)?$/;

function q(text: string): string {
  const trimmed = text.trim();
  const t = trimmed.length > 40 ? `${trimmed.slice(0, 37)}…` : trimmed;
  return `"${t}"`;
}

function fromYmd(y: number, m: number, d: number, original: string): Parsed<Day> {
  if (m < 1 || m > 12 || d < 1 || d > 31) return fail(`not a valid date: ${q(original)}`);
  if (y < MIN_YEAR || y > MAX_YEAR) return fail(`year out of range (${MIN_YEAR}–${MAX_YEAR}): ${q(original)}`);
  const day = dayFromParts(y, m, d);
  return day === null ? fail(`not a valid date: ${q(original)}`) : ok(day);
}

/** Excel's two-digit year pivot: 00–29 → 2000–2029, 30–99 → 1930–1999. */
export function expandTwoDigitYear(yy: number): number {
  return yy < 30 ? 2000 + yy : 1900 + yy;
}

/**
 * The Day of the ten characters of `s` from `at` when they are one of the two shapes that
 * fill large exports, `yyyy-mm-dd` and `dd/mm/yyyy` (any of / - . as separator, the latter
 * only once the order is known), by character codes; null for anything else, valid dates
 * of other shapes and invalid ones alike (the general path then reads or refuses it).
 * Each character is read once, and the day is a month's first day from a table plus the
 * day of the month, not dayFromParts' checks and divisions: the reading thread of a large
 * export reads three dates a row (at M, 0.10 G fewer instructions on that thread, of 4.2 G).
 */
export function dayOfTenChars(s: string, at: number, order: DateOrder | null): Day | null {
  const sep4 = s.charCodeAt(at + 4);
  if (isSeparator(sep4) && s.charCodeAt(at + 7) === sep4) {
    const y0 = s.charCodeAt(at) - 48, y1 = s.charCodeAt(at + 1) - 48, y2 = s.charCodeAt(at + 2) - 48, y3 = s.charCodeAt(at + 3) - 48;
    const m0 = s.charCodeAt(at + 5) - 48, m1 = s.charCodeAt(at + 6) - 48, d0 = s.charCodeAt(at + 8) - 48, d1 = s.charCodeAt(at + 9) - 48;
    if (!(isDigit(y0) && isDigit(y1) && isDigit(y2) && isDigit(y3) && isDigit(m0) && isDigit(m1) && isDigit(d0) && isDigit(d1))) return null;
    return tableDay(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1);
  }
  const sep2 = s.charCodeAt(at + 2);
  if (order !== null && isSeparator(sep2) && s.charCodeAt(at + 5) === sep2) {
    const a0 = s.charCodeAt(at) - 48, a1 = s.charCodeAt(at + 1) - 48, b0 = s.charCodeAt(at + 3) - 48, b1 = s.charCodeAt(at + 4) - 48;
    const y0 = s.charCodeAt(at + 6) - 48, y1 = s.charCodeAt(at + 7) - 48, y2 = s.charCodeAt(at + 8) - 48, y3 = s.charCodeAt(at + 9) - 48;
    if (!(isDigit(a0) && isDigit(a1) && isDigit(b0) && isDigit(b1) && isDigit(y0) && isDigit(y1) && isDigit(y2) && isDigit(y3))) return null;
    const a = a0 * 10 + a1;
    const b = b0 * 10 + b1;
    const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
    return order === "dmy" ? tableDay(y, b, a) : tableDay(y, a, b);
  }
  return null;
}

/** A character code less 48 that is a decimal digit's. */
function isDigit(value: number): boolean {
  return value >= 0 && value <= 9;
}

/** `-`, `/` or `.` */
function isSeparator(c: number): boolean {
  return c === 45 || c === 47 || c === 46;
}

/** The Day each month from MIN_YEAR to MAX_YEAR starts on, and after them the day after MAX_YEAR. */
const MONTH_STARTS = (() => {
  const months = (MAX_YEAR - MIN_YEAR + 1) * 12;
  const starts = new Int32Array(months + 1);
  for (let i = 0; i < months; i++) starts[i] = dayFromParts(MIN_YEAR + Math.floor(i / 12), (i % 12) + 1, 1) as Day;
  starts[months] = dayFromParts(MAX_YEAR + 1, 1, 1) as Day;
  return starts;
})();

/** The Day of a date from MIN_YEAR to MAX_YEAR (dayFromParts' day), else null: its month's first day, from the table. */
function tableDay(y: number, m: number, d: number): Day | null {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return null;
  const month = (y - MIN_YEAR) * 12 + m - 1;
  const first = MONTH_STARTS[month]!;
  return d <= MONTH_STARTS[month + 1]! - first ? first + d - 1 : null;
}

/** Parses a date cell. Never throws. */
export function parseDate(cell: string | number, format: DateFormat): Parsed<Day> {
  if (typeof cell === "number") return dayFromExcelSerial(cell, format.date1904 === true);
  if (typeof cell !== "string") return fail("not a date");
  let s = cell.trim();
  if (s.length > 0 && s.charCodeAt(0) === 39) s = s.slice(1).trim(); // leading ' escape
  if (s.length === 0) return fail("empty");
  if (s.length === 10) {
    const fast = dayOfTenChars(s, 0, format.order);
    if (fast !== null) return ok(fast);
  }

  let m = YMD_RE.exec(s);
  if (m) return fromYmd(Number(m[1]), Number(m[3]), Number(m[4]), cell);

  m = DMY_RE.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const yText = m[4] ?? "";
    const y = yText.length === 2 ? expandTwoDigitYear(Number(yText)) : Number(yText);
    let order = format.order;
    if (order === null) {
      if (a > 12 && b > 12) return fail(`not a valid date: ${q(cell)}`);
      if (a > 12) order = "dmy";
      else if (b > 12) order = "mdy";
      else if (a === b) order = "dmy";
      else return fail(`ambiguous date ${q(cell)}: day/month order unknown (set date_format in the mapping file)`);
    }
    return order === "dmy" ? fromYmd(y, b, a, cell) : fromYmd(y, a, b, cell);
  }

  m = COMPACT_RE.exec(s);
  if (m) return fromYmd(Number(m[1]), Number(m[2]), Number(m[3]), cell);

  if (SERIAL_RE.test(s)) return dayFromExcelSerial(Number(s.replace(",", ".")), format.date1904 === true);

  return fail(`not a date: ${q(cell)}`);
}

/**
 * serial → Day, honouring the 1900 leap-year bug (serial 60 = fictitious 1900-02-29 → refused;
 * serial ≥ 61: 1899-12-30 + serial; 1..59: 1899-12-31 + serial) and the 1904 system
 * (1904-01-01 + serial). Fractions (time of day) are dropped. Days after 2200 are refused.
 */
export function dayFromExcelSerial(serial: number, date1904: boolean): Parsed<Day> {
  if (typeof serial !== "number" || !Number.isFinite(serial)) return fail(`not a date serial number: ${String(serial)}`);
  const whole = Math.floor(serial);
  let day: Day;
  if (date1904) {
    if (whole < 0) return fail(`not a date serial number: ${String(serial)}`);
    day = EPOCH_1904 + whole;
  } else {
    if (whole < 1) return fail(`not a date serial number: ${String(serial)}`);
    if (whole === 60) return fail(`serial 60 is 1900-02-29, a date that does not exist (Excel 1900 leap-year bug)`);
    day = whole < 60 ? EPOCH_1900_LOW + whole : EPOCH_1900_HIGH + whole;
  }
  if (day < FIRST_DAY || day > LAST_DAY) return fail(`year out of range (${MIN_YEAR}–${MAX_YEAR}): serial ${String(serial)}`);
  return ok(day);
}

const MAPPING_TIME_RE = /\s+h{1,2}:m{1,2}(?::s{1,2})?$/;
const MAPPING_RE = /^(d{1,2}|m{1,2}|y{2}|y{4})([-/.]?)(d{1,2}|m{1,2}|y{2}|y{4})\2(d{1,2}|m{1,2}|y{2}|y{4})$/;

/**
 * The mapping file's `date_format` → DateFormat; null when not understood. Accepts
 * dd/mm/yyyy, mm/dd/yyyy, yyyy-mm-dd, dd.mm.yyyy, dd-mm-yyyy, yyyymmdd, d/m/yy, … (any
 * case; French jj/mm/aaaa, German tt.mm.jjjj, Dutch dd-mm-jjjj; a trailing hh:mm[:ss]).
 * Year-first formats give order null (they carry no day/month order to apply elsewhere).
 */
export function dateFormatFromMapping(text: string): DateFormat | null {
  let s = text.trim().toLowerCase().replace(MAPPING_TIME_RE, "");
  s = s.replace(/aaaa/g, "yyyy").replace(/jjjj/g, "yyyy").replace(/aa/g, "yy").replace(/j/g, "d").replace(/t/g, "d");
  const m = MAPPING_RE.exec(s);
  if (!m) return null;
  const kinds = [m[1], m[3], m[4]].map((p) => (p ?? "").charAt(0)).join("");
  const sep = m[2] ?? "";
  if (sep === "" && !(m[1] === "yyyy" && m[3] === "mm" && m[4] === "dd")) return null;
  switch (kinds) {
    case "dmy":
      return { order: "dmy" };
    case "mdy":
      return { order: "mdy" };
    case "ymd":
      return { order: null };
    default:
      return null;
  }
}

export interface DateOrderVote {
  add(text: string): void;
  result(): { order: DateOrder | null; conflict: boolean; evidence: string };
}

/**
 * What one value says about day/month order: first part > 12 → dmy, second part > 12 → mdy,
 * otherwise (ISO, yyyymmdd, both ≤ 12, invalid) null.
 */
export function dateOrderEvidence(text: string): DateOrder | null {
  const m = DMY_RE.exec(text.trim());
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[3]);
  if (a > 12 && b >= 1 && b <= 12 && a <= 31) return "dmy";
  if (b > 12 && a >= 1 && a <= 12 && b <= 31) return "mdy";
  return null;
}

export function createDateOrderVote(): DateOrderVote {
  const tally = createTally<DateOrder>();
  return {
    add: (text) => tally.add(dateOrderEvidence(text), text),
    result() {
      const dmy = tally.count("dmy");
      const mdy = tally.count("mdy");
      if (dmy > 0 && mdy > 0) {
        return {
          order: null,
          conflict: true,
          evidence: `conflict: ${q(tally.example("dmy"))} puts the day first (${plural(dmy)}) but ${q(tally.example("mdy"))} puts the month first (${plural(mdy)})`,
        };
      }
      if (dmy > 0) return { order: "dmy", conflict: false, evidence: `${q(tally.example("dmy"))} puts the day first (${plural(dmy)} agree, none disagree)` };
      if (mdy > 0) return { order: "mdy", conflict: false, evidence: `${q(tally.example("mdy"))} puts the month first (${plural(mdy)} agree, none disagree)` };
      return { order: null, conflict: false, evidence: `no value among ${plural(tally.values)} shows whether the day or the month comes first` };
    },
  };
}
