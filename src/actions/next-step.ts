/**
 * Which step of a procedure is due for a customer on day D (spec/matrix.md, "Steps and
 * actions"): the latest step whose `day` is at most the days past due of the customer's
 * most overdue open invoice (disputed invoices are kept out of reminders). With nothing
 * overdue, a pre-due step (negative `day`) is due for the invoices falling due within that
 * many days. Null when no step is due yet.
 */
import type { Day } from "../ledger/day.js";
import type { OpenItem } from "../metrics/types.js";
import type { Procedure, Step } from "../segmentation/matrix.js";
import { maxOf } from "../util/extremes.js";

export interface DueStep {
  step: Step;
  /** 1-based position of the step in its procedure */
  number: number;
  /** days past due of the most overdue invoice concerned (negative: days before the due date) */
  daysPastDue: number;
  invoices: OpenItem[];
}

export function dueStep(procedure: Procedure, openItems: readonly OpenItem[], asOf: Day): DueStep | null {
  const open = openItems.filter((i) => i.kind === "invoice" && i.open > 0 && !i.disputed);
  const overdue = open.filter((i) => i.due_date < asOf);
  if (overdue.length > 0) {
    const daysPastDue = maxOf(overdue, (i) => asOf - i.due_date);
    const index = lastIndex(procedure.steps, (s) => s.day >= 0 && s.day <= daysPastDue);
    return index === -1 ? null : { step: procedure.steps[index]!, number: index + 1, daysPastDue, invoices: overdue };
  }
  for (let i = procedure.steps.length - 1; i >= 0; i--) {
    const step = procedure.steps[i]!;
    if (step.day >= 0) continue;
    const soon = open.filter((item) => item.due_date - asOf <= -step.day);
    if (soon.length > 0) return { step, number: i + 1, daysPastDue: maxOf(soon, (item) => asOf - item.due_date), invoices: soon };
  }
  return null;
}

function lastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}

/**
 * A given step of the procedure on day D, for the customer's undisputed invoices overdue on
 * D (or, for a pre-due step with nothing overdue, those still open): a step planned again
 * or escalated from last month. Null when no undisputed invoice is open.
 */
export function stepOn(procedure: Procedure, openItems: readonly OpenItem[], asOf: Day, number: number): DueStep | null {
  const step = procedure.steps[number - 1];
  if (!step) return null;
  const open = openItems.filter((i) => i.kind === "invoice" && i.open > 0 && !i.disputed);
  const overdue = open.filter((i) => i.due_date < asOf);
  const invoices = overdue.length > 0 ? overdue : step.day < 0 ? open : [];
  if (invoices.length === 0) return null;
  return { step, number, daysPastDue: maxOf(invoices, (i) => asOf - i.due_date), invoices };
}
