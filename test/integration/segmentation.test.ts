/**
 * The starter matrix on the fixtures: every customer in exactly one segment, and
 * `explain` agrees with `segment` for every customer.
 */
import { describe, expect, it } from "vitest";
import { loadLedger } from "../../src/ingest/load-ledger.js";
import { parseIsoDay } from "../../src/ledger/day.js";
import { computeMetrics } from "../../src/metrics/compute-metrics.js";
import { rowKey } from "../../src/metrics/types.js";
import { explain, primaryRow } from "../../src/segmentation/classify.js";
import { loadMatrix } from "../../src/segmentation/load-matrix.js";
import { segmentCustomers } from "../../src/segmentation/segment-customers.js";
import { STARTER_MATRIX } from "../../src/segmentation/starter-files.js";

const asOf = parseIsoDay("2026-10-31")!;

describe("the starter matrix on the French fixtures", async () => {
  const { ledger } = await loadLedger({ customers: "fixtures/fr-sage/clients.csv", invoices: "fixtures/fr-sage/factures.csv", asOf });
  const { matrix } = await loadMatrix(STARTER_MATRIX);
  const metrics = computeMetrics(ledger, { asOf, windowDays: matrix.settings.windowDays, graceDays: matrix.settings.graceDays });
  const { rows, assignments } = segmentCustomers(matrix, ledger.customers, metrics);

  it("puts every customer in exactly one segment, the same on all its currency rows", () => {
    expect(assignments.size).toBe(40);
    const byCustomer = new Map<string, Set<string>>();
    for (const r of rows) byCustomer.set(r.customer_id, (byCustomer.get(r.customer_id) ?? new Set()).add(r.segment));
    expect(byCustomer.size).toBe(40);
    for (const [id, segments] of byCustomer) expect(segments.size, id).toBe(1);
    for (const a of assignments.values()) expect(matrix.segments.has(a.segment)).toBe(true);
  });

  it("gives each metrics row, every field kept, its customer's segment and rule", () => {
    expect(rows).toHaveLength(metrics.rows.length);
    rows.forEach((r, i) => {
      const a = assignments.get(r.customer_id)!;
      expect(r).toStrictEqual({ ...metrics.rows[i], segment: a.segment, rule: a.rule });
    });
  });

  it("uses several segments, new customers first", () => {
    const counts = new Map<string, number>();
    for (const a of assignments.values()) counts.set(a.segment, (counts.get(a.segment) ?? 0) + 1);
    expect(counts.get("new")).toBe(2);
    expect(counts.get("litiges")).toBeGreaterThan(0);
    expect(counts.size).toBeGreaterThanOrEqual(6);
    expect(assignments.get("C039")).toMatchObject({ segment: "new", rule: "new_customer" });
  });

  it("explains every customer with the segment and rule that segment gives", () => {
    for (const customer of ledger.customers) {
      const own = metrics.rows.filter((r) => r.customer_id === customer.customer_id);
      const row = primaryRow(own, matrix.settings.currency);
      const e = explain(matrix, customer, row, metrics.unallocatedCredit.get(rowKey(row.customer_id, row.currency)) ?? 0);
      expect(e.assignment).toEqual(assignments.get(customer.customer_id));
      const chosen = e.steps.filter((s) => s.chosen);
      expect(chosen, customer.customer_id).toHaveLength(1);
      expect(chosen[0]!.outcome).toBe(true);
      // every step before the chosen one among rules did not hold
      const ruleSteps = e.steps.filter((s) => !s.subject.startsWith("score ") && !s.subject.startsWith("class "));
      const at = ruleSteps.indexOf(chosen[0]!);
      for (const s of ruleSteps.slice(0, at)) expect(s.outcome, `${customer.customer_id}: ${s.subject}`).toBe(false);
    }
  });
});
