/**
 * `npm run bench`: repeatable performance numbers for the read → metrics pipeline.
 *
 *   npm run bench                       sizes S and M
 *   npm run bench -- --large            S, M and L
 *   npm run bench -- --sizes M,L        the sizes named (S, M, 1M, L)
 *   npm run bench -- --repeat 5         samples per measurement (default: per size)
 *   npm run bench -- --rss node         peak RSS from a node wrapper instead of /usr/bin/time -v
 *   npm run bench -- --xlsx             also the same exports as .xlsx (sizes within Excel's rows):
 *                                       `metrics` timed on them, its output compared with the CSV's
 *
 * For each size the data is generated into `.bench/<size>/` (reused while its
 * manifest.json matches the generator parameters). Then, in this process: two floors (the
 * invoices file's bytes read, and papaparse alone over its text and over all the files), then every entry of STAGES
 * (read+metrics as the run streams them, segment, plan, write — the starter matrix), exceljs's bare streaming
 * writer for as many rows as the run's workbook has; then the real CLI end to end as a
 * child process (`metrics` CSV → CSV without and with payments, and on the invoices in
 * issue-date order, whose output must be the same; `run` CSV → xlsx, and the
 * next month's `run --previous` on that workbook), for wall time and peak RSS. Every measurement is the median of
 * `repeat` samples, with a forced GC before each (run under `node --expose-gc`). The two
 * commands with a target over a floor (`metrics` without and with payments) have each sample
 * paired with a sample of their floor taken just before it, and the ratios of the pairs are
 * reported beside the ratio of the medians (Paired).
 * The table goes to stdout; `.bench/results.json` keeps the machine, node version, date and
 * every sample.
 */
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import os from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { loadMeasured } from "../ingest/load-ledger.js";
import { parseIsoDay, type Day } from "../ledger/day.js";
import type { LedgerHead } from "../ledger/types.js";
import { buildWorkbookModel, type SheetModel } from "../output/workbook-model.js";
import { writeWorkbook } from "../output/write-workbook.js";
import { monthlyRun, type MonthlyRun } from "../run/monthly-run.js";
import { loadMatrix } from "../segmentation/load-matrix.js";
import type { Matrix } from "../segmentation/matrix.js";
import { segmentCustomers, type Segmentation } from "../segmentation/segment-customers.js";
import { STARTER_MATRIX } from "../segmentation/starter-files.js";
import { csvToXlsx } from "./csv-to-xlsx.js";
import type { MetricsResult } from "../metrics/types.js";
import { DEFAULT_SEED, GENERATOR_VERSION, generateLedger, type GenerateOptions, type GenerateResult } from "./generate-ledger.js";

const BENCH_DIR = ".bench";
const AS_OF = "2025-06-30";
/** The next monthly run's day: `run --previous` reads back the workbook of the run on AS_OF. */
const NEXT_AS_OF = "2025-07-31";
const TIME_BIN = "/usr/bin/time";
const RELANCE_BIN = fileURLToPath(new URL("../../bin/relance.js", import.meta.url));
/** the bundled CLI's entry, as bin/relance.js runs it */
const RELANCE_START = new URL("../bundle/start.js", import.meta.url).href;

// ---------------------------------------------------------------------------------------
// Sizes and arguments.

interface SizeSpec {
  name: string;
  customers: number;
  documents: number;
  /** Samples per measurement unless --repeat says otherwise. */
  repeat: number;
}

const SIZES: readonly SizeSpec[] = [
  { name: "S", customers: 200, documents: 5_000, repeat: 7 },
  { name: "M", customers: 20_000, documents: 400_000, repeat: 3 },
  { name: "1M", customers: 50_000, documents: 1_000_000, repeat: 1 },
  { name: "L", customers: 100_000, documents: 3_000_000, repeat: 1 },
];
const DEFAULT_SIZES = ["S", "M"];

type RssSource = "time" | "node";

interface BenchArgs {
  sizes: SizeSpec[];
  repeat: number | null;
  rss: RssSource;
  xlsx: boolean;
}

function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: { large: { type: "boolean" }, sizes: { type: "string" }, repeat: { type: "string" }, rss: { type: "string" }, xlsx: { type: "boolean" } },
  });
  const names = values.sizes ? values.sizes.split(",").map((s) => s.trim().toUpperCase()).filter(Boolean) : [...DEFAULT_SIZES, ...(values.large ? ["L"] : [])];
  const sizes = names.map((n) => {
    const spec = SIZES.find((s) => s.name === n);
    if (!spec) throw new Error(`unknown size ${n} (known: ${SIZES.map((s) => s.name).join(", ")})`);
    return spec;
  });
  const repeat = values.repeat === undefined ? null : Number(values.repeat);
  if (repeat !== null && (!Number.isInteger(repeat) || repeat < 1)) throw new Error(`--repeat must be a positive integer, got ${values.repeat}`);
  if (values.rss !== undefined && values.rss !== "time" && values.rss !== "node") throw new Error(`--rss must be time or node, got ${values.rss}`);
  const rss: RssSource = values.rss ?? (existsSync(TIME_BIN) ? "time" : "node");
  return { sizes, repeat, rss, xlsx: values.xlsx === true };
}

// ---------------------------------------------------------------------------------------
// Data: generated once per size, reused while the manifest matches.

interface Dataset {
  dir: string;
  params: GenerateOptions & { generatorVersion: number };
  generated: GenerateResult;
  /** Seconds the generator took (when it ran in this process). */
  generateSeconds: number | null;
}

async function prepareData(size: SizeSpec, log: (line: string) => void): Promise<Dataset> {
  const dir = join(BENCH_DIR, size.name);
  const manifestFile = join(dir, "manifest.json");
  const params = { generatorVersion: GENERATOR_VERSION, customers: size.customers, documents: size.documents, seed: DEFAULT_SEED, asOf: AS_OF };
  const cached = readManifest(manifestFile);
  if (cached && JSON.stringify(cached.params) === JSON.stringify(params) && filesIntact(cached.generated)) {
    log(`${size.name}: reusing ${dir} (manifest matches)`);
    return { ...cached, dir, generateSeconds: null };
  }
  log(`${size.name}: generating ${size.customers} customers / ${size.documents} documents into ${dir} …`);
  const start = performance.now();
  const generated = await generateLedger(dir, params);
  const generateSeconds = (performance.now() - start) / 1000;
  writeFileSync(manifestFile, JSON.stringify({ params, generated, generateSeconds }, null, 2) + "\n");
  log(`${size.name}: generated in ${generateSeconds.toFixed(1)} s (${mb(generated.bytes.total)} MiB)`);
  return { dir, params, generated, generateSeconds };
}

function readManifest(file: string): { params: Dataset["params"]; generated: GenerateResult } | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as { params: Dataset["params"]; generated: GenerateResult };
  } catch {
    return null;
  }
}

function filesIntact(g: GenerateResult): boolean {
  const sizes: [string, number][] = [[g.files.customers, g.bytes.customers], [g.files.invoices, g.bytes.invoices], [g.files.payments, g.bytes.payments]];
  return sizes.every(([file, bytes]) => existsSync(file) && statSync(file).size === bytes);
}

// ---------------------------------------------------------------------------------------
// Timing.

interface Timing {
  /** Median of the samples, in milliseconds. */
  ms: number;
  minMs: number;
  samples: number[];
}

const collectGarbage = () => globalThis.gc?.();

async function measure(repeat: number, run: () => unknown): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    collectGarbage();
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return timingOf(samples);
}

function timingOf(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const ms = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { ms, minMs: sorted[0]!, samples };
}

// ---------------------------------------------------------------------------------------
// Floors: what no reader of the invoices file can beat.

interface Floor {
  name: string;
  label: string;
  /** Untimed set-up; returns the timed work. */
  prepare(data: Dataset): () => void;
}

const FLOORS: readonly Floor[] = [
  {
    name: "readBytes",
    label: "floor: read invoices bytes",
    prepare: (data) => () => void readFileSync(data.generated.files.invoices),
  },
  {
    name: "parse",
    label: "floor: papaparse invoices",
    prepare: (data) => parseFloor([data.generated.files.invoices]),
  },
  {
    name: "parseWithCustomers",
    label: "floor: papaparse customers + invoices",
    prepare: (data) => parseFloor([data.generated.files.customers, data.generated.files.invoices]),
  },
  {
    name: "parseAll",
    label: "floor: papaparse all three files",
    prepare: (data) => parseFloor([data.generated.files.customers, data.generated.files.invoices, data.generated.files.payments]),
  },
];

/** papaparse alone over the files' text (header: false, a step callback: its fastest way). */
function parseFloor(files: string[]): () => void {
  const texts = files.map((f) => readFileSync(f).toString("utf8"));
  return () => {
    for (const text of texts) Papa.parse<string[]>(text, { header: false, delimiter: ",", step: () => {} });
  };
}

async function measureFloors(data: Dataset, repeat: number): Promise<Record<string, Timing>> {
  const result: Record<string, Timing> = {};
  for (const floor of FLOORS) result[floor.name] = await measure(repeat, floor.prepare(data));
  collectGarbage();
  return result;
}

// ---------------------------------------------------------------------------------------
// Stages: the pipeline, in order; each may use what the previous ones left in the context.

export interface StageContext {
  files: GenerateResult["files"];
  asOf: Day;
  matrix: Matrix;
  /** where the write stage puts its workbook */
  workbook: string;
  ledger?: LedgerHead;
  metrics?: MetricsResult;
  segmentation?: Segmentation;
  run?: MonthlyRun;
}

export interface Stage {
  name: string;
  /** Does the work and leaves its output in the context. */
  run(ctx: StageContext): unknown;
  /** Drops the stage's output before a new sample, so two copies never coexist. */
  reset(ctx: StageContext): void;
}

function needs<T>(value: T | undefined, stage: string): T {
  if (value === undefined) throw new Error(`stage ${stage} has not run`);
  return value;
}

export const STAGES: Stage[] = [
  {
    // the run's path: the documents folded into the metrics as they are read
    name: "read+metrics",
    run: async (ctx) => {
      const files = { customers: ctx.files.customers, invoices: ctx.files.invoices, payments: ctx.files.payments, asOf: ctx.asOf };
      const measured = await loadMeasured(files, { asOf: ctx.asOf, windowDays: ctx.matrix.settings.windowDays, graceDays: ctx.matrix.settings.graceDays });
      if (!measured.streamed) throw new Error("the generated ledger was not streamed");
      ctx.ledger = measured.ledger;
      ctx.metrics = measured.metrics;
    },
    reset: (ctx) => {
      ctx.ledger = undefined;
      ctx.metrics = undefined;
    },
  },
  {
    name: "segment",
    run: (ctx) => {
      ctx.segmentation = segmentCustomers(ctx.matrix, needs(ctx.ledger, "read+metrics").customers, needs(ctx.metrics, "read+metrics"));
    },
    reset: (ctx) => void (ctx.segmentation = undefined),
  },
  {
    name: "plan",
    // actions, drafts and the report, on the metrics and segments above
    run: (ctx) => {
      ctx.run = monthlyRun({ ledger: needs(ctx.ledger, "read+metrics"), matrix: ctx.matrix, asOf: ctx.asOf, horizonDays: 0, metrics: needs(ctx.metrics, "read+metrics"), segmentation: needs(ctx.segmentation, "segment") });
    },
    reset: (ctx) => void (ctx.run = undefined),
  },
  {
    name: "write",
    run: async (ctx) => {
      const report = needs(ctx.run, "plan").report;
      await writeWorkbook(report, ctx.workbook, []);
    },
    reset: () => {},
  },
];

/** What the stages produced, to check the generated data was read as meant. */
interface StageChecks {
  rejected: number;
  warnings: Record<string, number>;
  documentRowsUsed: number;
  paymentRowsUsed: number;
  metricsRows: number;
  actions: number;
  rowsWritten: number;
  /** the workbook's sheets, for the bare writer's floor (not in results.json) */
  sheets: SheetModel[];
}

async function measureStages(data: Dataset, repeat: number): Promise<{ timings: Record<string, Timing>; checks: StageChecks }> {
  const { matrix } = await loadMatrix(STARTER_MATRIX);
  const ctx: StageContext = { files: data.generated.files, asOf: parseIsoDay(AS_OF)!, matrix, workbook: join(data.dir, "stage-run.xlsx") };
  const timings: Record<string, Timing> = {};
  for (const stage of STAGES) {
    timings[stage.name] = await measure(repeat, () => {
      stage.reset(ctx);
      collectGarbage();
      return stage.run(ctx);
    });
  }
  const checks = checksOf(ctx);
  for (const stage of [...STAGES].reverse()) stage.reset(ctx);
  collectGarbage();
  return { timings, checks };
}

function checksOf(ctx: StageContext): StageChecks {
  const ledger = needs(ctx.ledger, "read+metrics");
  const used = (role: string) => ledger.sources.filter((s) => s.role === role).reduce((n, s) => n + s.rows_used, 0);
  const sheets = ctx.run ? buildWorkbookModel(ctx.run.report) : []; // untimed: the write stage built its own
  const warnings: Record<string, number> = {};
  for (const w of ledger.warnings) warnings[w.code] = (warnings[w.code] ?? 0) + 1;
  return {
    rejected: ledger.rejected.length, warnings, documentRowsUsed: used("invoices"), paymentRowsUsed: used("payments"),
    metricsRows: ctx.metrics?.rows.length ?? 0, actions: ctx.run?.actions.length ?? 0, rowsWritten: sheets.reduce((n, sheet) => n + sheet.rows.length + 1, 0),
    sheets,
  };
}

// ---------------------------------------------------------------------------------------
// End to end: the real CLI in a child process.

interface ChildRun {
  ms: number;
  peakRssKb: number | null;
  exitCode: number | null;
  stderr: string;
}

interface EndToEnd extends Timing {
  /** in MiB (maxRSS is in KiB), the name kept for the JSON results already written */
  peakRssMb: number | null;
  rssSource: RssSource;
  command: string;
  /** for a command timed against a floor: the floor measured just before each sample (Paired) */
  paired?: Paired;
}

/**
 * A command over its floor, each sample of the command right after one of the floor: the
 * ratios of those pairs. This machine's speed swings within minutes (the same build's L
 * `metrics` took 3.8 and 5.7 s, user time 6.2 and 9.4 s, 20 minutes apart), and the floors
 * are measured first, minutes before the end-to-end runs: the ratio of their two medians
 * then carries the swing. A pair is a few seconds long.
 */
interface Paired {
  floor: string;
  floorSamples: number[];
  /** run ÷ floor, sample by sample */
  ratios: number[];
  median: number;
  min: number;
}

/**
 * The commands timed end to end: `metrics` (CSV in → CSV out) without and with the payments
 * export (settlement from the documents' paid dates, or from the payments), `run` (CSV
 * in → workbook out, with payments), and the next month's `run --previous` reading back
 * the workbook `run` wrote (so `run` comes before it); and `metrics` with the payments
 * export stripped of its customer column (a bank export: the customers are found through
 * the invoices), whose output must be the one with customer ids.
 */
type Command = "metrics" | "metricsByDate" | "metricsWithPayments" | "metricsPaymentsByInvoice" | "run" | "runNextMonth";
const COMMANDS: readonly Command[] = ["metrics", "metricsByDate", "metricsWithPayments", "metricsPaymentsByInvoice", "run", "runNextMonth"];
/** The commands with a target over a floor, each sample paired with one of that floor (Paired). */
const PAIRED_FLOORS: Partial<Record<Command, string>> = { metrics: "parseWithCustomers", metricsWithPayments: "parseAll" };

function cliArgs(data: Dataset, command: Command): string[] {
  const f = data.generated.files;
  const inputs = ["--customers", f.customers, "--invoices", f.invoices, "--payments", f.payments, "--as-of", AS_OF];
  if (command === "metrics") return ["metrics", "--customers", f.customers, "--invoices", f.invoices, "--as-of", AS_OF, "--format", "csv", "--out", join(data.dir, "metrics-documents.csv")];
  if (command === "metricsByDate") return ["metrics", "--customers", f.customers, "--invoices", invoicesByDate(data), "--as-of", AS_OF, "--format", "csv", "--out", join(data.dir, "metrics-by-date.csv")];
  if (command === "metricsWithPayments") return ["metrics", ...inputs, "--format", "csv", "--out", join(data.dir, "metrics.csv")];
  if (command === "metricsPaymentsByInvoice") {
    return ["metrics", "--customers", f.customers, "--invoices", f.invoices, "--payments", paymentsByInvoice(data), "--as-of", AS_OF, "--format", "csv", "--out", join(data.dir, "metrics-payments-by-invoice.csv")];
  }
  const run = ["run", "--customers", f.customers, "--invoices", f.invoices, "--payments", f.payments, "--matrix", STARTER_MATRIX, "--quiet"];
  if (command === "run") return [...run, "--as-of", AS_OF, "--out", join(data.dir, "run.xlsx")];
  return [...run, "--as-of", NEXT_AS_OF, "--previous", join(data.dir, "run.xlsx"), "--out", join(data.dir, "run-next-month.xlsx")];
}

/**
 * The invoices export in issue-date order (an invoice list, a FEC's journal), the
 * customers' documents interleaved: every look-up by customer then lands anywhere in its
 * table, where the generator's customer order keeps them together.
 */
function invoicesByDate(data: Dataset): string {
  return join(data.dir, "invoices-by-date.csv");
}

/** Written once while the data is kept: the lines bucketed by issue date (the generator writes no quoted fields), in date order, file order within a day. */
async function writeInvoicesByDate(data: Dataset): Promise<void> {
  await derive(data.generated.files.invoices, invoicesByDate(data), async function* (lines) {
    let dateColumn = -1;
    const byDay = new Map<string, string[]>();
    for await (const line of lines) {
      if (dateColumn === -1) {
        dateColumn = line.split(",").indexOf("InvoiceDate");
        if (dateColumn === -1) throw new Error(`${data.generated.files.invoices}: no InvoiceDate column`);
        yield line;
      } else if (line !== "") {
        const day = line.split(",", dateColumn + 1)[dateColumn]!;
        const bucket = byDay.get(day);
        if (bucket) bucket.push(line);
        else byDay.set(day, [line]);
      }
    }
    for (const day of [...byDay.keys()].sort()) yield* byDay.get(day)!;
  });
}

function paymentsByInvoice(data: Dataset): string {
  return join(data.dir, "payments-by-invoice.csv");
}

/** The payments export without its first column, the customer id (the generator writes no quoted fields), kept while the data is. */
async function writePaymentsByInvoice(data: Dataset): Promise<void> {
  await derive(data.generated.files.payments, paymentsByInvoice(data), async function* (lines) {
    for await (const line of lines) yield line.slice(line.indexOf(",") + 1);
  });
}

/** `out`, made from the lines of `from` by `transform`, unless it is newer than `from`. */
async function derive(from: string, out: string, transform: (lines: AsyncIterable<string>) => AsyncIterable<string>): Promise<void> {
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(from).mtimeMs) return;
  const lines = createInterface({ input: createReadStream(from), crlfDelay: Infinity });
  const sink = createWriteStream(out);
  for await (const line of transform(lines)) if (!sink.write(`${line}\n`)) await once(sink, "drain");
  await new Promise<void>((done, fail) => sink.end((error?: Error | null) => (error ? fail(error) : done())));
}

/** Runs the CLI in this wrapper's own process, so its maxRSS is the CLI's. */
const RSS_WRAPPER = `
process.on("exit", () => process.stderr.write("\\nBENCH_MAX_RSS_KB=" + process.resourceUsage().maxRSS + "\\n"));
const { start } = await import(process.env.RELANCE_BENCH_START);
process.exitCode = await start(JSON.parse(process.env.RELANCE_BENCH_ARGS));
`;

function childCommand(args: string[], rss: RssSource): { command: string; argv: string[]; env: NodeJS.ProcessEnv } {
  if (rss === "time") return { command: TIME_BIN, argv: ["-v", process.execPath, RELANCE_BIN, ...args], env: process.env };
  return {
    command: process.execPath,
    argv: ["--input-type=module", "-e", RSS_WRAPPER],
    env: { ...process.env, RELANCE_BENCH_START: RELANCE_START, RELANCE_BENCH_ARGS: JSON.stringify(args) },
  };
}

const RSS_PATTERNS: Record<RssSource, RegExp> = {
  time: /Maximum resident set size \(kbytes\): (\d+)/,
  node: /BENCH_MAX_RSS_KB=(\d+)/,
};

function runChild(args: string[], rss: RssSource): Promise<ChildRun> {
  const { command, argv, env } = childCommand(args, rss);
  return new Promise((done, fail) => {
    const start = performance.now();
    const child = spawn(command, argv, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", fail);
    child.on("close", (exitCode) => {
      const ms = performance.now() - start;
      const match = RSS_PATTERNS[rss].exec(stderr);
      done({ ms, peakRssKb: match ? Number(match[1]) : null, exitCode, stderr });
    });
  });
}

/** The CLI's own stderr, without /usr/bin/time's report or the wrapper's RSS line. */
function cliOutput(stderr: string): string {
  const timeReport = stderr.indexOf("\tCommand being timed:");
  return (timeReport === -1 ? stderr : stderr.slice(0, timeReport)).replace(/\nBENCH_MAX_RSS_KB=\d+\n/, "").trimEnd();
}

/** `floor`: the name of the floor (FLOORS) each sample is paired with, and its timed work. */
async function measureEndToEnd(args: string[], repeat: number, rss: RssSource, floor?: { name: string; work: () => void }): Promise<EndToEnd> {
  const runs: ChildRun[] = [];
  const floorSamples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    if (floor) {
      collectGarbage();
      const start = performance.now();
      floor.work();
      floorSamples.push(performance.now() - start);
      collectGarbage();
    }
    const run = await runChild(args, rss);
    if (run.exitCode !== 0) throw new Error(`relance ${args.join(" ")} exited with ${run.exitCode}:\n${cliOutput(run.stderr)}`);
    runs.push(run);
  }
  const rssKb = runs.map((r) => r.peakRssKb).filter((k): k is number => k !== null);
  const ratios = floorSamples.map((f, i) => runs[i]!.ms / f);
  const sortedRatios = timingOf(ratios);
  return {
    ...timingOf(runs.map((r) => r.ms)),
    peakRssMb: rssKb.length ? Math.max(...rssKb) / 1024 : null,
    rssSource: rss,
    command: `relance ${args.join(" ")}`,
    ...(floor ? { paired: { floor: floor.name, floorSamples, ratios, median: sortedRatios.ms, min: sortedRatios.minMs } } : {}),
  };
}

// ---------------------------------------------------------------------------------------
// The workbook writer's floor: exceljs's streaming WorkbookWriter alone, writing the same
// cells as the run's workbook (its sheets and rows; strings as they are, every number,
// dates included, as a plain number) without anything of ours: no column styles, widths,
// filters, drop-downs or Date conversions.

async function bareWriter(sheets: SheetModel[], file: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    ws.addRow(sheet.columns.map((c) => c.header)).commit();
    for (const cells of sheet.rows) ws.addRow(cells.map(plainValue)).commit();
    ws.commit();
  }
  await workbook.commit();
}

/** A model cell as the floor writes it: the number scaled like money (the scale is immaterial to the cost). */
function plainValue(cell: SheetModel["rows"][number][number]): ExcelJS.CellValue {
  if (cell === null) return null;
  const value = typeof cell === "object" ? cell.value : cell;
  return typeof value === "number" ? value / 100 : value;
}

// ---------------------------------------------------------------------------------------
// One size, summarised.

type XlsxResult = { endToEnd: EndToEnd; identical: boolean; convertSeconds: number; megabytes: number } | { skipped: string };

interface SizeResult {
  /** with --xlsx: `metrics` with payments on the same exports as .xlsx */
  xlsx?: XlsxResult;
  size: string;
  customers: number;
  documents: number;
  paymentRows: number;
  bytes: GenerateResult["bytes"];
  generateSeconds: number | null;
  repeat: number;
  floors: Record<string, Timing>;
  stages: Record<string, Timing>;
  endToEnd: Record<Command, EndToEnd>;
  /** Documents per second, per stage. */
  rowsPerSecond: Record<string, number>;
  /** Workbook rows per second: the run's write stage, and exceljs's bare streaming writer for the same cells. */
  writeRate: { run: number; bare: number; bareMs: number };
  /**
   * metrics (no payments) over papaparse on customers + invoices; metrics with payments and
   * run over papaparse on all three files; the read+metrics stage over the same.
   */
  ratios: { metricsOverParseFloor: number; metricsByDateOverParseFloor: number; metricsWithPaymentsOverParseFloor: number; runOverParseFloor: number; readMetricsOverParseFloor: number; writeOverBare: number };
  checks: Omit<StageChecks, "sheets">;
}

async function benchSize(size: SizeSpec, args: BenchArgs, log: (line: string) => void): Promise<SizeResult> {
  const repeat = args.repeat ?? size.repeat;
  const data = await prepareData(size, log);
  log(`${size.name}: floors …`);
  const floors = await measureFloors(data, repeat);
  log(`${size.name}: stages ${STAGES.map((s) => s.name).join(", ")} …`);
  const { timings, checks } = await measureStages(data, repeat);
  log(`${size.name}: ${[...Object.entries(floors), ...Object.entries(timings)].map(([name, t]) => `${name} ${duration(t.ms)}`).join(", ")}; bare writer …`);
  const { sheets, ...counts } = checks;
  const bare = await measure(1, () => bareWriter(sheets, join(data.dir, "bare-writer.xlsx")));
  log(`${size.name}: bare writer ${duration(bare.ms)} for ${count(checks.rowsWritten)} rows; end to end …`);
  const endToEnd = {} as Record<Command, EndToEnd>;
  await writePaymentsByInvoice(data);
  await writeInvoicesByDate(data);
  for (const command of COMMANDS) {
    const floorName = PAIRED_FLOORS[command];
    const floor = floorName ? { name: floorName, work: FLOORS.find((f) => f.name === floorName)!.prepare(data) } : undefined;
    endToEnd[command] = await measureEndToEnd(cliArgs(data, command), repeat, args.rss, floor);
  }
  if (readFileSync(join(data.dir, "metrics-by-date.csv"), "utf8") !== readFileSync(join(data.dir, "metrics-documents.csv"), "utf8")) {
    throw new Error(`${data.dir}: metrics on the invoices in date order differ from those in customer order`);
  }
  if (readFileSync(join(data.dir, "metrics-payments-by-invoice.csv"), "utf8") !== readFileSync(join(data.dir, "metrics.csv"), "utf8")) {
    throw new Error(`${data.dir}: metrics with payments by invoice only differ from those with customer ids`);
  }
  const xlsx = args.xlsx ? await benchXlsx(data, repeat, args.rss, log) : undefined;
  const documents = data.generated.documents;
  const floorTwo = floors["parseWithCustomers"]!.ms;
  const floorAll = floors["parseAll"]!.ms;
  const writeRate = { run: checks.rowsWritten / (timings["write"]!.ms / 1000), bare: checks.rowsWritten / (bare.ms / 1000), bareMs: bare.ms };
  return {
    size: size.name,
    customers: data.generated.customers,
    documents,
    paymentRows: data.generated.payments,
    bytes: data.generated.bytes,
    generateSeconds: data.generateSeconds,
    repeat,
    floors,
    stages: timings,
    endToEnd,
    rowsPerSecond: Object.fromEntries(Object.entries(timings).map(([name, t]) => [name, documents / (t.ms / 1000)])),
    writeRate,
    ratios: {
      metricsOverParseFloor: endToEnd.metrics.ms / floorTwo,
      metricsByDateOverParseFloor: endToEnd.metricsByDate.ms / floorTwo,
      metricsWithPaymentsOverParseFloor: endToEnd.metricsWithPayments.ms / floorAll,
      runOverParseFloor: endToEnd.run.ms / floorAll,
      readMetricsOverParseFloor: timings["read+metrics"]!.ms / floorAll,
      writeOverBare: writeRate.run / writeRate.bare,
    },
    checks: counts,
    ...(xlsx ? { xlsx } : {}),
  };
}

/** Excel's rows per sheet, its header included. */
const EXCEL_ROWS = 1_048_576;

/**
 * The exports as .xlsx (written once per size, kept beside the CSVs), `metrics` with
 * payments on them, and its CSV output compared byte for byte with the CSV inputs' one.
 */
async function benchXlsx(data: Dataset, repeat: number, rss: RssSource, log: (line: string) => void): Promise<XlsxResult> {
  const g = data.generated;
  if (Math.max(g.documents, g.payments, g.customers) + 1 > EXCEL_ROWS) return { skipped: "more rows than an Excel sheet holds" };
  const files = { customers: join(data.dir, "customers.xlsx"), invoices: join(data.dir, "invoices.xlsx"), payments: join(data.dir, "payments.xlsx") };
  const started = performance.now();
  for (const role of ["customers", "invoices", "payments"] as const) {
    const csv = g.files[role];
    if (existsSync(files[role]) && statSync(files[role]).mtimeMs > statSync(csv).mtimeMs) continue;
    log(`${data.dir}: writing ${role}.xlsx …`);
    await csvToXlsx(csv, files[role]);
  }
  const convertSeconds = (performance.now() - started) / 1000;
  const out = join(data.dir, "metrics-xlsx.csv");
  log(`${data.dir}: metrics on the .xlsx exports …`);
  const endToEnd = await measureEndToEnd(["metrics", "--customers", files.customers, "--invoices", files.invoices, "--payments", files.payments, "--as-of", AS_OF, "--format", "csv", "--out", out], repeat, rss);
  const identical = readFileSync(out).equals(readFileSync(join(data.dir, "metrics.csv")));
  return { endToEnd, identical, convertSeconds, megabytes: Object.values(files).reduce((n, f) => n + statSync(f).size, 0) / 1024 / 1024 };
}

// ---------------------------------------------------------------------------------------
// Report.

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const duration = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const perSecond = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : `${(n / 1e3).toFixed(0)} k/s`);
const count = (n: number) => n.toLocaleString("en-US");

interface ReportRow {
  label: string;
  cell(r: SizeResult): string;
}

function reportRows(): ReportRow[] {
  return [
    { label: "customers", cell: (r) => count(r.customers) },
    { label: "rows (documents)", cell: (r) => count(r.documents) },
    { label: "payment rows", cell: (r) => count(r.paymentRows) },
    { label: "input MiB (invoices)", cell: (r) => `${mb(r.bytes.total)} (${mb(r.bytes.invoices)})` },
    ...FLOORS.map((f) => ({ label: f.label, cell: (r: SizeResult) => duration(r.floors[f.name]!.ms) })),
    ...STAGES.map((s) => ({ label: `stage: ${s.name}`, cell: (r: SizeResult) => duration(r.stages[s.name]!.ms) })),
    { label: "floor: bare exceljs writer", cell: (r) => duration(r.writeRate.bareMs) },
    { label: "relance metrics (CLI, CSV → CSV)", cell: (r) => duration(r.endToEnd.metrics.ms) },
    { label: "… invoices in date order (same output)", cell: (r) => `${duration(r.endToEnd.metricsByDate.ms)}, ${r.endToEnd.metricsByDate.peakRssMb?.toFixed(0) ?? "n/a"} MiB` },
    { label: "relance metrics with payments (CLI)", cell: (r) => duration(r.endToEnd.metricsWithPayments.ms) },
    { label: "… payments by invoice only (= with ids)", cell: (r) => `${duration(r.endToEnd.metricsPaymentsByInvoice.ms)}, ${r.endToEnd.metricsPaymentsByInvoice.peakRssMb?.toFixed(0) ?? "n/a"} MiB` },
    { label: "relance run (CLI, CSV → xlsx)", cell: (r) => duration(r.endToEnd.run.ms) },
    { label: "relance run next month (CLI, --previous)", cell: (r) => duration(r.endToEnd.runNextMonth.ms) },
    ...STAGES.filter((s) => s.name !== "write").map((s) => ({ label: `${s.name} documents/s`, cell: (r: SizeResult) => perSecond(r.rowsPerSecond[s.name]!) })),
    { label: "workbook rows written", cell: (r) => count(r.checks.rowsWritten) },
    { label: "write rows/s: run / bare", cell: (r) => `${perSecond(r.writeRate.run)} / ${perSecond(r.writeRate.bare)}` },
    { label: "peak RSS metrics / with payments / run / next (MiB)", cell: (r) => COMMANDS.filter((c) => c !== "metricsPaymentsByInvoice" && c !== "metricsByDate").map((c) => (r.endToEnd[c].peakRssMb === null ? "n/a" : r.endToEnd[c].peakRssMb!.toFixed(0))).join(" / ") },
    { label: "metrics / parse floor (customers + invoices)", cell: (r) => `${r.ratios.metricsOverParseFloor.toFixed(1)}×` },
    { label: "… paired with the floor: median (min)", cell: (r) => pairedCell(r.endToEnd.metrics) },
    { label: "… invoices in date order / parse floor", cell: (r) => `${r.ratios.metricsByDateOverParseFloor.toFixed(1)}×` },
    { label: "metrics with payments / parse floor (3 files)", cell: (r) => `${r.ratios.metricsWithPaymentsOverParseFloor.toFixed(1)}×` },
    { label: "… paired with the floor: median (min)", cell: (r) => pairedCell(r.endToEnd.metricsWithPayments) },
    { label: "run / parse floor (3 files)", cell: (r) => `${r.ratios.runOverParseFloor.toFixed(1)}×` },
    { label: "read+metrics stage / parse floor (3 files)", cell: (r) => `${r.ratios.readMetricsOverParseFloor.toFixed(1)}×` },
    { label: "write rate / bare writer", cell: (r) => `${(r.ratios.writeOverBare * 100).toFixed(0)}%` },
    { label: "actions planned", cell: (r) => count(r.checks.actions) },
    { label: "rejected / warnings", cell: (r) => `${r.checks.rejected} / ${Object.values(r.checks.warnings).reduce((a, b) => a + b, 0)}` },
    { label: "samples (median of)", cell: (r) => String(r.repeat) },
  ];
}

/** A command's paired ratios (Paired): their median, and the smallest. */
function pairedCell(e: EndToEnd): string {
  return e.paired ? `${e.paired.median.toFixed(2)}× (${e.paired.min.toFixed(2)}×)` : "n/a";
}

const XLSX_ROWS: ReportRow[] = [
  { label: "input MiB as .xlsx (3 files)", cell: (r) => (r.xlsx && "megabytes" in r.xlsx ? mb(r.xlsx.megabytes * 1024 * 1024) : "n/a") },
  { label: "relance metrics with payments, .xlsx in", cell: (r) => (r.xlsx && "endToEnd" in r.xlsx ? duration(r.xlsx.endToEnd.ms) : (r.xlsx?.skipped ?? "n/a")) },
  { label: "peak RSS, .xlsx in (MiB)", cell: (r) => (r.xlsx && "endToEnd" in r.xlsx && r.xlsx.endToEnd.peakRssMb !== null ? r.xlsx.endToEnd.peakRssMb.toFixed(0) : "n/a") },
  { label: "metrics output .xlsx in = CSV in", cell: (r) => (r.xlsx && "identical" in r.xlsx ? (r.xlsx.identical ? "identical" : "DIFFERENT") : "n/a") },
];

function reportTable(results: SizeResult[]): string {
  const rows = [...reportRows(), ...(results.some((r) => r.xlsx) ? XLSX_ROWS : [])];
  const table = new Table({ head: ["", ...results.map((r) => r.size)], style: { head: [], border: [] }, colAligns: ["left", ...results.map(() => "right" as const)] });
  for (const row of rows) table.push([row.label, ...results.map(row.cell)]);
  return table.toString();
}

function machine() {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model ?? "unknown", cores: cpus.length, memoryGb: +(os.totalmem() / 1024 ** 3).toFixed(1), platform: os.platform(), release: os.release(), arch: os.arch() };
}

function writeResults(results: SizeResult[], args: BenchArgs): string {
  const file = join(BENCH_DIR, "results.json");
  mkdirSync(BENCH_DIR, { recursive: true });
  const body = { machine: machine(), node: process.version, date: new Date().toISOString(), asOf: AS_OF, seed: DEFAULT_SEED, gcExposed: typeof globalThis.gc === "function", rss: args.rss, results };
  writeFileSync(file, JSON.stringify(body, null, 2) + "\n");
  return file;
}

// ---------------------------------------------------------------------------------------

async function main(argv: string[]): Promise<void> {
  const args = parseBenchArgs(argv);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (typeof globalThis.gc !== "function") log("note: run under node --expose-gc (npm run bench does) for a GC between measurements");
  const results: SizeResult[] = [];
  for (const size of args.sizes) results.push(await benchSize(size, args, log));
  process.stdout.write(`relance bench — node ${process.version}, ${machine().cpu} ×${machine().cores}, as-of ${AS_OF}\n`);
  process.stdout.write(reportTable(results) + "\n");
  log(`results written to ${resolve(writeResults(results, args))}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
