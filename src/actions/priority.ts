/**
 * The priority of an action, in points a credit manager can read (0–100, higher first):
 *
 *   amount points  1 per 1,000 of overdue amount (in the action's currency), at most 40
 *   age points     1 per 3 days past due of the most overdue invoice, at most 40
 *   risk points    0–20 from the customer's risk class: 20 for the first value of a class
 *                  named risk/risque/risico/risiko (the riskiest, as classes list them),
 *                  0 for the last, evenly in between; 0 without such a class
 */
import type { Cents } from "../ledger/money.js";
import type { ClassDef } from "../segmentation/matrix.js";

const RISK_CLASS_NAMES = new Set(["risk", "risque", "risico", "risiko"]);

export function riskClass(classes: readonly ClassDef[]): ClassDef | null {
  return classes.find((c) => RISK_CLASS_NAMES.has(c.name.toLowerCase())) ?? null;
}

export function riskPoints(risk: ClassDef | null, value: string | null): number {
  if (!risk || value === null || risk.entries.length < 2) return 0;
  const index = risk.entries.findIndex((e) => e.value === value);
  if (index === -1) return 0;
  return (20 * (risk.entries.length - 1 - index)) / (risk.entries.length - 1);
}

export function priority(overdue: Cents, daysPastDue: number, risk: number): number {
  const amount = Math.min(40, Math.max(0, overdue) / 100_000);
  const age = Math.min(40, Math.max(0, daysPastDue) / 3);
  return Math.round((amount + age + risk) * 10) / 10;
}
