/**
 * What the planner knows of a customer's past in its procedure (from last month's
 * workbook, see previous/follow-up.ts): none on a first run.
 */
import type { Day } from "../ledger/day.js";

export interface StepHistory {
  /** steps of the current procedure already passed (done, skipped or answered by a promise); 0: none */
  stepDone: number;
  /** the day of the last contact, for the procedure's minimum interval */
  lastContact: Day | null;
  /** a step planned last time and left to do: planned again, flagged as overdue work */
  pending: { step: number; planned: Day; row: string | null } | null;
  /** a promise to pay: no reminder before its date; broken when its invoices are still open after it */
  promise: { date: Day; step: number; invoices: string[] } | null;
  /** the collector's comment, carried to the next action */
  comment: string;
}
