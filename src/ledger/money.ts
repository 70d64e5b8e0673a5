/**
 * Money is an integer number of minor units (cents). Sums of cents are exact as long as they
 * stay within Number.MAX_SAFE_INTEGER (about 90 trillion in major units); parsers refuse
 * anything larger, so no total can lose a cent.
 */
export type Cents = number;

export const MAX_CENTS = Number.MAX_SAFE_INTEGER;

/** True for an integer that can be summed exactly. */
export function isCents(value: number): boolean {
  return Number.isSafeInteger(value);
}

/** ".00" to ".99": a metrics CSV at 100k customers formats 800k amounts */
const CENT_TEXTS = Array.from({ length: 100 }, (_, c) => "." + String(c).padStart(2, "0"));

/** Plain major-unit text with a dot and exactly two decimals: 123456 → "1234.56", -5 → "-0.05". */
export function formatCents(cents: Cents): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100);
  const rest = abs % 100;
  return sign + String(units) + CENT_TEXTS[rest]!;
}

/** Major units as a JS number for JSON and spreadsheet cells (display only, never summed). */
export function centsToNumber(cents: Cents): number {
  return Number(formatCents(cents));
}
