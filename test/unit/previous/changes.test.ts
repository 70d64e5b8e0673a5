import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../../src/metrics/compute-metrics.js";
import { formatMetric, movementCounts, ruleFields, segmentChanges, type CurrentCustomer } from "../../../src/previous/changes.js";
import { applyOverrides } from "../../../src/previous/overrides.js";
import type { CustomerSnapshot, Override } from "../../../src/previous/types.js";
import { checkMatrix } from "../../../src/segmentation/load-matrix.js";
import { segmentCustomers } from "../../../src/segmentation/segment-customers.js";
import { customer, day, invoice, ledger, options, rowOf } from "../../helpers/ledger-builder.js";

const MATRIX = checkMatrix(`
scores:
  lateness: avg_days_late + max_days_past_due / 10
classes:
  risk:
    - value: high
      when: lateness > 30
    - value: low
  size:
    - value: key
      when: revenue >= 100000
    - value: small
segments:
  disputes: { label: Disputes, procedure: p }
  watch:    { label: Watch, procedure: p }
  normal:   { label: Normal, procedure: p }
rules:
  - id: litige
    when: dispute_count > 0
    segment: disputes
  - id: grid
    matrix:
      rows: risk
      columns: size
      cells:
        high: { key: watch, small: watch }
        low:  { key: normal, small: normal }
procedures:
  p:
    steps:
      - { day: 1, action: call }
`, "m.yaml").matrix!;

describe("ruleFields", () => {
  it("follows a grid rule through its classes and their scores to the metrics", () => {
    expect(ruleFields(MATRIX, "grid (high × small)")).toEqual(["avg_days_late", "max_days_past_due", "revenue"]);
    expect(ruleFields(MATRIX, "litige")).toEqual(["dispute_count"]);
    expect(ruleFields(MATRIX, "new_customer")).toEqual(["paid_count", "tenure_days"]);
    expect(ruleFields(MATRIX, "a rule that is gone")).toEqual([]);
  });
});

describe("segmentChanges", () => {
  const l = ledger({
    customers: [customer("A", { name: "Alpha" }), customer("B", { name: "Beta" }), customer("N", { name: "Nu" })],
    documents: [
      invoice("A", "A1", { issue: "2026-01-01", due: "2026-01-31", amount: 1000, paid: "2026-03-12" }), // 40 days late
      invoice("B", "B1", { issue: "2026-01-01", due: "2026-01-31", amount: 1000, paid: "2026-01-31" }),
      invoice("N", "N1", { issue: "2026-01-01", due: "2026-01-31", amount: 1000, paid: "2026-01-31" }),
    ],
  });
  const metrics = computeMetrics(l, options("2026-03-31"));
  const seg = segmentCustomers(MATRIX, l.customers, metrics);
  const current: CurrentCustomer[] = l.customers.map((c) => ({ customer_id: c.customer_id, name: c.name, assignment: seg.assignments.get(c.customer_id)!, metrics: rowOf(metrics, c.customer_id) }));
  const snapshot = (id: string, segment: string, label: string, rule: string, m: CustomerSnapshot["metrics"]): CustomerSnapshot => ({ customer_id: id, currency: "EUR", segment, segment_label: label, rule, metrics: m });

  it("lists who moved with the metrics both rules read, then new and vanished customers", () => {
    const changes = segmentChanges([
      snapshot("A", "normal", "Normal", "grid (low × small)", { avg_days_late: 12, max_days_past_due: 0, revenue: 100000 }),
      snapshot("B", "normal", "Normal", "grid (low × small)", { avg_days_late: 0, max_days_past_due: 0, revenue: 100000 }),
      snapshot("Z", "watch", "Watch", "grid (high × small)", {}),
    ], current, MATRIX);
    expect(seg.assignments.get("A")!.segment).toBe("watch");
    expect(changes).toEqual([
      { customer_id: "A", name: "Alpha", kind: "moved", from: "Normal", to: "Watch", rule: "grid (high × small)", deltas: "avg_days_late 12.0 → 40.0" },
      { customer_id: "N", name: "Nu", kind: "new", from: null, to: "Normal", rule: "grid (low × small)", deltas: "" },
      { customer_id: "Z", name: "", kind: "vanished", from: "Watch", to: null, rule: "", deltas: "" },
    ]);
    expect([...movementCounts(changes)]).toEqual([["Normal → Watch", 1], ["Watch → gone", 1], ["new → Normal", 1]]);
  });

  it("says so when no metric the rules read changed (the matrix or an override moved the customer)", () => {
    const changes = segmentChanges([snapshot("A", "disputes", "Disputes", "litige", { dispute_count: 0, avg_days_late: 40, max_days_past_due: 0, revenue: 100000 })], current.slice(0, 1), MATRIX);
    expect(changes[0]!.deltas).toBe("no change in dispute_count, avg_days_late, max_days_past_due, revenue: the matrix or an override changed");
  });

  it("formats money in units, counts as integers, days with one decimal, shares with two", () => {
    expect(formatMetric("overdue_balance", 123456)).toBe("1234.56");
    expect(formatMetric("overdue_count", 3)).toBe("3");
    expect(formatMetric("avg_days_late", 38.46)).toBe("38.5");
    expect(formatMetric("on_time_rate", 0.5)).toBe("0.50");
    expect(formatMetric("dso", null)).toBe("–");
  });
});

describe("applyOverrides", () => {
  const l = ledger({
    customers: [customer("A"), customer("B"), customer("C"), customer("D")],
    documents: ["A", "B", "C", "D"].map((id) => invoice(id, `${id}1`, { issue: "2026-01-01", due: "2026-01-31", amount: 100 })),
  });
  const metrics = computeMetrics(l, options("2026-03-31"));
  const seg = segmentCustomers(MATRIX, l.customers, metrics);
  const o = (customer_id: string, extra: Partial<Override>, row: number): Override => ({ customer_id, segment: null, pause_until: null, agency: false, until: null, note: "", source: `Overrides!${row}`, ...extra });

  it("forces segments by id or label, holds paused and handed-over customers, drops expired rows, reports unknowns", () => {
    const applied = applyOverrides([
      o("A", { segment: "Watch", note: "à surveiller" }, 2),
      o("B", { pause_until: day("2026-04-15") }, 3),
      o("C", { agency: true, until: day("2026-12-31") }, 4),
      o("D", { segment: "disputes", until: day("2026-03-30") }, 5),
      o("D", { segment: "Nowhere" }, 6),
      o("X", { agency: true }, 7),
      o("B", { pause_until: day("2026-03-01") }, 8),
    ], MATRIX, seg, day("2026-03-31"));
    expect(applied.segmentation.assignments.get("A")).toMatchObject({ segment: "watch", rule: "override (Overrides!2)" });
    expect(applied.segmentation.rows.find((r) => r.customer_id === "A")).toMatchObject({ segment: "watch", rule: "override (Overrides!2)" });
    expect(applied.notes.get("A")).toBe("segment forced by Overrides!2: à surveiller");
    expect([...applied.holds]).toEqual([
      ["B", "reminders paused until 2026-04-15 (Overrides!3)"],
      ["C", "handed to a collection agency (Overrides!4)"],
    ]);
    expect(applied.kept.map((k) => k.source)).toEqual(["Overrides!2", "Overrides!3", "Overrides!4", "Overrides!6", "Overrides!7"]);
    expect(applied.messages).toEqual([
      "Overrides!5: override for D expired on 2026-03-30; dropped.",
      'Overrides!6: segment "Nowhere" is not in the matrix (disputes, watch, normal); the segment is not forced.',
      "Overrides!7: customer X is not in this month's exports; the override is kept but has no effect.",
      "Overrides!8: a second override for B; only the first one applies.",
    ]);
    expect(seg.assignments.get("A")!.segment).toBe("normal"); // the input is not changed
  });
});
