/**
 * Last month's workbook, as the next run needs it (`relance run --previous FILE`): the
 * actions the previous run planned and what the user recorded on them, the follow-up
 * history the run keeps in its hidden state sheet, each customer's segment and metrics
 * then, and the user's manual overrides.
 */
import type { ActionStatus } from "../actions/types.js";
import type { Day } from "../ledger/day.js";
import type { MetricField } from "../metrics/types.js";

/** One action of the previous run, with the user's columns read back from its Actions row. */
export interface PreviousAction {
  action_id: string;
  customer_id: string;
  currency: string;
  procedure: string;
  step: number;
  /** the step's `day` in its procedure (to carry progress over when the procedure changes) */
  step_day: number;
  planned_date: Day;
  invoices: string[];
  status: ActionStatus;
  promise_date: Day | null;
  comment: string;
  /** where the user's values were read ("Actions!R7"), or null when the row was deleted */
  row: string | null;
}

/** A promise to pay recorded by the user. */
export interface PaymentPromise {
  date: Day;
  /** the step at which it was given (a broken promise escalates one step past it) */
  step: number;
  /** the invoices it covers: kept when they are all settled by the date */
  invoices: string[];
}

/**
 * Where a customer (per currency) stands in its procedure, carried from run to run while
 * any invoice it concerns is still open: the last step done, when, a promise, a comment.
 */
export interface FollowUp {
  customer_id: string;
  currency: string;
  procedure: string;
  /** highest step done (0: none) and its `day` */
  step_done: number;
  step_day_done: number | null;
  /** the day of the last contact (a step done or a promise received) */
  last_contact: Day | null;
  /** the invoices the procedure has dealt with; the follow-up ends when none is open */
  invoices: string[];
  promise: PaymentPromise | null;
  /** the collector's last comment, carried to the customer's next action */
  comment: string;
}

/** A customer's segment and the metrics it was placed on, as of the previous run. */
export interface CustomerSnapshot {
  customer_id: string;
  currency: string;
  segment: string;
  segment_label: string;
  rule: string;
  metrics: Partial<Record<MetricField, number | null>>;
}

/** A manual override from the Overrides sheet. */
export interface Override {
  customer_id: string;
  /** a segment id, or null */
  segment: string | null;
  /** no reminder before this day */
  pause_until: Day | null;
  /** handed to a collection agency: no reminder from relance */
  agency: boolean;
  /** the override ends after this day (null: until the user removes it) */
  until: Day | null;
  note: string;
  /** where it was read, for the reasons that cite it ("Overrides!A3") */
  source: string;
}

export interface PreviousRun {
  file: string;
  asOf: Day | null;
  actions: PreviousAction[];
  followUps: FollowUp[];
  customers: CustomerSnapshot[];
  overrides: Override[];
  /** what could not be understood, each with its sheet and cell */
  problems: string[];
}

/** The statuses the Actions sheet offers, and the words users type for them. */
export const STATUS_WORDS: ReadonlyMap<string, ActionStatus> = new Map<string, ActionStatus>([
  ["to do", "to do"], ["todo", "to do"], ["à faire", "to do"], ["a faire", "to do"], ["te doen", "to do"], ["zu erledigen", "to do"], ["offen", "to do"],
  ["done", "done"], ["fait", "done"], ["faite", "done"], ["gedaan", "done"], ["erledigt", "done"], ["ok", "done"],
  ["skipped", "skipped"], ["skip", "skipped"], ["ignoré", "skipped"], ["ignore", "skipped"], ["overgeslagen", "skipped"], ["übersprungen", "skipped"],
  ["promised", "promised"], ["promise", "promised"], ["promis", "promised"], ["promesse", "promised"], ["toegezegd", "promised"], ["zugesagt", "promised"],
]);
