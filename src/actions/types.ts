/**
 * The month's work: one action per customer (and currency) whose procedure has a step due,
 * and the reminder draft of each action that sends text. Built by plan-actions.ts, written
 * to the workbook and to CSV/JSON.
 */
import type { Day } from "../ledger/day.js";
import type { Cents } from "../ledger/money.js";
import type { Language } from "../ledger/types.js";

/** Late interest on one invoice, period by period of the statutory rate. */
export interface InterestPeriod {
  from: Day;
  /** inclusive */
  to: Day;
  days: number;
  /** annual rate in percent, e.g. 12.15 */
  rate: number;
  cents: Cents;
}

export interface InvoiceLine {
  invoice_id: string;
  issue_date: Day;
  due_date: Day;
  due_date_estimated: boolean;
  amount: Cents;
  /** open at the as-of date */
  open: Cents;
  /** as-of − due date (negative: not yet due) */
  days_past_due: number;
  disputed: boolean;
  /** late interest to the as-of date, when the step asks for it */
  interest: Cents | null;
  interest_periods: InterestPeriod[];
  /** fixed compensation for this late invoice (€40, or £40/£70/£100), when the step asks for it */
  compensation: Cents | null;
}

export interface Instalment {
  date: Day;
  amount: Cents;
}

export type ActionStatus = "to do" | "done" | "skipped" | "promised";

/** Why an action needs attention beyond its priority (from last month's workbook). */
export type ActionFlag = "broken promise" | "overdue work";

export interface Action {
  /** stable id: customer, currency and step, e.g. "C028/EUR/6" */
  id: string;
  customer_id: string;
  customer_name: string;
  currency: string;
  segment: string;
  segment_label: string;
  /** who does it: the segment's owner, resolved for this customer */
  owner: string;
  procedure: string;
  /** 1-based step of the procedure, and its day */
  step: number;
  step_day: number;
  /** email, letter, call, registered_letter, collection_agency, … */
  action: string;
  template: string | null;
  planned_date: Day;
  /** Σ open of the overdue invoices concerned (the reminded amount) */
  overdue_amount: Cents;
  /** invoices reminded (overdue, or falling due for a pre-due step), most overdue first */
  invoices: InvoiceLine[];
  /** disputed invoices: listed, never reminded */
  disputed: InvoiceLine[];
  /** open credit notes and unallocated payments that reduce what is asked (positive) */
  credit_available: Cents;
  interest_total: Cents;
  compensation_total: Cents;
  /** overdue + interest + compensation − credit: what the customer is asked to pay */
  amount_due: Cents;
  payment_plan: Instalment[] | null;
  credit_hold: boolean;
  priority: number;
  reason: string;
  language: Language;
  /** The customer's country as written in its export (whose late-payment law applies), or null. */
  country: string | null;
  email: string | null;
  phone: string | null;
  /** a broken promise (listed first) or a step left undone last month; null otherwise */
  flag: ActionFlag | null;
  /** filled by the user in the workbook; read back by the next run (--previous) */
  status: ActionStatus;
  promise_date: Day | null;
  comment: string;
}

export interface Draft {
  action_id: string;
  customer_id: string;
  customer_name: string;
  language: Language;
  /** email, letter, registered_letter, sms */
  channel: string;
  /** an e-mail address, or the customer's name for a letter */
  recipient: string;
  subject: string;
  body: string;
}
