/**
 * From last month's workbook to where each customer stands in its procedure this month,
 * and back: the follow-up the run stores for next month.
 *
 * - a step marked done (or skipped, or answered by a promise) counts as passed; done and
 *   promised are contacts, dated on the action's planned date;
 * - a step left "to do" is pending: planned again as overdue work;
 * - a promise is kept until its date; then kept (its invoices are settled) or broken;
 * - the user's comment on the customer's last action is carried to its next one;
 * - a follow-up ends when none of the invoices it dealt with is still open.
 */
import type { StepHistory } from "../actions/history.js";
import type { Day } from "../ledger/day.js";
import { rowKey } from "../metrics/types.js";
import type { Procedure } from "../segmentation/matrix.js";
import { compareText } from "../util/compare.js";
import type { FollowUp, PreviousAction, PreviousRun } from "./types.js";

export interface CarriedFollowUp {
  followUp: FollowUp;
  /** the first step of last month left to do (above the steps done), if any */
  pending: PreviousAction | null;
}


/** Last month's follow-ups with the outcomes the user recorded on last month's actions. */
export function carryOver(previous: PreviousRun): Map<string, CarriedFollowUp> {
  const out = new Map<string, CarriedFollowUp>();
  for (const f of previous.followUps) out.set(rowKey(f.customer_id, f.currency), { followUp: { ...f, invoices: [...f.invoices] }, pending: null });
  const actions = [...previous.actions].sort((a, b) => a.planned_date - b.planned_date || a.step - b.step);
  for (const a of actions) {
    const key = rowKey(a.customer_id, a.currency);
    let carried = out.get(key);
    if (!carried) {
      carried = {
        followUp: { customer_id: a.customer_id, currency: a.currency, procedure: a.procedure, step_done: 0, step_day_done: null, last_contact: null, invoices: [], promise: null, comment: "" },
        pending: null,
      };
      out.set(key, carried);
    }
    const f = carried.followUp;
    if (a.row !== null) f.comment = a.comment; // what the user left on the row, even cleared
    if (a.status === "to do") {
      // the first step left undone is the one to do again (never skip to a later one)
      if (a.step > f.step_done && (!carried.pending || a.step < carried.pending.step)) carried.pending = a;
      continue;
    }
    if (a.procedure !== "" && a.procedure !== f.procedure) {
      f.procedure = a.procedure;
      f.step_done = 0;
    }
    if (a.step >= f.step_done) {
      f.step_done = a.step;
      f.step_day_done = a.step_day;
    }
    f.invoices = [...new Set([...f.invoices, ...a.invoices])];
    if (carried.pending && carried.pending.step <= a.step) carried.pending = null;
    if (a.status === "skipped") continue;
    f.last_contact = f.last_contact === null ? a.planned_date : Math.max(f.last_contact, a.planned_date);
    f.promise = a.status === "promised" && a.promise_date !== null ? { date: a.promise_date, step: a.step, invoices: [...a.invoices] } : null;
  }
  return out;
}

/**
 * The history the planner reads for one customer and currency under its current
 * procedure. A follow-up recorded under another procedure (the customer changed segment)
 * keeps its progress by day: the steps of the new procedure up to the day of the last step
 * done count as passed.
 */
export function stepHistory(carried: CarriedFollowUp, procedure: Procedure, isOpen: (invoice: string) => boolean): StepHistory | null {
  const f = carried.followUp;
  const alive = f.invoices.some(isOpen) || (carried.pending?.invoices.some(isOpen) ?? false) || (f.promise?.invoices.some(isOpen) ?? false);
  if (!alive) return f.comment === "" ? null : { stepDone: 0, lastContact: null, pending: null, promise: null, comment: f.comment };
  // "" : read without the run's state, the procedure is unknown and taken as the current one
  const same = (id: string): boolean => id === "" || id === procedure.id;
  let stepDone = f.step_done;
  if (!same(f.procedure)) {
    const dayDone = f.step_day_done;
    stepDone = dayDone === null ? 0 : procedure.steps.filter((s) => s.day <= dayDone).length;
  }
  const p = carried.pending;
  const pending = p && same(p.procedure) && p.step > stepDone && p.step <= procedure.steps.length ? { step: p.step, planned: p.planned_date, row: p.row } : null;
  return {
    stepDone: Math.min(stepDone, procedure.steps.length),
    lastContact: f.last_contact,
    pending,
    promise: f.promise,
    comment: f.comment,
  };
}

/**
 * What to store for next month: each follow-up still alive (an invoice it dealt with is
 * open, or a promise is running), under the procedure now in force. A promise whose date
 * has come is settled this month (kept, or broken and escalated), so it is not stored.
 */
export function followUpsToStore(carried: ReadonlyMap<string, CarriedFollowUp>, asOf: Day, isOpen: (key: string, invoice: string) => boolean): FollowUp[] {
  const out: FollowUp[] = [];
  for (const [key, { followUp: f }] of carried) {
    const open = (invoice: string): boolean => isOpen(key, invoice);
    const promise = f.promise && f.promise.date > asOf ? f.promise : null;
    const invoices = f.invoices.filter(open);
    if (invoices.length === 0 && !promise) {
      // the episode is over (all paid): only the comment is carried, progress starts again
      if (f.comment !== "") out.push({ ...f, step_done: 0, step_day_done: null, last_contact: null, invoices: [], promise: null });
      continue;
    }
    out.push({ ...f, invoices, promise });
  }
  return out.sort((a, b) => compareText(a.customer_id, b.customer_id) || compareText(a.currency, b.currency));
}
