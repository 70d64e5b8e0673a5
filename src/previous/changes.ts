/**
 * Segment migrations since the previous run (the workbook's Changes sheet): every customer
 * whose segment changed, with the rule that now applies and the changes of the metrics that
 * rule and the previous one read (`avg_days_late 12.0 → 38.5`); new and vanished customers.
 */
import { FIELD_KIND, METRIC_FIELDS, type CustomerMetrics, type MetricField } from "../metrics/types.js";
import type { Assignment } from "../segmentation/classify.js";
import { ruleName, type Matrix, type Rule } from "../segmentation/matrix.js";
import { compareText } from "../util/compare.js";
import type { CustomerSnapshot } from "./types.js";

export type ChangeKind = "moved" | "new" | "vanished";

export interface SegmentChange {
  customer_id: string;
  name: string;
  kind: ChangeKind;
  /** segment labels */
  from: string | null;
  to: string | null;
  rule: string;
  deltas: string;
}

export interface CurrentCustomer {
  customer_id: string;
  name: string;
  assignment: Assignment;
  /** the metrics row the customer was segmented on */
  metrics: CustomerMetrics;
}

export function segmentChanges(previous: readonly CustomerSnapshot[], current: readonly CurrentCustomer[], matrix: Matrix): SegmentChange[] {
  const label = (id: string): string => matrix.segments.get(id)?.label ?? id;
  const before = new Map(previous.map((p) => [p.customer_id, p]));
  const now = new Set(current.map((c) => c.customer_id));
  const changes: SegmentChange[] = [];
  for (const c of current) {
    const p = before.get(c.customer_id);
    const to = label(c.assignment.segment);
    if (!p) {
      changes.push({ customer_id: c.customer_id, name: c.name, kind: "new", from: null, to, rule: c.assignment.rule, deltas: "" });
      continue;
    }
    if (p.segment === c.assignment.segment) continue;
    const fields = [...new Set([...ruleFields(matrix, p.rule), ...ruleFields(matrix, c.assignment.rule)])];
    changes.push({ customer_id: c.customer_id, name: c.name, kind: "moved", from: p.segment_label || label(p.segment), to, rule: c.assignment.rule, deltas: describeDeltas(fields, p.metrics, c.metrics) });
  }
  for (const p of previous) {
    if (!now.has(p.customer_id)) changes.push({ customer_id: p.customer_id, name: "", kind: "vanished", from: p.segment_label || label(p.segment), to: null, rule: "", deltas: "" });
  }
  const order: Record<ChangeKind, number> = { moved: 0, new: 1, vanished: 2 };
  return changes.sort((a, b) => order[a.kind] - order[b.kind] || compareText(a.customer_id, b.customer_id));
}

/** Movements per pair of segments, for the terminal summary: "Bons payeurs → Payeurs lents" → 3. */
export function movementCounts(changes: readonly SegmentChange[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of changes) {
    const pair = c.kind === "moved" ? `${c.from} → ${c.to}` : c.kind === "new" ? `new → ${c.to}` : `${c.from} → gone`;
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return new Map([...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0])));
}

/**
 * The metrics a rule reads, scores and classes followed to the metrics they read. The rule
 * is found by the name an assignment gives it (`id`, `rule N`, a grid rule with its cell
 * in parentheses, `new_customer`); an unknown name (the matrix changed) reads nothing.
 */
export function ruleFields(matrix: Matrix, assignedRule: string): MetricField[] {
  if (assignedRule === "new_customer") return ["paid_count", "tenure_days"];
  const name = assignedRule.replace(/ \(.*\)$/, "");
  const rule = matrix.rules.find((r) => ruleName(r) === name);
  if (!rule) return [];
  const metricNames = new Set<string>(METRIC_FIELDS);
  const found = new Set<MetricField>();
  const visited = new Set<string>();
  const visit = (names: readonly string[]): void => {
    for (const n of names) {
      if (visited.has(n)) continue;
      visited.add(n);
      if (metricNames.has(n)) found.add(n as MetricField);
      const score = matrix.scores.find((s) => s.name === n);
      if (score) visit(score.expression.fields);
      const cls = matrix.classes.find((c) => c.name === n);
      if (cls) for (const e of cls.entries) if (e.when) visit(e.when.fields);
    }
  };
  visit(namesOf(rule));
  return METRIC_FIELDS.filter((f) => found.has(f));
}

function namesOf(rule: Rule): string[] {
  if (rule.kind === "when") return rule.when.fields;
  if (rule.kind === "matrix") return [rule.rows, rule.columns];
  return [];
}

function describeDeltas(fields: readonly MetricField[], before: CustomerSnapshot["metrics"], after: CustomerMetrics): string {
  const parts: string[] = [];
  const same: string[] = [];
  for (const f of fields) {
    const a = before[f] ?? null;
    const b = after[f] ?? null;
    if (a === b) same.push(f);
    else parts.push(`${f} ${formatMetric(f, a)} → ${formatMetric(f, b)}`);
  }
  if (parts.length > 0) return parts.join("; ");
  return same.length > 0 ? `no change in ${same.join(", ")}: the matrix or an override changed` : "the matrix or an override changed";
}

/** Money with 2 decimals (cents → units), counts as integers, other measures with 1 decimal (ratios 2). */
export function formatMetric(field: MetricField, value: number | null): string {
  if (value === null) return "–";
  const kind = FIELD_KIND[field];
  if (kind === "money") return (value / 100).toFixed(2);
  if (kind === "count") return String(value);
  if (field === "on_time_rate" || field === "credit_limit_use") return value.toFixed(2);
  return value.toFixed(1);
}
