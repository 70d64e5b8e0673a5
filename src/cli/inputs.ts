/**
 * The input options every data command shares (spec/cli.md "Common options") and the step
 * that turns them into a ledger and run settings, reporting rejected rows on stderr and
 * failing under --strict.
 */
import { Option, type Command } from "commander";
import { DataError, UsageError } from "../errors.js";
import type { Day } from "../ledger/day.js";
import type { LedgerHead } from "../ledger/types.js";
import { loadMeasured } from "../ingest/load-ledger.js";
import type { MetricsResult } from "../metrics/types.js";
import { loadRunSettings, matrixPath, type RunSettings } from "../segmentation/matrix-settings.js";
import { loadMatrix } from "../segmentation/load-matrix.js";
import type { Matrix } from "../segmentation/matrix.js";
import { formatDiagnostic } from "../config/yaml-file.js";
import type { Io } from "./io.js";
import { progressFor } from "./progress.js";
import { rejectedLine } from "./report-problems.js";
import { asOfOption, mappingOption } from "./options.js";
import { reportProblems } from "./report-problems.js";

export interface InputOptions {
  customers?: string;
  invoices?: string;
  payments?: string;
  mapping?: string;
  matrix?: string;
  asOf?: string;
  sheet?: string;
  strict?: boolean;
}

export function addInputOptions(cmd: Command): Command {
  return cmd
    .option("--customers <file>", "customers export (.csv, .txt, .tsv, .xlsx); optional when the documents name their customers")
    .option("--invoices <file>", "documents export: invoices and credit notes, open and paid (.csv, .txt, .tsv, .xlsx, or a FEC)")
    .option("--payments <file>", "payments export; when given, the source of truth for settlement")
    .option("--mapping <file>", "YAML column mapping / import profile")
    .option("--matrix <file>", "segmentation matrix (default: segments.yaml here, else the bundled default)")
    .option("--as-of <date>", "the day the run stands on, YYYY-MM-DD (default: today)")
    .option("--sheet <name>", "worksheet of .xlsx inputs (default: the first)")
    .option("--strict", "fail (exit 3) when any input row is rejected");
}

export function addFormatOptions(cmd: Command, formats: string[]): Command {
  return cmd.addOption(new Option("--format <format>", "output format (default: a table on a terminal, CSV in a pipe)").choices(formats)).option("--out <file>", "write to this file instead of stdout");
}

export interface LoadedInputs {
  ledger: LedgerHead;
  /** the metrics at --as-of, computed as the documents were read */
  metrics: MetricsResult;
  asOf: Day;
  settings: RunSettings;
  /** the checked matrix, when the command asked for it */
  matrix: Matrix | null;
  /** every input path, so outputs never overwrite one */
  inputFiles: string[];
}

/** "settings": only window_days, grace_days, currency (metrics); "full": the checked matrix (segment, run). */
export type MatrixNeed = "settings" | "full";

export interface LoadNeeds {
  /** the documents open at D, for commands that plan actions (run, explain); default true */
  openItems?: boolean;
  /**
   * Called once the options, matrix and mapping are checked, before the exports are read
   * (run: last month's workbook, whose sheets are then garbage before the exports fill
   * the heap).
   */
  beforeReading?: (asOf: Day) => Promise<void>;
}

export async function loadInputs(opts: InputOptions, io: Io, need: MatrixNeed = "settings", needs: LoadNeeds = {}): Promise<LoadedInputs> {
  if (!opts.invoices) {
    throw new UsageError("--invoices is required: the documents export (invoices and credit notes).", undefined, "e.g. relance metrics --customers clients.csv --invoices factures.csv");
  }
  const asOf = asOfOption(opts.asOf);
  const matrixFile = await matrixPath(opts.matrix);
  const loaded = need === "full" ? await loadMatrix(matrixFile) : null;
  if (loaded && !io.quiet) for (const w of loaded.warnings) io.err(`${io.colour.yellow("warning:")} ${formatDiagnostic(w)}\n`);
  const matrix = loaded?.matrix ?? null;
  const settings = matrix?.settings ?? (await loadRunSettings(matrixFile));
  const mapping = await mappingOption(opts.mapping);
  await needs.beforeReading?.(asOf);
  const progress = progressFor(io);
  const { ledger, metrics, heldBecause } = await loadMeasured(
    {
      customers: opts.customers, invoices: opts.invoices, payments: opts.payments,
      mapping, sheet: opts.sheet, defaultCurrency: settings.currency, asOf, onRows: progress.rows,
    },
    { asOf, windowDays: settings.windowDays, graceDays: settings.graceDays, keepOpenItems: needs.openItems ?? true },
  ).finally(() => progress.done());
  if (heldBecause && io.verbose) {
    io.err(`note: every document was held in memory, and memory then grows with the whole export (same results): ${heldBecause}.\n`);
  }
  reportProblems(ledger, io);
  const empty = ledger.sources.find((s) => s.rows_used === 0);
  if (empty) {
    throw new DataError(
      `${empty.file}: nothing usable in this ${empty.role} export (${empty.rows_read} data rows read, ${empty.rows_rejected} rejected).`,
      { file: empty.file },
      empty.rows_read === 0 ? "The file has a header but no data rows: export it again." : "See the rejected rows above (--verbose lists all) or check the export with relance inspect.",
    );
  }
  if (matrix) requireFreeColumns(matrix, ledger, opts.customers);
  if (opts.strict && ledger.rejected.length > 0) {
    // listed above unless --quiet (cron) silenced the list: then the first ones go in the message
    const n = ledger.rejected.length;
    const shown = io.quiet ? ledger.rejected.slice(0, 10).map((r) => `\n  ${rejectedLine(r)}`).join("") : "";
    const more = io.quiet && n > 10 ? `\n  … and ${n - 10} more (run without --quiet to list them)` : "";
    throw new DataError(
      `${n} input row${n === 1 ? " was" : "s were"} rejected and --strict is on${io.quiet ? ":" : "."}${shown}${more}`,
      undefined,
      io.quiet ? "Fix these rows in the export, or run without --strict to go on without them." : "Fix the rows listed above (--verbose lists all), or run without --strict to go on without them.",
    );
  }
  const inputFiles = [opts.customers, opts.invoices, opts.payments, opts.mapping, matrixFile].filter((f): f is string => typeof f === "string");
  return { ledger, metrics, asOf, settings, matrix, inputFiles };
}

/** The matrix's free names (neither metrics nor standard fields) must be columns of the customers export. */
function requireFreeColumns(matrix: Matrix, ledger: LedgerHead, customersFile: string | undefined): void {
  const columns = new Set(ledger.customers.flatMap((c) => Object.keys(c.extra)));
  const missing = matrix.freeFields.filter((f) => !columns.has(f));
  if (missing.length === 0) return;
  throw new UsageError(
    `${matrix.file}: the matrix uses ${missing.map((f) => `"${f}"`).join(", ")}, which ${missing.length === 1 ? "is" : "are"} neither a metric nor a customer field, and the customers export ${customersFile ? `(${customersFile}) has no such column` : "is not given (--customers)"}.`,
    { file: matrix.file },
    `Columns of the customers export: ${[...columns].sort().join(", ") || "(none)"}. Fix the name in the matrix, or add the column to the export.`,
  );
}
