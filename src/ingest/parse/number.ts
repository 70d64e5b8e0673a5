/** Plain numbers (credit score) and payment terms in days. */
import type { DecimalMark } from "./amount.js";
import { ok, fail, type Parsed } from "./result.js";

export const MAX_TERMS_DAYS = 3650;

// sign, integer part (plain digits or groups of 3 with one consistent separator), fraction.
const NUMBER_DOT = /^([+\-\u2212]?)[ \u00a0\u202f]*(\d{1,3}(?:([, \u00a0\u202f\u2009'\u2019])\d{3})(?:\3\d{3})*|\d*)(?:\.(\d*))?$/;
const NUMBER_COMMA = /^([+\-\u2212]?)[ \u00a0\u202f]*(\d{1,3}(?:([. \u00a0\u202f\u2009'\u2019])\d{3})(?:\3\d{3})*|\d*)(?:,(\d*))?$/;
const NON_DIGIT = /\D/g;

function q(text: string): string {
  const t = text.trim();
  return `"${t.length > 40 ? `${t.slice(0, 37)}…` : t}"`;
}

/** Plain decimal number (credit score "72", "72,5", "72.5", "-3", "1 234,5"); fails on junk. */
export function parseNumber(text: string, decimal: DecimalMark): Parsed<number> {
  if (typeof text !== "string") return fail("not a number");
  let s = text.trim();
  if (s.length > 0 && s.charCodeAt(0) === 39) s = s.slice(1).trim();
  if (s.length === 0) return fail("empty");
  if (plainDigits(s)) return ok(Number(s)); // "72", most scores: the value the expression below gives, without it
  const m = (decimal === "," ? NUMBER_COMMA : NUMBER_DOT).exec(s);
  if (!m) return fail(`not a number: ${q(text)}`);
  const intDigits = (m[2] ?? "").replace(NON_DIGIT, "");
  const frac = m[4] ?? "";
  if (intDigits.length === 0 && frac.length === 0) return fail(`not a number: ${q(text)}`);
  const abs = Number(`${intDigits || "0"}.${frac || "0"}`);
  if (!Number.isFinite(abs)) return fail(`too large: ${q(text)}`);
  const negative = m[1] === "-" || m[1] === "\u2212";
  return ok(negative && abs !== 0 ? -abs : abs);
}

/** 1 to 15 ASCII digits, nothing else. */
function plainDigits(s: string): boolean {
  if (s.length > 15) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

// A number in terms text, with an optional sign glued to it and an optional decimal part.
const TERMS_NUMBER = /([-\u2212]?)(\d+)(?:[.,](\d+))?/g;
// A day unit right after a number: "30 jours", "30j", "30 days", "30 dagen", "30 Tage", "30E", "60F", "30 fdm".
const DAY_UNIT_AFTER = /^\s*(?:jours?|jrs?|j|days?|d|dagen|dag|dgn|tagen?|tage|tg|t|e|f|fdm|fm)(?![a-z])/i;
// "net 30", "netto 30", "net: 30" right before a number.
const NET_BEFORE = /\bnet(?:to)?\s*:?\s*$/i;

interface TermsCandidate {
  negative: boolean;
  digits: string;
  fraction: string | undefined;
  net: boolean;
  unit: boolean;
}

function termsValue(c: TermsCandidate, text: string): Parsed<number> {
  if (c.negative) return fail(`negative payment terms: ${q(text)}`);
  if (c.fraction !== undefined && /[^0]/.test(c.fraction)) return fail(`payment terms are not a whole number of days: ${q(text)}`);
  const digits = c.digits.replace(/^0+(?=\d)/, "");
  if (digits.length > 4 || Number(digits) > MAX_TERMS_DAYS) return fail(`payment terms too long (over ${MAX_TERMS_DAYS} days): ${q(text)}`);
  return ok(Number(digits));
}

/**
 * Payment terms in days: "30", "30 jours", "45 jours fin de mois", "30 dagen", "30 Tage",
 * "Net 30", "net 60", "30E", "60F", "30 days", "2/10 net 30" → the integer days (end-of-month
 * wording ignored). The number after "net" wins, then a number followed by a day unit, then a
 * lone number; several unlabelled numbers are refused as ambiguous. Fails on text with no
 * number, a negative or fractional value, or more than 3650 days.
 */
export function parseTermsDays(text: string | number): Parsed<number> {
  if (typeof text === "number") {
    if (!Number.isFinite(text)) return fail(`not payment terms: ${String(text)}`);
    if (text < 0) return fail(`negative payment terms: ${String(text)}`);
    if (!Number.isInteger(text)) return fail(`payment terms are not a whole number of days: ${String(text)}`);
    if (text > MAX_TERMS_DAYS) return fail(`payment terms too long (over ${MAX_TERMS_DAYS} days): ${String(text)}`);
    return ok(text);
  }
  if (typeof text !== "string") return fail("not payment terms");
  const s = text.trim();
  if (s.length === 0) return fail("empty");
  const candidates: TermsCandidate[] = [];
  for (const m of s.matchAll(TERMS_NUMBER)) {
    const at = m.index;
    const sign = m[1] ?? "";
    // A "-" is a sign only when it does not follow a digit or letter ("30-60" is a range).
    const before = at > 0 ? s.charAt(at - 1) : "";
    const signIsSign = sign !== "" && !/[0-9A-Za-z]/.test(before);
    const end = at + m[0].length;
    const prefix = s.slice(0, signIsSign || sign === "" ? at : at + 1);
    candidates.push({
      negative: signIsSign,
      digits: m[2] ?? "",
      fraction: m[3],
      net: NET_BEFORE.test(prefix),
      unit: DAY_UNIT_AFTER.test(s.slice(end)),
    });
    if (candidates.length > 20) break;
  }
  if (candidates.length === 0) return fail(`no number of days in payment terms: ${q(text)}`);
  const net = candidates.filter((c) => c.net);
  if (net.length === 1 && net[0]) return termsValue(net[0], text);
  if (net.length > 1) return fail(`several numbers of days in payment terms: ${q(text)}`);
  const withUnit = candidates.filter((c) => c.unit);
  if (withUnit.length === 1 && withUnit[0]) return termsValue(withUnit[0], text);
  if (withUnit.length > 1) return fail(`several numbers of days in payment terms: ${q(text)}`);
  if (candidates.length === 1 && candidates[0]) return termsValue(candidates[0], text);
  return fail(`several numbers of days in payment terms: ${q(text)}`);
}
