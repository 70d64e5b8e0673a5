/**
 * A monthly payment plan proposed to a customer whose procedure offers one.
 */
import { dayFromParts, daysInMonth, partsOfDay, type Day } from "../ledger/day.js";
import type { Cents } from "../ledger/money.js";
import type { Instalment } from "./types.js";

/** Splits `total` cents into monthly instalments: at most `instalments`, none below `minInstalment` cents (fewer instalments when needed), equal amounts with the remainder cents on the first, the first due on `start`, then the same day of each following month (clamped to the month's end: 31 Jan → 28/29 Feb). Returns [] when total ≤ 0. The instalments sum exactly to total. */
export function paymentPlan(total: Cents, instalments: number, minInstalment: Cents, start: Day): Instalment[] {
  if (!(total > 0)) return [];
  let count = Number.isFinite(instalments) ? Math.max(1, Math.floor(instalments)) : 1;
  // With count ≤ total / min, floor(total / count) ≥ min, so every instalment reaches the minimum.
  if (minInstalment > 0) count = Math.max(1, Math.min(count, Math.floor(total / minInstalment)));
  const base = Math.floor(total / count);
  const first = total - base * (count - 1);
  const [year, month, day] = partsOfDay(start);
  const plan: Instalment[] = [];
  for (let k = 0; k < count; k++) {
    const m0 = month - 1 + k;
    const y = year + Math.floor(m0 / 12);
    const m = (m0 % 12) + 1;
    plan.push({ date: dayFromParts(y, m, Math.min(day, daysInMonth(y, m)))!, amount: k === 0 ? first : base });
  }
  return plan;
}
