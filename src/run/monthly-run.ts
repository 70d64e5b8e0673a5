/**
 * The monthly job as one pure function: ledger + matrix + D → metrics → segments →
 * actions → drafts → the workbook's content. Reading the files and writing the outputs
 * happen at the edges (cli/commands/run.ts).
 */
import type { Day } from "../ledger/day.js";
import type { Ledger } from "../ledger/types.js";
import { planActions } from "../actions/plan-actions.js";
import type { Action, Draft } from "../actions/types.js";
import { computeMetrics } from "../metrics/compute-metrics.js";
import { portfolioKpis } from "../metrics/portfolio.js";
import type { MetricsResult, PortfolioKpis } from "../metrics/types.js";
import type { Matrix } from "../segmentation/matrix.js";
import { segmentCustomers, type Segmentation } from "../segmentation/segment-customers.js";
import { renderDraft, type Creditor } from "../drafts/render-draft.js";
import type { RunReport } from "../output/workbook-model.js";

export interface RunInputs {
  ledger: Ledger;
  matrix: Matrix;
  asOf: Day;
  horizonDays: number;
  creditor?: Partial<Creditor>;
}

export interface MonthlyRun {
  metrics: MetricsResult;
  segmentation: Segmentation;
  actions: Action[];
  drafts: Draft[];
  report: RunReport;
}

export function monthlyRun(inputs: RunInputs): MonthlyRun {
  const { ledger, matrix, asOf } = inputs;
  const options = { asOf, windowDays: matrix.settings.windowDays, graceDays: matrix.settings.graceDays };
  const metrics = computeMetrics(ledger, options);
  const segmentation = segmentCustomers(matrix, ledger.customers, metrics);
  const actions = planActions(matrix, ledger.customers, metrics, segmentation.assignments, { asOf, horizonDays: inputs.horizonDays, rateOverrides: matrix.interestRates });
  const drafts = actions.flatMap((a) => renderDraft(a, matrix, asOf, inputs.creditor) ?? []);
  const segmentKpis = new Map<string, PortfolioKpis[]>();
  for (const id of matrix.segments.keys()) {
    segmentKpis.set(id, portfolioKpis(segmentation.rows.filter((r) => r.segment === id), metrics, options));
  }
  const report: RunReport = {
    asOf,
    generatedAt: null,
    matrixFile: matrix.file,
    settings: { windowDays: matrix.settings.windowDays, graceDays: matrix.settings.graceDays, currency: matrix.settings.currency },
    ledger,
    rows: segmentation.rows,
    portfolio: metrics.portfolio,
    segmentKpis,
    segments: [...matrix.segments.values()],
    actions,
    drafts,
    changes: [],
  };
  return { metrics, segmentation, actions, drafts, report };
}
