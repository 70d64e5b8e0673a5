/**
 * The monthly job as one pure function: ledger + matrix + D → metrics → segments →
 * actions → drafts → the workbook's content. Reading the files and writing the outputs
 * happen at the edges (cli/commands/run.ts).
 */
import type { Day } from "../ledger/day.js";
import type { Ledger, LedgerHead } from "../ledger/types.js";
import { planActions } from "../actions/plan-actions.js";
import type { Action, Draft } from "../actions/types.js";
import { computeMetrics } from "../metrics/compute-metrics.js";
import { portfolioKpis } from "../metrics/portfolio.js";
import type { MetricsResult, PortfolioKpis } from "../metrics/types.js";
import type { Matrix } from "../segmentation/matrix.js";
import { segmentCustomers, type Segmentation } from "../segmentation/segment-customers.js";
import { renderDraft, type Creditor } from "../drafts/render-draft.js";
import type { StepHistory } from "../actions/history.js";
import { formatDay } from "../ledger/day.js";
import { metricRecord, rowKey } from "../metrics/types.js";
import { STATUS_VALUES, type RunReport } from "../output/workbook-model.js";
import { segmentChanges, type CurrentCustomer, type SegmentChange } from "../previous/changes.js";
import { carryOver, followUpsToStore, stepHistory, type CarriedFollowUp } from "../previous/follow-up.js";
import { applyOverrides } from "../previous/overrides.js";
import type { RunState } from "../previous/state-sheet.js";
import type { PreviousRun } from "../previous/types.js";
import { primaryRow } from "../segmentation/classify.js";
import { groupBy } from "../util/group-by.js";

/** The ledger with its documents, or its head with the metrics already folded from them (load-ledger.ts). */
export type RunLedger = { ledger: Ledger; metrics?: MetricsResult } | { ledger: LedgerHead; metrics: MetricsResult };

export type RunInputs = RunLedger & {
  matrix: Matrix;
  asOf: Day;
  horizonDays: number;
  creditor?: Partial<Creditor>;
  /** last month's workbook, read back (--previous) */
  previous?: PreviousRun | null;
  /** already computed (the benchmark times the stages apart); computed here when absent */
  segmentation?: Segmentation;
};

export interface MonthlyRun {
  metrics: MetricsResult;
  segmentation: Segmentation;
  actions: Action[];
  drafts: Draft[];
  report: RunReport;
  /** segment migrations since --previous */
  changes: SegmentChange[];
}

export function monthlyRun(inputs: RunInputs): MonthlyRun {
  const { ledger, matrix, asOf } = inputs;
  const previous = inputs.previous ?? null;
  const options = { asOf, windowDays: matrix.settings.windowDays, graceDays: matrix.settings.graceDays };
  const metrics = inputs.metrics ?? computeMetrics(ledger as Ledger, options); // RunLedger: no metrics → the documents are there
  const segmented = inputs.segmentation ?? segmentCustomers(matrix, ledger.customers, metrics);
  const overrides = previous ? applyOverrides(previous.overrides, matrix, segmented, asOf) : null;
  const segmentation = overrides?.segmentation ?? segmented;

  // where each customer stands in its procedure, from last month's workbook
  const openIds = (key: string): Set<string> => new Set((metrics.openItems.get(key) ?? []).filter((i) => i.open > 0).map((i) => i.invoice_id));
  const openCache = new Map<string, Set<string>>();
  const isOpen = (key: string, invoice: string): boolean => (openCache.get(key) ?? openCache.set(key, openIds(key)).get(key)!).has(invoice);
  const carried = previous ? carryOver(previous) : new Map<string, CarriedFollowUp>();
  const history = new Map<string, StepHistory>();
  const quiet = new Map<string, string>();
  for (const row of segmentation.rows) {
    const key = rowKey(row.customer_id, row.currency);
    const hold = overrides?.holds.get(row.customer_id);
    if (hold) quiet.set(key, hold);
    const c = carried.get(key);
    const procedure = matrix.procedures.get(matrix.segments.get(row.segment)?.procedure ?? "");
    if (!c || !procedure) continue;
    const h = stepHistory(c, procedure, (invoice) => isOpen(key, invoice));
    if (!h) continue;
    history.set(key, h);
    if (!hold && h.promise && h.promise.date > asOf) quiet.set(key, `payment promised for ${formatDay(h.promise.date)}`);
  }

  const actions = planActions(matrix, ledger.customers, metrics, segmentation.assignments, {
    asOf, horizonDays: inputs.horizonDays, rateOverrides: matrix.interestRates,
    history, holds: overrides?.holds, notes: overrides?.notes,
  });
  const creditor = { ...matrix.creditor, ...inputs.creditor };
  const drafts = actions.flatMap((a) => renderDraft(a, matrix, asOf, creditor) ?? []);
  const segmentKpis = new Map<string, PortfolioKpis[]>();
  const bySegment = groupBy(segmentation.rows, (r) => r.segment);
  for (const id of matrix.segments.keys()) segmentKpis.set(id, portfolioKpis(bySegment.get(id) ?? [], metrics, options));

  const current = currentCustomers(ledger, segmentation, matrix);
  const changes = previous && previous.asOf !== null ? segmentChanges(previous.customers, current, matrix) : [];
  const state: RunState = {
    asOf,
    actions: actions.map((a) => ({
      action_id: a.id, customer_id: a.customer_id, currency: a.currency, procedure: a.procedure, step: a.step, step_day: a.step_day,
      planned_date: a.planned_date, invoices: a.invoices.map((i) => i.invoice_id),
    })),
    followUps: followUpsToStore(carried, asOf, isOpen),
    customers: current.map((c) => ({
      customer_id: c.customer_id, currency: c.metrics.currency, segment: c.assignment.segment,
      segment_label: matrix.segments.get(c.assignment.segment)?.label ?? c.assignment.segment, rule: c.assignment.rule,
      metrics: metricRecord((f) => c.metrics[f]),
    })),
  };
  const report: RunReport = {
    asOf,
    generatedAt: null,
    matrixFile: matrix.file,
    settings: { windowDays: matrix.settings.windowDays, graceDays: matrix.settings.graceDays, currency: matrix.settings.currency },
    ledger,
    rows: segmentation.rows,
    portfolio: metrics.portfolio,
    documentTotals: metrics.documentTotals,
    segmentKpis,
    segments: [...matrix.segments.values()],
    actions,
    drafts,
    changes,
    quiet,
    overrides: overrides?.kept ?? [],
    state,
    previous: previous && {
      file: previous.file,
      asOf: previous.asOf,
      actions: previous.actions.length,
      statuses: countStatuses(previous),
      problems: [...previous.problems, ...(overrides?.messages ?? [])],
    },
  };
  return { metrics, segmentation, actions, drafts, report, changes };
}

/** Each customer with the metrics row it was segmented on. */
function currentCustomers(ledger: LedgerHead, segmentation: Segmentation, matrix: Matrix): CurrentCustomer[] {
  const rows = groupBy(segmentation.rows, (r) => r.customer_id);
  const out: CurrentCustomer[] = [];
  for (const c of ledger.customers) {
    const assignment = segmentation.assignments.get(c.customer_id);
    const own = rows.get(c.customer_id);
    if (!assignment || !own) continue;
    out.push({ customer_id: c.customer_id, name: c.name, assignment, metrics: primaryRow(own, matrix.settings.currency) });
  }
  return out;
}

function countStatuses(previous: PreviousRun): Map<string, number> {
  const counts = new Map<string, number>(STATUS_VALUES.map((s) => [s, 0]));
  for (const a of previous.actions) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  return counts;
}
