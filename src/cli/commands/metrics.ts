/** `relance metrics`: per-customer payment-behaviour metrics as a table, CSV or JSON. */
import { extname } from "node:path";
import Table from "cli-table3";
import type { CustomerMetrics, PortfolioKpis } from "../../metrics/types.js";
import { metricsCsvPieces, metricsJson } from "../../output/metric-records.js";
import { writeOutputFile } from "../../output/write-output.js";
import { formatCents } from "../../ledger/money.js";
import { formatDay } from "../../ledger/day.js";
import { roundHalfAway } from "../../output/round.js";
import { outText, type Io } from "../io.js";
import { loadInputs, type InputOptions } from "../inputs.js";

export interface MetricsCommandOptions extends InputOptions {
  format?: "table" | "csv" | "json";
  out?: string;
}

export async function metrics(opts: MetricsCommandOptions, io: Io): Promise<void> {
  const inputs = await loadInputs(opts, io, "settings", { openItems: false }); // no action is planned
  const result = inputs.metrics;
  const format = outputFormat(opts, io);
  const text =
    format === "json" ? JSON.stringify(metricsJson(result.rows), null, 2) + "\n"
    : format === "csv" ? metricsCsvPieces(result.oneByOne) // the rows made as they are written: no array of 100k records waiting
    : metricsTable(result.rows, new Map(inputs.ledger.customers.map((c) => [c.customer_id, c.name]))) + "\n\n" + kpiTable(result.portfolio, formatDay(inputs.asOf), inputs.settings.windowDays) + "\n";
  if (opts.out) {
    await writeOutputFile(opts.out, text, inputs.inputFiles);
    if (!io.quiet) io.err(`${result.rowCount} rows written to ${opts.out}\n`);
  } else outText(io, text);
}

/** --format, else the --out extension, else a table on a terminal and CSV in a pipe. */
export function outputFormat(opts: { format?: string; out?: string }, io: Io): "table" | "csv" | "json" {
  if (opts.format === "csv" || opts.format === "json" || opts.format === "table") return opts.format;
  const ext = opts.out ? extname(opts.out).toLowerCase() : "";
  if (ext === ".json") return "json";
  if (ext === ".csv" || opts.out) return "csv";
  return io.outIsTty ? "table" : "csv";
}

const days = (v: number | null) => (v === null ? "" : roundHalfAway(v, 1).toFixed(1));
const pct = (v: number | null) => (v === null ? "" : `${roundHalfAway(v * 100, 1).toFixed(1)}%`);
const right = (content: string) => ({ content, hAlign: "right" as const });

function metricsTable(rows: CustomerMetrics[], names: Map<string, string>): string {
  const t = new Table({
    head: ["customer", "name", "cur", "open", "overdue", "max dpd", "paid", "avg late", "on time", "DSO", "trend"],
    style: { head: [], border: [], compact: true },
  });
  for (const r of rows) {
    t.push([
      r.customer_id, (names.get(r.customer_id) ?? "").slice(0, 28), r.currency,
      right(formatCents(r.open_balance)), right(formatCents(r.overdue_balance)), right(String(r.max_days_past_due)),
      right(String(r.paid_count)), right(days(r.avg_days_late)), right(pct(r.on_time_rate)), right(days(r.dso)), right(days(r.trend_days_late)),
    ]);
  }
  return t.toString();
}

export function kpiTable(kpis: PortfolioKpis[], asOf: string, windowDays: number): string {
  const t = new Table({ head: ["currency", "customers", "open", "overdue", "overdue share", "DSO", "best DSO", "ADD", "CEI (30 d)"], style: { head: [], border: [], compact: true } });
  for (const k of kpis) {
    t.push([k.currency, right(String(k.customers)), right(formatCents(k.open_balance)), right(formatCents(k.overdue_balance)), right(pct(k.overdue_share)), right(days(k.dso)), right(days(k.best_possible_dso)), right(days(k.add)), right(k.cei === null ? "" : `${roundHalfAway(k.cei, 1).toFixed(1)}%`)]);
  }
  return `Portfolio as of ${asOf} (window ${windowDays} days)\n${t.toString()}`;
}
