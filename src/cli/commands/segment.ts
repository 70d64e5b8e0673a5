/** `relance segment`: metrics plus `segment` and `rule` per customer row. */
import Table from "cli-table3";
import { formatCents } from "../../ledger/money.js";
import { formatDay } from "../../ledger/day.js";
import { portfolioKpis } from "../../metrics/portfolio.js";
import { metricsCsvPieces, metricsJson, type ExtraColumn } from "../../output/metric-records.js";
import { writeOutputFile } from "../../output/write-output.js";
import { segmentCustomers, type SegmentedRow } from "../../segmentation/segment-customers.js";
import { outText, type Io } from "../io.js";
import { loadInputs } from "../inputs.js";
import { kpiTable, outputFormat, type MetricsCommandOptions } from "./metrics.js";

const EXTRA: ExtraColumn<SegmentedRow>[] = [
  { name: "segment", value: (r) => r.segment },
  { name: "rule", value: (r) => r.rule },
];

export async function segment(opts: MetricsCommandOptions, io: Io): Promise<void> {
  const inputs = await loadInputs(opts, io, "full", { openItems: false }); // no action is planned
  const matrix = inputs.matrix!;
  const { metrics } = inputs;
  const options = { asOf: inputs.asOf, windowDays: matrix.settings.windowDays, graceDays: matrix.settings.graceDays };
  const { rows } = segmentCustomers(matrix, inputs.ledger.customers, metrics);
  const format = outputFormat(opts, io);
  let text: string | Iterable<string>;
  if (format === "json") text = JSON.stringify(metricsJson(rows, EXTRA), null, 2) + "\n";
  else if (format === "csv") text = metricsCsvPieces(rows, EXTRA);
  else {
    const names = new Map(inputs.ledger.customers.map((c) => [c.customer_id, c.name]));
    const t = new Table({ head: ["customer", "name", "cur", "segment", "rule", "open", "overdue", "max dpd"], style: { head: [], border: [], compact: true } });
    for (const r of rows) t.push([r.customer_id, (names.get(r.customer_id) ?? "").slice(0, 28), r.currency, matrix.segments.get(r.segment)?.label ?? r.segment, r.rule, formatCents(r.open_balance), formatCents(r.overdue_balance), r.max_days_past_due]);
    const parts = [t.toString()];
    for (const [id, s] of matrix.segments) {
      const members = rows.filter((r) => r.segment === id);
      if (members.length === 0) continue;
      parts.push(kpiTable(portfolioKpis(members, metrics, options), formatDay(inputs.asOf), options.windowDays).replace(/^Portfolio/, `${s.label} (${new Set(members.map((m) => m.customer_id)).size} customers)`));
    }
    text = parts.join("\n\n") + "\n";
  }
  if (opts.out) {
    await writeOutputFile(opts.out, text, inputs.inputFiles);
    if (!io.quiet) io.err(`${rows.length} rows written to ${opts.out}\n`);
  } else outText(io, text);
}
