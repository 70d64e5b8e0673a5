/**
 * Places each customer in one segment (spec/matrix.md). For one customer:
 *
 * 1. scores are computed in file order, then classes (each takes the value of its first
 *    entry whose `when` holds; an entry without `when` takes everyone left);
 * 2. with `new_customer`, a customer with tenure_days ≤ max_tenure_days and
 *    paid_count < min_paid_invoices goes to segment `new`, before any rule;
 * 3. otherwise the rules are tried in file order and the FIRST that holds decides: a `when`
 *    rule holds when its condition is true, a rule without `when` always, a matrix rule
 *    when both of the customer's class values have a cell.
 *
 * A customer billed in several currencies is placed once, on its row in the matrix's
 * currency (else its row with the largest revenue); all its rows carry that segment.
 * Pure: the same metrics and matrix give the same assignment.
 */
import { formatDay } from "../ledger/day.js";
import type { Customer } from "../ledger/types.js";
import { FIELD_KIND, METRIC_FIELDS, type CustomerMetrics, type MetricField } from "../metrics/types.js";
import type { CompiledExpression, Value } from "./expression.js";
import { NEW_SEGMENT, ruleName, type Matrix } from "./matrix.js";

export interface Assignment {
  customer_id: string;
  segment: string;
  /** the rule that placed the customer: its id, `rule N`, or `new_customer` */
  rule: string;
  classes: Record<string, string | null>;
  scores: Record<string, number | null>;
}

/** One step of the reasoning, for `relance explain`. */
export interface ExplainStep {
  /** e.g. "class risk = high", "rule 2 → slow", "new_customer" */
  subject: string;
  outcome: boolean;
  /** comparisons made, e.g. "avg_days_late 41.2 > 30 ✓" */
  details: string[];
  /** true for the step that decided */
  chosen: boolean;
}

export interface Explanation {
  assignment: Assignment;
  steps: ExplainStep[];
}

const METRIC_SET: ReadonlySet<string> = new Set(METRIC_FIELDS);

/** The value a rule sees for a name: metrics (money in currency units), customer fields, free columns. */
export function customerLookup(customer: Customer, row: CustomerMetrics, unallocatedCredit: number): (name: string) => Value | undefined {
  return (name) => {
    if (METRIC_SET.has(name)) {
      const v = row[name as MetricField];
      return v === null ? null : FIELD_KIND[name as MetricField] === "money" ? v / 100 : v;
    }
    switch (name) {
      case "currency": return row.currency;
      case "unallocated_credit": return unallocatedCredit / 100;
      case "credit_limit": return customer.credit_limit === null ? null : customer.credit_limit / 100;
      case "created_date": return customer.created_date === null ? null : formatDay(customer.created_date);
      case "customer_id": case "name": case "language": case "email": case "phone": case "country":
      case "sector": case "owner": case "invoicing": case "credit_score": case "payment_terms_days":
        return customer[name];
    }
    if (Object.prototype.hasOwnProperty.call(customer.extra, name)) return freeValue(customer.extra[name]!);
    return undefined;
  };
}

/** A free column's text: a number when it reads as one ("12", "12.5", "12,5"), null when empty. */
function freeValue(text: string): Value {
  const t = text.trim();
  if (t === "") return null;
  return /^-?\d+([.,]\d+)?$/.test(t) ? Number(t.replace(",", ".")) : t;
}

export function classify(matrix: Matrix, customer: Customer, row: CustomerMetrics, unallocatedCredit = 0): Assignment {
  return explain(matrix, customer, row, unallocatedCredit, false).assignment;
}

/** Classifies and records every step (with the comparisons when `trace` is on). */
export function explain(matrix: Matrix, customer: Customer, row: CustomerMetrics, unallocatedCredit = 0, trace = true): Explanation {
  const base = customerLookup(customer, row, unallocatedCredit);
  const scores: Record<string, number | null> = {};
  const classes: Record<string, string | null> = {};
  const derived = new Map<string, Value>();
  const lookup = (name: string) => (derived.has(name) ? derived.get(name) : base(name));
  const steps: ExplainStep[] = [];
  const run = (expr: CompiledExpression) => {
    if (!trace) return { result: expr.evaluate(lookup), steps: [] as string[] };
    return expr.trace(lookup);
  };

  for (const score of matrix.scores) {
    const { result, steps: details } = run(score.expression);
    const value = typeof result === "number" && Number.isFinite(result) ? result : null;
    scores[score.name] = value;
    derived.set(score.name, value);
    if (trace) steps.push({ subject: `score ${score.name} = ${value === null ? "(empty)" : round2(value)}`, outcome: value !== null, details, chosen: false });
  }
  for (const cls of matrix.classes) {
    let value: string | null = null;
    const tried: string[] = [];
    for (const entry of cls.entries) {
      if (entry.when === null) {
        value = entry.value;
        tried.push(`otherwise → ${entry.value}`);
        break;
      }
      const { result, steps: details } = run(entry.when);
      tried.push(...details.map((d) => `${entry.value}: ${d}`));
      if (result === true) {
        value = entry.value;
        break;
      }
    }
    classes[cls.name] = value;
    derived.set(cls.name, value);
    if (trace) steps.push({ subject: `class ${cls.name} = ${value ?? "(none)"}`, outcome: value !== null, details: tried, chosen: false });
  }

  const assign = (segment: string, rule: string): Explanation => ({ assignment: { customer_id: customer.customer_id, segment, rule, classes, scores }, steps });

  if (matrix.newCustomer) {
    const tenure = row.tenure_days;
    const isNew = tenure !== null && tenure <= matrix.newCustomer.maxTenureDays && row.paid_count < matrix.newCustomer.minPaidInvoices;
    if (trace) {
      steps.push({
        subject: `new_customer → ${NEW_SEGMENT}`, outcome: isNew, chosen: isNew,
        details: [
          `tenure_days ${tenure ?? "(empty)"} <= ${matrix.newCustomer.maxTenureDays} ${tenure !== null && tenure <= matrix.newCustomer.maxTenureDays ? "✓" : "✗"}`,
          `paid_count ${row.paid_count} < ${matrix.newCustomer.minPaidInvoices} ${row.paid_count < matrix.newCustomer.minPaidInvoices ? "✓" : "✗"}`,
        ],
      });
    }
    if (isNew) return assign(NEW_SEGMENT, "new_customer");
  }

  for (const rule of matrix.rules) {
    const name = ruleName(rule);
    if (rule.kind === "catch-all") {
      if (trace) steps.push({ subject: `${name} → ${rule.segment}`, outcome: true, details: ["no condition: takes every customer left"], chosen: true });
      return assign(rule.segment, name);
    }
    if (rule.kind === "when") {
      const { result, steps: details } = run(rule.when);
      const holds = result === true;
      if (trace) steps.push({ subject: `${name} → ${rule.segment}`, outcome: holds, details, chosen: holds });
      if (holds) return assign(rule.segment, name);
      continue;
    }
    const r = classes[rule.rows] ?? null;
    const c = classes[rule.columns] ?? null;
    const segment = r !== null && c !== null ? rule.cells.get(r)?.get(c) : undefined;
    if (trace) steps.push({ subject: `${name}: matrix ${rule.rows} × ${rule.columns}${segment ? ` → ${segment}` : ""}`, outcome: segment !== undefined, details: [`${rule.rows} = ${r ?? "(none)"}, ${rule.columns} = ${c ?? "(none)"}`], chosen: segment !== undefined });
    if (segment !== undefined) return assign(segment, `${name} (${r} × ${c})`);
  }
  // The loader requires a last rule that takes everyone; reaching here means a class had no value.
  throw new Error(`customer ${customer.customer_id} matched no rule although the matrix ends with a total rule`);
}

function round2(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** The row a multi-currency customer is segmented on: the matrix currency's, else the largest revenue. */
export function primaryRow(rows: readonly CustomerMetrics[], currency: string): CustomerMetrics {
  return rows.find((r) => r.currency === currency) ?? [...rows].sort((a, b) => b.revenue - a.revenue)[0]!;
}
