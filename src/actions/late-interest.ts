/**
 * Statutory late interest and fixed compensation on one late invoice (formats-and-rules.md §4).
 *
 * Interest is simple, actual/365, from the day after the due date to the as-of date inclusive.
 * The days are cut at each half-year boundary and each stretch gets the rate of its half-year
 * (interest-rates.ts); consecutive half-years with the same rate form one period. The UK is
 * the exception: the rate of the half-year in which interest starts applies to the whole debt.
 * Each period is rounded half away from zero to the cent with integer arithmetic (no binary
 * fraction can tip a half cent), then the periods are summed.
 */
import type { Day } from "../ledger/day.js";
import type { Cents } from "../ledger/money.js";
import { nextHalfYearStart, RATE_TABLE, statutoryRate, type Country, type RateOverrides } from "./interest-rates.js";
import type { InterestPeriod } from "./types.js";

/** Rates are applied to 4 decimals of a percent (12.1525 %), more than any statute publishes. */
const RATE_SCALE = 10_000;
const DENOMINATOR = BigInt(365 * 100 * RATE_SCALE);

/** Simple interest on `open` cents from the day after `due` to `asOf` inclusive, at the statutory rate of each half-year the period crosses (actual/365), each period rounded half away from zero to the cent, then summed. */
export function lateInterest(open: Cents, due: Day, asOf: Day, country: Country, overrides?: RateOverrides): { cents: Cents; periods: InterestPeriod[] } | null {
  if (open <= 0 || asOf <= due) return { cents: 0, periods: [] };
  const first = due + 1;
  const spans: { from: Day; to: Day; rate: number }[] = [];
  if (RATE_TABLE[country].fixedAtStart) {
    const rate = statutoryRate(country, first, overrides);
    if (rate === null) return null;
    spans.push({ from: first, to: asOf, rate });
  } else {
    for (let from = first; from <= asOf; ) {
      const to = Math.min(nextHalfYearStart(from) - 1, asOf);
      const rate = statutoryRate(country, from, overrides);
      if (rate === null) return null;
      const last = spans[spans.length - 1];
      if (last && last.rate === rate) last.to = to;
      else spans.push({ from, to, rate });
      from = to + 1;
    }
  }
  const periods = spans.map(({ from, to, rate }): InterestPeriod => {
    const days = to - from + 1;
    return { from, to, days, rate, cents: simpleInterest(open, rate, days) };
  });
  return { cents: periods.reduce((s, p) => s + p.cents, 0), periods };
}

/** open × rate% × days / 365, rounded half away from zero to the cent, exactly. */
function simpleInterest(open: Cents, rate: number, days: number): Cents {
  const numerator = BigInt(open) * BigInt(Math.round(rate * RATE_SCALE)) * BigInt(days);
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  let quotient = abs / DENOMINATOR;
  if ((abs % DENOMINATOR) * 2n >= DENOMINATOR) quotient += 1n;
  return Number(negative ? -quotient : quotient);
}

const EUR_COMPENSATION: Cents = 40_00;

/** UK Late Payment Act fixed sums by size of the debt, in pence: [below this amount, the sum]. */
const UK_SCALE: readonly (readonly [number, Cents])[] = [
  [1_000_00, 40_00], // up to £999.99 → £40
  [10_000_00, 70_00], // £1,000.00 to £9,999.99 → £70
  [Number.POSITIVE_INFINITY, 100_00], // £10,000.00 or more → £100
];

/**
 * Fixed compensation per late invoice: €40 (FR, BE, NL, DE, and any EUR invoice), UK £40 under £1,000, £70 under £10,000, £100 from £10,000 (by the invoice amount). Returned in the invoice currency's cents; null for a currency/country pair the law does not give (e.g. USD invoice of a US customer).
 *
 * - EUR: €40 (Directive 2011/7/EU), or the matrix step's `stepAmount` (major units) when given;
 * - GBP: the UK scale whatever the customer's country (no EU sum exists in pounds); the step's
 *   amount does not replace the statutory scale;
 * - any other currency: null, even for an EU customer, since the €40 cannot be expressed in
 *   the invoice currency without an exchange rate.
 * The currency decides, not `country`: the EU sum exists only in EUR, the UK scale only in GBP.
 * An invoice amount ≤ 0 owes nothing: 0.
 */
export function fixedCompensation(amount: Cents, currency: string, country: Country | null, stepAmount?: number): Cents | null {
  const code = normaliseCurrency(currency);
  if (code === "EUR") {
    if (amount <= 0) return 0;
    return typeof stepAmount === "number" && Number.isFinite(stepAmount) && stepAmount >= 0 ? Math.round(stepAmount * 100) : EUR_COMPENSATION;
  }
  if (code === "GBP") {
    if (amount <= 0) return 0;
    for (const [below, sum] of UK_SCALE) if (amount < below) return sum;
  }
  return null;
}

function normaliseCurrency(currency: string): string {
  const code = currency.trim().toUpperCase();
  return code === "€" ? "EUR" : code === "£" ? "GBP" : code;
}
