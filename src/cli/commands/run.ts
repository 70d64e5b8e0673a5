/**
 * `relance run`: the monthly job. Reads the exports and the matrix, plans the actions,
 * drafts the reminders and writes the workbook (or the action list as CSV/JSON), then
 * prints a summary per segment on stderr.
 */
import Table from "cli-table3";
import { UsageError } from "../../errors.js";
import { formatDay, type Day } from "../../ledger/day.js";
import { formatCents } from "../../ledger/money.js";
import { actionCsvRows, actionJson, ACTION_COLUMNS } from "../../output/action-records.js";
import { csvPieces } from "../../output/csv.js";
import { writeOutputFile } from "../../output/write-output.js";
import { ownerPortfolios } from "../../output/workbook-model.js";
import { writeWorkbook } from "../../output/write-workbook.js";
import { movementCounts } from "../../previous/changes.js";
import { readPrevious } from "../../previous/read-previous.js";
import type { PreviousRun } from "../../previous/types.js";
import { monthlyRun, type MonthlyRun } from "../../run/monthly-run.js";
import { outText, type Io } from "../io.js";
import { progressFor } from "../progress.js";
import { loadInputs, type InputOptions } from "../inputs.js";

export interface RunOptions extends InputOptions {
  format?: "xlsx" | "csv" | "json";
  out?: string;
  horizon?: string;
  previous?: string;
}

export async function run(opts: RunOptions, io: Io, summaryTo: "stdout" | "stderr" = "stderr"): Promise<MonthlyRun> {
  const horizonDays = horizonOption(opts.horizon);
  let previous: PreviousRun | null = null;
  // last month's workbook before the exports: what is kept of it is small, the sheets read
  // to get it are not (at 100k customers: 1022 -> 985 MiB for the whole run, same bytes)
  const readBack = async (asOf: Day) => void (previous = opts.previous === undefined ? null : await readPrevious(opts.previous, asOf));
  const inputs = await loadInputs(opts, io, "full", { beforeReading: readBack });
  const progress = progressFor(io);
  progress.stage("metrics, segments, actions and drafts");
  const result = monthlyRun({ ledger: inputs.ledger, metrics: inputs.metrics, matrix: inputs.matrix!, asOf: inputs.asOf, horizonDays, previous });
  progress.done();
  if (result.report.previous && !io.quiet) reportPreviousProblems(result.report.previous.problems, io);
  const format = opts.format ?? (opts.out && /\.(csv|json)$/i.test(opts.out) ? (opts.out.toLowerCase().endsWith(".json") ? "json" : "csv") : "xlsx");
  if (format === "xlsx") {
    const out = opts.out ?? defaultOutput(inputs.asOf);
    progress.stage(`writing ${out}`);
    await writeWorkbook(result.report, out, inputs.inputFiles).finally(() => progress.done());
    if (!io.quiet) (summaryTo === "stdout" ? io.out : io.err)(runSummary(result, out));
    return result;
  }
  const text = format === "json" ? JSON.stringify(actionJson(result.actions), null, 2) + "\n" : csvPieces(ACTION_COLUMNS, actionCsvRows(result.actions));
  if (opts.out) await writeOutputFile(opts.out, text, inputs.inputFiles);
  else outText(io, text);
  if (!io.quiet) io.err(runSummary(result, opts.out ?? "stdout"));
  return result;
}

export function defaultOutput(asOf: Day): string {
  return `relance-${formatDay(asOf)}.xlsx`;
}

function horizonOption(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 366) throw new UsageError(`--horizon "${text}" is not a number of days.`, undefined, "Give the days until the next run, e.g. --horizon 30 (0 to 366).");
  return n;
}

/** Per segment: customers, open, overdue, actions; then totals, rejected rows and where the output went. */
export function runSummary(run: MonthlyRun, output: string): string {
  const { report } = run;
  const t = new Table({ head: ["segment", "customers", "currency", "open", "overdue", "actions"], style: { head: [], border: [], compact: true } });
  for (const segment of report.segments) {
    const rows = report.rows.filter((r) => r.segment === segment.id);
    const customers = new Set(rows.map((r) => r.customer_id)).size;
    const actions = report.actions.filter((a) => a.segment === segment.id).length;
    const currencies = [...new Set(rows.map((r) => r.currency).filter(Boolean))].sort();
    if (currencies.length === 0) t.push([segment.label, customers, "", "", "", actions]);
    currencies.forEach((cur, i) => {
      const own = rows.filter((r) => r.currency === cur);
      t.push([i === 0 ? segment.label : "", i === 0 ? customers : "", cur, formatCents(own.reduce((s, r) => s + r.open_balance, 0)), formatCents(own.reduce((s, r) => s + r.overdue_balance, 0)), i === 0 ? actions : ""]);
    });
  }
  report.portfolio.forEach((k, i) => t.push(["Total", k.customers, k.currency, formatCents(k.open_balance), formatCents(k.overdue_balance), i === 0 ? report.actions.length : ""]));
  const rejected = report.ledger.rejected.length;
  const flagged = (flag: string): number => report.actions.filter((a) => a.flag === flag).length;
  const lines = [
    `relance run as of ${formatDay(report.asOf)} — matrix ${report.matrixFile}`,
    t.toString(),
    `${report.actions.length} actions, ${report.drafts.length} reminder drafts; ${rejected} input row${rejected === 1 ? "" : "s"} rejected${rejected ? " (listed in the Rejected sheet)" : ""}.`,
  ];
  if (report.actions.length > 0) {
    const o = new Table({ head: ["owner", "currency", "customers", "actions", "overdue", "broken promises"], style: { head: [], border: [], compact: true } });
    for (const p of ownerPortfolios(report.actions)) o.push([p.owner, p.currency, p.customers, p.actions, formatCents(p.overdue), p.broken]);
    lines.push("Per owner (filter the Actions sheet on Owner for each list):", o.toString());
  }
  if (report.previous) {
    const p = report.previous;
    lines.push(`Carried over from ${p.file}${p.asOf === null ? "" : ` (as of ${formatDay(p.asOf)})`}: ${[...p.statuses].map(([s, n]) => `${n} ${s}`).join(", ")}; ${flagged("broken promise")} broken promises, ${flagged("overdue work")} steps overdue.`);
    const moves = movementCounts(run.changes);
    if (moves.size === 0) lines.push("Segment changes: none.");
    else {
      const m = new Table({ head: ["segment change", "customers"], style: { head: [], border: [], compact: true } });
      for (const [pair, n] of moves) m.push([pair, n]);
      lines.push("Segment changes (details in the Changes sheet):", m.toString());
    }
  }
  lines.push(`Written: ${output}`, "");
  return lines.join("\n");
}

function reportPreviousProblems(problems: readonly string[], io: Io): void {
  const shown = problems.slice(0, 20);
  for (const p of shown) io.err(`warning: ${p}\n`);
  if (problems.length > shown.length) io.err(`warning: … and ${problems.length - shown.length} more about the previous workbook (listed in the Summary sheet).\n`);
}
