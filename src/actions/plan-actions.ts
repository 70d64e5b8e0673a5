/**
 * Segments × procedures → the month's actions (spec/matrix.md "Steps and actions"):
 *
 * - per customer and currency, the step due on D (next-step.ts): all its overdue invoices
 *   in ONE action; with nothing overdue, a pre-due step for the invoices falling due soon;
 * - disputed invoices are never reminded, but listed on the action;
 * - open credit notes and unallocated payments are deducted; a customer whose overdue
 *   amount they cover entirely gets no reminder; a customer with nothing open, no action;
 * - `horizonDays` > 0 also plans the steps falling due before the next run, each on the
 *   day it falls due;
 * - late interest and fixed compensation per invoice when the step asks for them, at the
 *   statutory rate of the customer's country; a payment plan when the procedure has one;
 * - the owner from the segment, a priority in points (priority.ts), most urgent first.
 * Pure: the same inputs give the same actions.
 */
import type { Day } from "../ledger/day.js";
import { formatDay } from "../ledger/day.js";
import type { Cents } from "../ledger/money.js";
import { formatCents } from "../ledger/money.js";
import type { Customer, Language } from "../ledger/types.js";
import { rowKey, type CustomerMetrics, type MetricsResult, type OpenItem } from "../metrics/types.js";
import type { Assignment } from "../segmentation/classify.js";
import type { Matrix, Procedure, SegmentDef } from "../segmentation/matrix.js";
import { compareText } from "../util/compare.js";
import { countryOf, type RateOverrides } from "./interest-rates.js";
import { fixedCompensation, lateInterest } from "./late-interest.js";
import type { StepHistory } from "./history.js";
import { dueStep, stepOn, type DueStep } from "./next-step.js";
import { paymentPlan } from "./payment-plan.js";
import { priority, riskClass, riskPoints } from "./priority.js";
import type { Action, ActionFlag, InvoiceLine } from "./types.js";

export interface PlanOptions {
  asOf: Day;
  /** also plan the steps due within this many days after D (default 0) */
  horizonDays: number;
  rateOverrides?: RateOverrides;
  /** per rowKey(customer, currency): where the customer stands in its procedure (--previous) */
  history?: ReadonlyMap<string, StepHistory>;
  /** per customer id: why it gets no action this month (a pause or collection-agency override) */
  holds?: ReadonlyMap<string, string>;
  /** per customer id: a note for the reason of its actions (its segment was forced) */
  notes?: ReadonlyMap<string, string>;
}

/** Days between a payment-plan action and its first instalment. */
export const FIRST_INSTALMENT_AFTER_DAYS = 15;

export function planActions(matrix: Matrix, customers: readonly Customer[], metrics: MetricsResult, assignments: ReadonlyMap<string, Assignment>, options: PlanOptions): Action[] {
  const byId = new Map(customers.map((c) => [c.customer_id, c]));
  const risk = riskClass(matrix.classes);
  const actions: Action[] = [];
  for (const row of metrics.rows) {
    const customer = byId.get(row.customer_id);
    const assignment = assignments.get(row.customer_id);
    if (!customer || !assignment || row.currency === "") continue;
    const segment = matrix.segments.get(assignment.segment)!;
    const procedure = matrix.procedures.get(segment.procedure)!;
    const key = rowKey(row.customer_id, row.currency);
    const items = metrics.openItems.get(key) ?? [];
    const credit = creditAvailable(items, metrics.unallocatedCredit.get(key) ?? 0);
    if (options.holds?.has(row.customer_id)) continue;
    const ctx: Context = { matrix, customer, row, segment, procedure, items, credit, options, riskPoints: riskPoints(risk, risk ? assignment.classes[risk.name] ?? null : null) };
    const history = options.history?.get(key) ?? null;
    for (const planned of stepsToPlan(procedure, items, credit, options, history)) actions.push(buildAction(ctx, planned, history));
  }
  // a broken promise comes first in its owner's list, then the most urgent
  return actions.sort((a, b) => Number(b.flag === "broken promise") - Number(a.flag === "broken promise") || b.priority - a.priority || a.planned_date - b.planned_date || compareText(a.customer_id, b.customer_id) || compareText(a.currency, b.currency) || a.step - b.step);
}

/** Open credit notes (their negative open amounts) and unallocated cash, as a positive credit. */
function creditAvailable(items: readonly OpenItem[], unallocated: Cents): Cents {
  const notes = items.filter((i) => i.open < 0).reduce((s, i) => s - i.open, 0);
  return notes + Math.max(0, unallocated);
}

interface PlannedStep {
  day: Day;
  due: DueStep;
  flag: ActionFlag | null;
  /** why this step, beyond the days past due */
  why: string | null;
}

/**
 * The steps to plan for one customer and currency, in order:
 * - a promise not yet due: nothing; a promise broken (its invoices still open after its
 *   date): the step after the one it answered, on D, flagged;
 * - a step left to do last month: that step again on D, flagged as overdue work;
 * - then, before any contact, the step the days past due reach on D (spec/matrix.md); after
 *   a contact, the next step, on the day it falls due; within the horizon each later step
 *   on the day it falls due. Never a step already passed, never sooner than the
 *   procedure's minimum interval after the last contact.
 */
function stepsToPlan(procedure: Procedure, items: readonly OpenItem[], credit: Cents, options: PlanOptions, history: StepHistory | null): PlannedStep[] {
  const planned: PlannedStep[] = [];
  const D = options.asOf;
  let last = history?.stepDone ?? 0;
  let lastContact = history?.lastContact ?? null;
  const offset = (due: DueStep, day: Day): boolean => {
    const overdue = due.invoices.filter((i) => i.due_date < day).reduce((s, i) => s + i.open, 0);
    return overdue > 0 && credit >= overdue; // fully offset: nothing to remind
  };
  const forced = (number: number, flag: ActionFlag, why: string): void => {
    const due = stepOn(procedure, items, D, number);
    if (!due || offset(due, D)) return;
    planned.push({ day: D, due, flag, why });
    last = number;
    lastContact = D;
  };
  const promise = history?.promise ?? null;
  if (promise && D < promise.date) return []; // quiet until the promised day
  if (promise) {
    const open = new Set(items.filter((i) => i.open > 0).map((i) => i.invoice_id));
    const unpaid = promise.invoices.filter((id) => open.has(id));
    if (unpaid.length > 0) forced(Math.min(promise.step + 1, procedure.steps.length), "broken promise", `broken promise: payment promised for ${formatDay(promise.date)} not received (${unpaid.join(", ")})`);
  } else if (history?.pending && history.pending.planned < D && !preDuePassed(procedure, history.pending.step, items, D)) {
    const p = history.pending;
    forced(p.step, "overdue work", `overdue work: step ${p.step} planned for ${formatDay(p.planned)} not done${p.row ? ` (${p.row})` : ""}`);
  }
  const from = planned.length > 0 ? D + 1 : D;
  for (let day = from; day <= D + options.horizonDays; day++) {
    // before any contact, the step the days past due reach; after one, one step at a time
    const reached = dueStep(procedure, items, day);
    if (!reached || reached.number <= last) continue;
    const due = last === 0 ? reached : stepOn(procedure, items, day, last + 1);
    if (!due) continue;
    if (lastContact !== null && day < lastContact + procedure.min_interval_days) continue;
    if (offset(due, day)) continue;
    planned.push({ day, due, flag: null, why: null });
    last = due.number;
    lastContact = day;
  }
  return planned;
}

/** A pre-due step left undone is moot once its invoices are overdue: the procedure goes on. */
function preDuePassed(procedure: Procedure, step: number, items: readonly OpenItem[], day: Day): boolean {
  return (procedure.steps[step - 1]?.day ?? 0) < 0 && items.some((i) => i.kind === "invoice" && i.open > 0 && !i.disputed && i.due_date < day);
}

interface Context {
  matrix: Matrix;
  customer: Customer;
  row: CustomerMetrics;
  segment: SegmentDef;
  procedure: Procedure;
  items: readonly OpenItem[];
  credit: Cents;
  options: PlanOptions;
  riskPoints: number;
}

function buildAction(ctx: Context, planned: PlannedStep, history: StepHistory | null): Action {
  const { customer, row, segment, procedure, matrix } = ctx;
  const { due, day } = planned;
  const step = due.step;
  const country = countryOf(customer.country);
  const line = (i: OpenItem): InvoiceLine => {
    const late = day - i.due_date;
    const interest = step.late_interest && late > 0 && country ? lateInterest(i.open, i.due_date, day, country, ctx.options.rateOverrides) : null;
    return {
      invoice_id: i.invoice_id, issue_date: i.issue_date, due_date: i.due_date, due_date_estimated: i.due_date_estimated,
      amount: i.amount, open: i.open, days_past_due: late, disputed: i.disputed,
      interest: interest ? interest.cents : null, interest_periods: interest ? interest.periods : [],
      compensation: step.fixed_compensation !== null && late > 0 ? fixedCompensation(i.amount, i.currency, country, step.fixed_compensation) : null,
    };
  };
  const invoices = due.invoices.map(line);
  const disputed = ctx.items.filter((i) => i.kind === "invoice" && i.open > 0 && i.disputed).map(line);
  const overdue = invoices.filter((i) => i.days_past_due > 0).reduce((s, i) => s + i.open, 0);
  const interestTotal = invoices.reduce((s, i) => s + (i.interest ?? 0), 0);
  const compensationTotal = invoices.reduce((s, i) => s + (i.compensation ?? 0), 0);
  const reminded = invoices.reduce((s, i) => s + i.open, 0);
  const amountDue = Math.max(0, reminded + interestTotal + compensationTotal - ctx.credit);
  const split = procedure.payment_plan && overdue > 0 && amountDue > 0 ? paymentPlan(amountDue, procedure.payment_plan.instalments, Math.round(procedure.payment_plan.min_instalment * 100), day + FIRST_INSTALMENT_AFTER_DAYS) : [];
  const plan = split.length >= 2 ? split : null; // one "instalment" of the whole is no plan: not offered
  const language: Language = customer.language ?? matrix.settings.defaultLanguage;
  const worst = invoices[0]!;
  const reason = [
    due.daysPastDue > 0 ? `${worst.invoice_id} ${due.daysPastDue} days past due` : `${invoices.map((i) => i.invoice_id).join(", ")} due on ${formatDay(worst.due_date)}`,
    `step ${due.number} of ${procedure.id} (day ${step.day})`,
    `segment ${segment.label}`,
    ctx.credit > 0 ? `credit ${formatCents(ctx.credit)} deducted` : null,
    disputed.length > 0 ? `${disputed.length} disputed invoice${disputed.length === 1 ? "" : "s"} left out` : null,
    procedure.credit_hold ? "credit hold" : null,
    step.note,
    planned.why,
    ctx.options.notes?.get(customer.customer_id) ?? null,
  ].filter(Boolean).join("; ");
  return {
    id: `${customer.customer_id}/${row.currency}/${due.number}`,
    customer_id: customer.customer_id,
    customer_name: customer.name,
    currency: row.currency,
    segment: segment.id,
    segment_label: segment.label,
    owner: resolveOwner(segment.owner, customer),
    procedure: procedure.id,
    step: due.number,
    step_day: step.day,
    action: step.action,
    template: step.template,
    planned_date: day,
    overdue_amount: overdue,
    invoices,
    disputed,
    credit_available: ctx.credit,
    interest_total: interestTotal,
    compensation_total: compensationTotal,
    amount_due: amountDue,
    payment_plan: plan && plan.length > 0 ? plan : null,
    credit_hold: procedure.credit_hold,
    // urgency as it stands on D: a step planned later in the horizon is not more urgent for being later
    priority: priority(overdue, due.daysPastDue - (day - ctx.options.asOf), ctx.riskPoints),
    reason,
    language,
    country: customer.country,
    email: customer.email,
    phone: customer.phone,
    flag: planned.flag,
    status: "to do",
    promise_date: null,
    comment: history?.comment ?? "",
  };
}

/** A segment's owner for one customer: `{{field}}` from the customer (else "unassigned"), or the fixed name. */
export function resolveOwner(owner: string | null, customer: Customer): string {
  if (!owner) return "unassigned";
  const field = owner.match(/^\{\{\s*([^}\s]+)\s*\}\}$/)?.[1];
  if (!field) return owner;
  const standard = (customer as unknown as Record<string, unknown>)[field];
  const value = field !== "extra" && typeof standard === "string" ? standard : Object.prototype.hasOwnProperty.call(customer.extra, field) ? customer.extra[field] : null;
  return value && value.trim() !== "" ? value.trim() : "unassigned";
}
