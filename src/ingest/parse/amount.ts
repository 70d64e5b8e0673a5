/**
 * Exact, locale-aware amount parsing: text → integer cents, never through a float of the
 * whole value. The digit strings are validated and converted once they are known to fit in
 * Number.MAX_SAFE_INTEGER cents.
 */
import type { Cents } from "../../ledger/money.js";
import { ok, fail, type Parsed } from "./result.js";
import { createTally, plural } from "./tally.js";

export type DecimalMark = "." | ",";
export interface AmountFormat {
  decimal: DecimalMark;
}
/** Parsed amount: integer cents, plus the currency found in the text (ISO code) if any. */
export interface ParsedAmount {
  cents: Cents;
  currency: string | null;
}

const MAX_SAFE_STR = String(Number.MAX_SAFE_INTEGER); // "9007199254740991", 16 digits

const C_DOT = 46;
const C_COMMA = 44;
const C_MINUS = 45;
const C_PLUS = 43;
const C_UNICODE_MINUS = 0x2212;
const C_LPAREN = 40;
const C_RPAREN = 41;
const C_APOS = 39;
const C_RIGHT_QUOTE = 0x2019;

/** Quote a value for a reason shown to a user (shortened when long). */
export function quoteValue(text: string): string {
  const trimmed = text.trim();
  const t = trimmed.length > 40 ? `${trimmed.slice(0, 37)}…` : trimmed;
  return `"${t}"`;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Space-like thousands separators: space, NBSP, narrow NBSP, thin space. */
function isSpaceSep(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 0x202f || c === 0x2009;
}

/** Whitespace allowed between the parts of an amount (sign, currency, number). */
function isGap(c: number): boolean {
  return isSpaceSep(c) || c === 9;
}

function isApostropheSep(c: number): boolean {
  return c === C_APOS || c === C_RIGHT_QUOTE;
}

/** Separator class of a thousands separator, 0 when `c` is not one. */
function sepClass(c: number, other: number): number {
  if (c === other) return 1;
  if (isSpaceSep(c)) return 2;
  if (isApostropheSep(c)) return 3;
  return 0;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function symbolCurrency(c: number): string | null {
  switch (c) {
    case 0x20ac:
      return "EUR";
    case 0xa3:
      return "GBP";
    case 36:
      return "USD";
    default:
      return null;
  }
}

/**
 * Fast path for the overwhelmingly common `-?\d{1,13}(<mark>\d{1,2})?`, over the characters
 * of `t` from `start` to `end`: a char loop with no allocation. Returns undefined when the
 * text needs the general path.
 */
export function fastCents(t: string, mark: number, start = 0, end = t.length): number | undefined {
  const n = end - start;
  if (n === 0 || n > 17) return undefined;
  let i = start;
  let neg = false;
  if (t.charCodeAt(i) === C_MINUS) {
    neg = true;
    i++;
  }
  const first = i;
  let v = 0;
  for (; i < end; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  const digits = i - first;
  if (digits === 0 || digits > 13) return undefined;
  v *= 100;
  if (i < end) {
    if (t.charCodeAt(i) !== mark) return undefined;
    i++;
    const rest = end - i;
    if (rest < 1 || rest > 2) return undefined;
    const d1 = t.charCodeAt(i) - 48;
    if (d1 < 0 || d1 > 9) return undefined;
    v += d1 * 10;
    if (rest === 2) {
      const d2 = t.charCodeAt(i + 1) - 48;
      if (d2 < 0 || d2 > 9) return undefined;
      v += d2;
    }
  }
  return neg && v !== 0 ? -v : v;
}

/** The character code of a decimal mark. */
export function markCode(decimal: DecimalMark): number {
  return decimal === "," ? C_COMMA : C_DOT;
}

/**
 * The unsigned cents of a number body such as `1 234,56` (digits, one decimal mark,
 * thousands separators in groups of three), or a failure reason.
 */
function bodyCents(body: string, mark: number, markChar: DecimalMark, original: string): Parsed<number> {
  const other = mark === C_DOT ? C_COMMA : C_DOT;
  const n = body.length;
  let markAt = -1;
  for (let i = 0; i < n; i++) {
    if (body.charCodeAt(i) === mark) {
      if (markAt >= 0) return fail(`more than one decimal mark "${markChar}": ${quoteValue(original)}`);
      markAt = i;
    }
  }
  const intEnd = markAt >= 0 ? markAt : n;

  // Integer part: digits, optionally grouped by one kind of thousands separator.
  let intDigits = "";
  let groupLen = 0;
  let groups = 0;
  let cls = 0;
  let runStart = 0;
  for (let i = 0; i < intEnd; i++) {
    const c = body.charCodeAt(i);
    if (isDigit(c)) {
      groupLen++;
      continue;
    }
    const k = sepClass(c, other);
    if (k === 0) return fail(`not an amount: ${quoteValue(original)}`);
    // A separator must follow a group of 1–3 digits (first) or exactly 3 (later), in one style.
    const goodLen = groups === 0 ? groupLen >= 1 && groupLen <= 3 : groupLen === 3;
    if (!goodLen || (cls !== 0 && k !== cls)) return misplaced(original, markChar);
    cls = k;
    intDigits += body.slice(runStart, i);
    runStart = i + 1;
    groups++;
    groupLen = 0;
  }
  if (groups > 0 && groupLen !== 3) return misplaced(original, markChar);
  intDigits += body.slice(runStart, intEnd);

  // Fraction part: digits only; extra digits beyond the second must be zeros.
  let frac = "";
  if (markAt >= 0) {
    for (let i = markAt + 1; i < n; i++) {
      const c = body.charCodeAt(i);
      if (!isDigit(c)) {
        return sepClass(c, other) !== 0 ? misplaced(original, markChar) : fail(`not an amount: ${quoteValue(original)}`);
      }
    }
    frac = body.slice(markAt + 1);
    if (frac.length > 2) {
      for (let i = 2; i < frac.length; i++) {
        if (frac.charCodeAt(i) !== 48) return fail(`more than 2 decimals: ${quoteValue(original)}`);
      }
      frac = frac.slice(0, 2);
    }
  }
  if (intDigits.length === 0 && (markAt < 0 || body.length - markAt - 1 === 0)) {
    return fail(`not an amount: ${quoteValue(original)}`);
  }

  // Cents as a digit string, then a length check before converting.
  let centsStr = intDigits + frac.padEnd(2, "0");
  let z = 0;
  while (z < centsStr.length - 1 && centsStr.charCodeAt(z) === 48) z++;
  if (z > 0) centsStr = centsStr.slice(z);
  if (centsStr.length > MAX_SAFE_STR.length || (centsStr.length === MAX_SAFE_STR.length && centsStr > MAX_SAFE_STR)) {
    return fail(`too large to be exact in cents: ${quoteValue(original)}`);
  }
  return ok(Number(centsStr));
}

function misplaced(original: string, markChar: DecimalMark): Parsed<never> {
  return fail(`misplaced thousands separator: ${quoteValue(original)} (decimal mark is "${markChar}")`);
}

/**
 * Parses an amount written in text: `1 234,56`, `(1.234,56)`, `1.234,56-`, `-1.000,00 €`,
 * `$(12.34)`, `'-75.63`, `CHF 1’234.50`, … with the decimal mark of `format`. The other mark,
 * spaces (incl. U+00A0, U+202F), `'` and `’` are thousands separators, valid only in groups of 3.
 */
export function parseAmount(text: string, format: AmountFormat): Parsed<ParsedAmount> {
  const mark = markCode(format.decimal);
  const fast = fastCents(text, mark);
  if (fast !== undefined) return ok({ cents: fast, currency: null });
  return parseAmountGeneral(text, mark, format.decimal);
}

function parseAmountGeneral(text: string, mark: number, markChar: DecimalMark): Parsed<ParsedAmount> {
  let s = text.trim();
  if (s.length === 0) return fail("empty");
  // Spreadsheet injection escape: a leading apostrophe is not part of the value.
  if (s.charCodeAt(0) === C_APOS) {
    s = s.slice(1).trim();
    if (s.length === 0) return fail("empty");
  }
  const n = s.length;
  let body: string | null = null;
  let sign = 0; // +1 / -1 for a leading sign
  let signs = 0; // count of sign indicators: leading sign, parentheses, trailing minus
  let open = false;
  let closed = false;
  let trailingMinus = false;
  let currency: string | null = null;
  let i = 0;

  const setCurrency = (code: string): Parsed<ParsedAmount> | null => {
    if (currency !== null && currency !== code) return fail(`two different currencies (${currency}, ${code}): ${quoteValue(text)}`);
    currency = code;
    return null;
  };

  while (i < n) {
    const c = s.charCodeAt(i);
    if (isGap(c)) {
      i++;
      continue;
    }
    if (body === null && (isDigit(c) || c === mark)) {
      let j = i;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (isDigit(d) || d === C_DOT || d === C_COMMA || isSpaceSep(d) || isApostropheSep(d)) j++;
        else break;
      }
      let e = j;
      while (e > i && isSpaceSep(s.charCodeAt(e - 1))) e--;
      body = s.slice(i, e);
      i = j;
      // Scientific notation: 1e5, 1.5E-3, 1e400.
      if (i < n && (s.charCodeAt(i) === 101 || s.charCodeAt(i) === 69) && e === j) {
        const nx = s.charCodeAt(i + 1);
        const nx2 = s.charCodeAt(i + 2);
        if (isDigit(nx) || ((nx === C_PLUS || nx === C_MINUS) && isDigit(nx2))) {
          return fail(`scientific notation is not an exact amount: ${quoteValue(text)}`);
        }
      }
      continue;
    }
    if (c === C_MINUS || c === C_UNICODE_MINUS || c === C_PLUS) {
      if (body === null) {
        if (signs > 0) return fail(`more than one sign: ${quoteValue(text)}`);
        sign = c === C_PLUS ? 1 : -1;
        signs++;
      } else {
        if (c === C_PLUS) return fail(`not an amount: ${quoteValue(text)}`);
        if (signs > 0) return fail(`more than one sign: ${quoteValue(text)}`);
        trailingMinus = true;
        signs++;
      }
      i++;
      continue;
    }
    if (c === C_LPAREN) {
      if (body !== null || open) return fail(`misplaced parenthesis: ${quoteValue(text)}`);
      if (signs > 0) return fail(`more than one sign: ${quoteValue(text)}`);
      open = true;
      signs++;
      i++;
      continue;
    }
    if (c === C_RPAREN) {
      if (body === null) return fail(`not an amount: ${quoteValue(text)}`);
      if (!open || closed || trailingMinus) return fail(`misplaced parenthesis: ${quoteValue(text)}`);
      closed = true;
      i++;
      continue;
    }
    const sym = symbolCurrency(c);
    if (sym !== null) {
      const r = setCurrency(sym);
      if (r) return r;
      i++;
      continue;
    }
    if (isLetter(c)) {
      let j = i;
      while (j < n && isLetter(s.charCodeAt(j))) j++;
      if (j - i === 3 && isUpper(c) && isUpper(s.charCodeAt(i + 1)) && isUpper(s.charCodeAt(i + 2))) {
        const r = setCurrency(s.slice(i, j));
        if (r) return r;
        i = j;
        continue;
      }
    }
    return fail(`not an amount: ${quoteValue(text)}`);
  }
  if (body === null) return fail(`not an amount: ${quoteValue(text)}`);
  if (open && !closed) return fail(`unbalanced parenthesis: ${quoteValue(text)}`);

  const abs = bodyCents(body, mark, markChar, text);
  if (!abs.ok) return fail(abs.reason);
  const negative = sign < 0 || open || trailingMinus;
  const cents = negative && abs.value !== 0 ? -abs.value : abs.value;
  return ok({ cents, currency });
}

/**
 * A numeric spreadsheet cell (float) to cents: rounds to 2 decimals, refusing a value with a
 * real sub-cent part. The tolerance is 1e-6 cent plus the float error of the magnitude, so
 * 0.1+0.2 or 1234567.89 are accepted and 12.345 is refused.
 */
export function amountFromNumber(value: number): Parsed<ParsedAmount> {
  if (!Number.isFinite(value)) return fail(`not an amount: ${String(value)}`);
  const x = value * 100;
  if (Math.abs(x) > Number.MAX_SAFE_INTEGER) return fail(`too large to be exact in cents: ${String(value)}`);
  const r = Math.round(x);
  const tol = 1e-6 + Math.abs(x) * 3.6e-15; // ≈ 16 ulps of relative float error
  if (Math.abs(x - r) > tol) return fail(`more than 2 decimals: ${String(value)}`);
  if (!Number.isSafeInteger(r)) return fail(`too large to be exact in cents: ${String(value)}`);
  return ok({ cents: r === 0 ? 0 : r, currency: null });
}

/** Per-column vote over many values: which decimal mark does this column use? */
export interface DecimalMarkVote {
  add(text: string): void;
  result(): { decimal: DecimalMark | null; evidence: string };
}

/**
 * What one value says about the decimal mark, or null when it says nothing. The value's
 * numeric core (from the first digit or mark to the last digit) may hold only digits, `.`,
 * `,`, spaces and apostrophes; anything else (letters inside, e.g. `1.5E3`) is no evidence.
 */
export function decimalMarkEvidence(text: string): DecimalMark | null {
  const n = text.length;
  let first = -1;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      if (first < 0) first = i;
      last = i;
    } else if ((c === C_DOT || c === C_COMMA) && first < 0) {
      first = i;
    }
  }
  if (first < 0 || last < 0) return null;
  let dots = 0;
  let commas = 0;
  let lastDot = -1;
  let lastComma = -1;
  for (let i = first; i <= last; i++) {
    const c = text.charCodeAt(i);
    if (c === C_DOT) {
      dots++;
      lastDot = i;
    } else if (c === C_COMMA) {
      commas++;
      lastComma = i;
    } else if (!isDigit(c) && !isSpaceSep(c) && !isApostropheSep(c)) return null;
  }
  if (dots > 0 && commas > 0) return lastDot > lastComma ? "." : ",";
  if (dots + commas === 0) return null;
  const m: DecimalMark = dots > 0 ? "." : ",";
  if (dots > 1 || commas > 1) return m === "." ? "," : ".";
  const at = dots > 0 ? lastDot : lastComma;
  for (let i = at + 1; i <= last; i++) if (!isDigit(text.charCodeAt(i))) return null;
  const after = last - at; // digits after the mark
  if (after === 0) return null; // "12." followed by nothing numeric: no evidence
  if (after !== 3) return m;
  // Exactly three digits after a single mark: a thousands group unless the part before it
  // cannot start a group ("0,500", ",500", "1234,567").
  let intLen = 0;
  let sawSep = false;
  let leadingZero = false;
  for (let i = first; i < at; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      if (intLen === 0) leadingZero = c === 48;
      intLen++;
    } else sawSep = true;
  }
  if (sawSep) return null;
  if (intLen === 0 || intLen > 3 || (leadingZero && intLen >= 1)) return m;
  return null;
}

export function createDecimalMarkVote(): DecimalMarkVote {
  const tally = createTally<DecimalMark>();
  return {
    add: (text) => tally.add(decimalMarkEvidence(text), text),
    result() {
      const comma = tally.count(",");
      const dot = tally.count(".");
      if (dot === 0 && comma === 0) {
        return { decimal: null, evidence: `no value among ${plural(tally.values)} shows which mark is the decimal mark` };
      }
      if (dot === 0 || comma === 0) {
        const mark: DecimalMark = dot === 0 ? "," : ".";
        return { decimal: mark, evidence: `${quoteValue(tally.example(mark))} shows "${mark}" as decimal mark (${plural(tally.count(mark))} agree, none disagree)` };
      }
      const both = `${plural(comma)} show "," (e.g. ${quoteValue(tally.example(","))}), ${plural(dot)} show "." (e.g. ${quoteValue(tally.example("."))})`;
      if (comma === dot) return { decimal: null, evidence: `tie: ${both}` };
      return { decimal: comma > dot ? "," : ".", evidence: `majority: ${both}` };
    },
  };
}
