/**
 * Metrics rows + matrix → every customer's segment, once per customer (see classify.ts),
 * carried on each of its (customer, currency) rows.
 */
import type { Customer } from "../ledger/types.js";
import { rowKey, type CustomerMetrics, type MetricsResult } from "../metrics/types.js";
import { classify, primaryRow, type Assignment } from "./classify.js";
import type { Matrix } from "./matrix.js";
import { groupBy } from "../util/group-by.js";

export interface SegmentedRow extends CustomerMetrics {
  segment: string;
  rule: string;
}

export interface Segmentation {
  rows: SegmentedRow[];
  assignments: Map<string, Assignment>;
}

export function segmentCustomers(matrix: Matrix, customers: readonly Customer[], metrics: MetricsResult): Segmentation {
  const byCustomer = groupBy(metrics.rows, (r) => r.customer_id);
  const assignments = new Map<string, Assignment>();
  for (const customer of customers) {
    const rows = byCustomer.get(customer.customer_id);
    if (!rows) continue; // did not exist at D
    const row = primaryRow(rows, matrix.settings.currency);
    assignments.set(customer.customer_id, classify(matrix, customer, row, metrics.unallocatedCredit.get(rowKey(row.customer_id, row.currency)) ?? 0));
  }
  const rows = metrics.rows.map((r) => {
    const a = assignments.get(r.customer_id)!;
    return { ...r, segment: a.segment, rule: a.rule };
  });
  return { rows, assignments };
}
