/**
 * The action list as CSV and JSON (`relance run --format csv|json`): one row per planned
 * action, most urgent first, money in major units, dates ISO; CSV text fields guarded
 * against formula injection (csv.ts).
 */
import type { Action } from "../actions/types.js";
import { formatDay } from "../ledger/day.js";
import { centsToNumber, formatCents } from "../ledger/money.js";
import type { CsvValue } from "./csv.js";

export const ACTION_COLUMNS = [
  "action_id", "customer_id", "customer_name", "currency", "segment", "owner", "action", "step", "template", "planned_date",
  "overdue_amount", "interest", "compensation", "credit_available", "amount_due", "invoices", "disputed_invoices",
  "priority", "flag", "credit_hold", "language", "country", "email", "phone", "reason", "status", "promise_date", "comment",
] as const;

export function actionCsvRows(actions: readonly Action[]): CsvValue[][] {
  const money = (c: number): CsvValue => ({ numeric: formatCents(c) });
  return actions.map((a) => [
    a.id, a.customer_id, a.customer_name, a.currency, a.segment, a.owner, a.action, a.step, a.template, formatDay(a.planned_date),
    money(a.overdue_amount), money(a.interest_total), money(a.compensation_total), money(a.credit_available), money(a.amount_due),
    a.invoices.map((i) => i.invoice_id).join(" "), a.disputed.map((i) => i.invoice_id).join(" "),
    a.priority, a.flag, a.credit_hold ? "yes" : "", a.language, a.country, a.email, a.phone, a.reason, a.status, a.promise_date === null ? null : formatDay(a.promise_date), a.comment,
  ]);
}

export function actionJson(actions: readonly Action[]): Record<string, unknown>[] {
  return actions.map((a) => ({
    action_id: a.id, customer_id: a.customer_id, customer_name: a.customer_name, currency: a.currency, segment: a.segment,
    owner: a.owner, action: a.action, step: a.step, template: a.template, planned_date: formatDay(a.planned_date),
    overdue_amount: centsToNumber(a.overdue_amount), interest: centsToNumber(a.interest_total), compensation: centsToNumber(a.compensation_total),
    credit_available: centsToNumber(a.credit_available), amount_due: centsToNumber(a.amount_due),
    invoices: a.invoices.map((i) => ({
      invoice_id: i.invoice_id, issue_date: formatDay(i.issue_date), due_date: formatDay(i.due_date), amount: centsToNumber(i.amount),
      open: centsToNumber(i.open), days_past_due: i.days_past_due,
      interest: i.interest === null ? null : centsToNumber(i.interest), compensation: i.compensation === null ? null : centsToNumber(i.compensation),
    })),
    disputed_invoices: a.disputed.map((i) => i.invoice_id),
    payment_plan: a.payment_plan?.map((p) => ({ date: formatDay(p.date), amount: centsToNumber(p.amount) })) ?? null,
    priority: a.priority, flag: a.flag, credit_hold: a.credit_hold, language: a.language, country: a.country, email: a.email, phone: a.phone, reason: a.reason,
    status: a.status, promise_date: a.promise_date === null ? null : formatDay(a.promise_date), comment: a.comment,
  }));
}
