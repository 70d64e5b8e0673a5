/**
 * Amounts, dates and rates as a reminder letter writes them, per language
 * (spec/matrix.md, last paragraph):
 *
 * | language | amount          | date       |
 * |----------|-----------------|------------|
 * | fr       | `1 234,56 €`    | dd/mm/yyyy |  (thousands separator U+202F NARROW NO-BREAK SPACE)
 * | nl       | `€ 1.234,56`    | dd-mm-yyyy |
 * | de       | `1.234,56 €`    | dd.mm.yyyy |
 * | en       | `€1,234.56`     | dd/mm/yyyy |  (en-GB)
 *
 * The space between an amount and its currency is a plain space, as the spec writes it.
 *
 * Pure integer arithmetic on cents and on Day numbers: never `toLocaleString` or `Intl`,
 * whose output depends on the ICU data of the machine. Negative amounts take a leading
 * hyphen-minus where each language puts its sign (`-1 234,56 €`, `€ -1.234,56`,
 * `-1.234,56 €`, `-€1,234.56`).
 *
 * Currencies: EUR is written `€` and GBP `£` in every language; any other currency is
 * written with its ISO code, separated by a space (`1 234,56 USD`, `USD 1,234.56`),
 * because `$` alone is ambiguous.
 */
import { partsOfDay, type Day } from "../ledger/day.js";
import type { Cents } from "../ledger/money.js";
import type { Language } from "../ledger/types.js";

/** U+202F NARROW NO-BREAK SPACE: the French thousands separator (and before `%`). */
export const NNBSP = "\u202F";

interface NumberStyle {
  group: string;
  decimal: string;
}

const NUMBER_STYLE: Readonly<Record<Language, NumberStyle>> = {
  fr: { group: NNBSP, decimal: "," },
  nl: { group: ".", decimal: "," },
  de: { group: ".", decimal: "," },
  en: { group: ",", decimal: "." },
};

/** The currency as written: `€`, `£`, else the upper-cased ISO code. */
export function currencySymbol(currency: string): string {
  const code = currency.trim().toUpperCase();
  if (code === "EUR" || code === "€") return "€";
  if (code === "GBP" || code === "£") return "£";
  return code;
}

/** Digits of a non-negative safe integer with the language's thousands separator. */
function groupDigits(units: number, group: string): string {
  const digits = String(units);
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += group;
    out += digits[i];
  }
  return out;
}

/** `1234,56` / `1,234.56` without sign or currency: cents as exact integers, two decimals. */
export function formatNumber(cents: Cents, language: Language): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an integer number of cents: ${cents}`);
  const style = NUMBER_STYLE[language];
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100);
  const rest = abs % 100;
  return `${cents < 0 ? "-" : ""}${groupDigits(units, style.group)}${style.decimal}${String(rest).padStart(2, "0")}`;
}

/** An amount in cents as the language writes it: `1 234,56 €`, `€ 1.234,56`, `1.234,56 €`, `€1,234.56`. */
export function formatMoney(cents: Cents, currency: string, language: Language): string {
  const number = formatNumber(Math.abs(cents), language);
  const sign = cents < 0 ? "-" : "";
  const symbol = currencySymbol(currency);
  const isSign = symbol === "€" || symbol === "£";
  switch (language) {
    case "fr":
    case "de":
      return `${sign}${number} ${symbol}`;
    case "nl":
      return `${symbol} ${sign}${number}`;
    case "en":
      return isSign ? `${sign}${symbol}${number}` : `${sign}${symbol} ${number}`;
  }
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** A Day as the language writes it: 31/03/2026 (fr, en-GB), 31-03-2026 (nl), 31.03.2026 (de). */
export function formatDate(day: Day, language: Language): string {
  if (!Number.isSafeInteger(day)) throw new RangeError(`not a day number: ${day}`);
  const [y, m, d] = partsOfDay(day);
  const sep = language === "nl" ? "-" : language === "de" ? "." : "/";
  return `${pad2(d)}${sep}${pad2(m)}${sep}${String(y).padStart(4, "0")}`;
}

/** An annual rate in percent, two decimals: `12,15 %` (fr, U+202F), `10,15%` (nl), `10,27 %` (de), `10.15%` (en). */
export function formatPercent(rate: number, language: Language): string {
  const hundredths = Math.round(rate * 100);
  const abs = Math.abs(hundredths);
  const number = `${hundredths < 0 ? "-" : ""}${Math.floor(abs / 100)}${NUMBER_STYLE[language].decimal}${pad2(abs % 100)}`;
  switch (language) {
    case "fr":
      return `${number}${NNBSP}%`;
    case "de":
      return `${number} %`;
    case "nl":
    case "en":
      return `${number}%`;
  }
}
