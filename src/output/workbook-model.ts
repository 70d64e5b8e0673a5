/**
 * The workbook `relance run` writes (spec/cli.md "Workbook written by run"), as a neutral
 * model: sheets of typed columns and rows of plain values, built here from the run's
 * result and turned into an .xlsx by write-workbook.ts. No exceljs here, so the content can
 * be tested (and written in another format) without a spreadsheet library.
 *
 * Values stay exact in the model: money is integer cents, dates are Day numbers, percent
 * columns hold ratios (0.25 = 25 %). The writer converts them when it writes a cell.
 *
 * Sheets, in order: Summary, Actions, one sheet per segment (matrix order), Reminders,
 * Customers, Changes, Rejected (the contract's), then Overrides (the user's manual
 * overrides, carried to the next run) and the run's state, very hidden (previous/).
 */
import type { Action, Draft } from "../actions/types.js";
import type { Day } from "../ledger/day.js";
import { formatCents, type Cents } from "../ledger/money.js";
import type { LedgerHead } from "../ledger/types.js";
import { FIELD_KIND, METRIC_FIELDS, rowKey, type CustomerMetrics, type DocumentTotals, type MetricField, type PortfolioKpis } from "../metrics/types.js";
import type { SegmentChange } from "../previous/changes.js";
import { stateRows, STATE_COLUMNS, STATE_SHEET, type RunState } from "../previous/state-sheet.js";
import type { Override } from "../previous/types.js";
import type { SegmentDef } from "../segmentation/matrix.js";
import { compareText } from "../util/compare.js";

export type ColumnType = "text" | "number" | "money" | "date" | "integer" | "percent";

export interface ColumnModel {
  header: string;
  type: ColumnType;
  /** in Excel character widths; the writer may widen a column to fit its content */
  width: number;
  /** for `number` columns: decimals shown (default 1) */
  decimals?: number;
  /** long text: wrap it in the cell */
  wrap?: boolean;
  /** a drop-down list of allowed values over the column's data rows */
  validation?: readonly string[];
}

/** A cell whose type is not its column's (report-style sheets such as Summary). */
export interface TypedValue {
  type: ColumnType;
  value: string | number;
}

/**
 * A cell: text, a number read by its column's type (money: cents, date: Day, percent:
 * ratio), a TypedValue, or null for an empty cell.
 */
export type CellValue = string | number | TypedValue | null;

export interface SheetModel {
  /** already safe for Excel (see safeSheetName) */
  name: string;
  columns: ColumnModel[];
  /** data rows, below the header row */
  rows: CellValue[][];
  /** freeze the header row */
  frozenHeader: boolean;
  /** auto-filter over the header (and the data below it) */
  autoFilter: boolean;
  /** 0-based indexes in `rows` of rows to show in bold (section headings) */
  emphasis?: readonly number[];
  /** drop-downs cover at least this many data rows (a sheet the user fills in) */
  validatedRows?: number;
  /** very hidden: not listed by Excel's Unhide (the run's own memory) */
  hidden?: boolean;
}

/** What the run read from `--previous`, for the Summary. */
export interface PreviousSummary {
  file: string;
  asOf: Day | null;
  actions: number;
  /** status → count of last month's actions */
  statuses: Map<string, number>;
  /** problems reading the workbook, and the overrides' messages */
  problems: string[];
}

export interface RunReport {
  asOf: Day;
  /** leave null: deterministic output */
  generatedAt: string | null;
  matrixFile: string;
  settings: { windowDays: number; graceDays: number; currency: string };
  /** sources (row counts), rejected, customers, documents */
  ledger: LedgerHead;
  rows: (CustomerMetrics & { segment: string; rule: string })[];
  /** over all customers */
  portfolio: PortfolioKpis[];
  /** per currency: documents issued up to D, Σ amount, Σ open at D (metrics' fold) */
  documentTotals: Map<string, DocumentTotals>;
  /** per segment id */
  segmentKpis: Map<string, PortfolioKpis[]>;
  /** in matrix order */
  segments: SegmentDef[];
  /** most urgent first */
  actions: Action[];
  drafts: Draft[];
  /** segment migrations since --previous (empty without it) */
  changes: SegmentChange[];
  /** per rowKey(customer, currency): why it gets no reminder now (a promise running, a pause, an agency) */
  quiet: Map<string, string>;
  /** the manual overrides in force, written back to the Overrides sheet */
  overrides: Override[];
  /** what the run stores for the next one */
  state: RunState;
  previous: PreviousSummary | null;
}

export const SUMMARY_SHEET = "Summary";
export const ACTIONS_SHEET = "Actions";
export const REMINDERS_SHEET = "Reminders";
export const CUSTOMERS_SHEET = "Customers";
export const CHANGES_SHEET = "Changes";
export const REJECTED_SHEET = "Rejected";
export const OVERRIDES_SHEET = "Overrides";

/** Excel's limits: sheet names, rows per sheet (header included), characters per cell. */
export const MAX_SHEET_NAME = 31;
export const MAX_SHEET_ROWS = 1_048_576;
export const MAX_CELL_TEXT = 32_767;

/**
 * The Actions columns the next run reads back (previous/parse-previous.ts finds them by
 * these names first, then by their translations): one spelling for writer and reader.
 */
export const ACTION_COLUMNS_READ_BACK = {
  action_id: "Action id", customer_id: "Customer id", step: "Step", planned: "Planned date", invoices: "Invoices",
  status: "Status", promise: "Promise date", comment: "Comment",
} as const;

/** The values users record in the Actions sheet's status column. */
export const STATUS_VALUES = ["to do", "done", "skipped", "promised"] as const;

type Row = CustomerMetrics & { segment: string; rule: string };

export function buildWorkbookModel(report: RunReport): SheetModel[] {
  return workbookSheets(report).map((make) => make());
}

/**
 * The sheets in order, each built when asked: the writer builds, writes and drops one at a
 * time, so the rows of a large run's sheets are never all held together.
 */
export function workbookSheets(report: RunReport): (() => SheetModel)[] {
  const names = new Map(report.ledger.customers.map((c) => [c.customer_id, c.name]));
  const nameOf = (id: string): string => names.get(id) ?? "";
  const taken = new Set([SUMMARY_SHEET, ACTIONS_SHEET, REMINDERS_SHEET, CUSTOMERS_SHEET, CHANGES_SHEET, REJECTED_SHEET, OVERRIDES_SHEET, STATE_SHEET].map(fold));
  const segmentNames = report.segments.map((s) => safeSheetName(s.label || s.id, taken));
  return [
    () => summarySheet(report),
    () => actionsSheet(report.actions),
    ...report.segments.map((s, i) => () => segmentSheet(report, s, segmentNames[i]!, nameOf)),
    () => remindersSheet(report.drafts),
    () => customersSheet(report.rows, nameOf),
    () => changesSheet(report.changes),
    () => rejectedSheet(report),
    () => overridesSheet(report, nameOf),
    () => stateSheet(report.state),
  ];
}

// ---------------------------------------------------------------------------------------
// Sheet names

/** Excel compares sheet names without case. */
function fold(name: string): string {
  return name.toUpperCase();
}

/**
 * A sheet name Excel accepts, unique (without case) among `taken`, which it joins:
 * no `[ ] : * ? / \` nor control characters, no apostrophe first or last, not empty, not
 * "History" (reserved), at most 31 characters (cut without splitting a character);
 * a clash gets " (2)", " (3)", … within the 31 characters.
 */
export function safeSheetName(label: string, taken: Set<string>): string {
  // eslint-disable-next-line no-control-regex
  let base = label.replace(/[[\]:*?/\\]/g, " ").replace(/[\u0000-\u001f\u007f]/g, "").replace(/\s+/g, " ");
  base = trimName(base) || "Segment";
  let candidate = cut(base, MAX_SHEET_NAME);
  for (let n = 2; taken.has(fold(candidate)) || fold(candidate) === "HISTORY"; n++) {
    const suffix = ` (${n})`;
    candidate = cut(base, MAX_SHEET_NAME - suffix.length) + suffix;
  }
  taken.add(fold(candidate));
  return candidate;
}

function trimName(name: string): string {
  return name.trim().replace(/^'+|'+$/g, "").trim();
}

/** The first `max` UTF-16 units of a name, not splitting a surrogate pair, trimmed again. */
function cut(name: string, max: number): string {
  let out = "";
  for (const ch of name) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return trimName(out) || "Segment".slice(0, max);
}

// ---------------------------------------------------------------------------------------
// Summary

const typed = (type: ColumnType, value: string | number | null): CellValue => (value === null ? null : { type, value });
const money = (cents: Cents): CellValue => typed("money", cents);
const integer = (n: number): CellValue => typed("integer", n);
const decimal = (n: number | null): CellValue => typed("number", n);
const percent = (ratio: number | null): CellValue => typed("percent", ratio);

/** Σ open_balance of the customer rows (the Customers sheet), per currency. */
function rowOpenTotals(rows: readonly Row[]): Map<string, Cents> {
  const totals = new Map<string, Cents>();
  for (const r of rows) if (r.currency !== "") totals.set(r.currency, (totals.get(r.currency) ?? 0) + r.open_balance);
  return totals;
}

/** The reconciliation lines of the Summary, one per currency. */
export function reconciliationLines(report: RunReport): string[] {
  const documents = report.documentTotals;
  const customers = rowOpenTotals(report.rows);
  const currencies = [...new Set([...documents.keys(), ...customers.keys()])].sort(compareText);
  if (currencies.length === 0) return ["No document issued up to the as-of date: nothing to reconcile."];
  return currencies.map((cur) => {
    const fromRows = customers.get(cur) ?? 0;
    const fromDocs = documents.get(cur)?.open ?? 0;
    return fromRows === fromDocs
      ? `${cur}: Σ open balance of the Customers sheet = Σ open amount of the documents = ${formatCents(fromDocs)}`
      : `${cur}: MISMATCH: Σ open balance of the Customers sheet = ${formatCents(fromRows)} ≠ Σ open amount of the documents = ${formatCents(fromDocs)} (difference ${formatCents(fromRows - fromDocs)})`;
  });
}

/**
 * Average days late of a segment, per currency: the mean days late over all the invoices
 * its customers paid in the window (each row's avg_days_late weighted by its paid_count),
 * null when none was paid.
 */
function segmentDaysLate(rows: readonly Row[], currency: string): number | null {
  let paid = 0;
  let total = 0;
  for (const r of rows) {
    if (r.currency !== currency || r.avg_days_late === null || r.paid_count === 0) continue;
    paid += r.paid_count;
    total += r.avg_days_late * r.paid_count;
  }
  return paid === 0 ? null : total / paid;
}

const SUMMARY_COLUMNS: ColumnModel[] = [
  { header: "relance — run summary", type: "text", width: 34 },
  ...Array.from({ length: 9 }, (): ColumnModel => ({ header: "", type: "text", width: 17 })),
];

function summarySheet(report: RunReport): SheetModel {
  const { ledger, asOf, settings } = report;
  const rows: CellValue[][] = [];
  const emphasis: number[] = [];
  const heading = (...cells: CellValue[]): void => {
    emphasis.push(rows.length);
    rows.push(cells);
  };
  const blank = (): void => void rows.push([]);

  rows.push(["As-of date", typed("date", asOf)]);
  rows.push(["Matrix", report.matrixFile]);
  rows.push(["Window (days)", integer(settings.windowDays)]);
  rows.push(["Grace (days)", integer(settings.graceDays)]);
  rows.push(["Matrix currency", settings.currency]);
  rows.push(["Settlement from", ledger.settlement === "payments" ? "the payments export" : "the documents (paid dates, open amounts)"]);
  if (report.generatedAt !== null) rows.push(["Generated at", report.generatedAt]);
  blank();

  if (report.previous) {
    const p = report.previous;
    heading("Previous run", "As-of date", "Actions", ...[...p.statuses.keys()]);
    rows.push([p.file, p.asOf === null ? "unknown" : typed("date", p.asOf), integer(p.actions), ...[...p.statuses.values()].map(integer)]);
    rows.push([`Segment changes: ${report.changes.filter((c) => c.kind === "moved").length} moved, ${report.changes.filter((c) => c.kind === "new").length} new, ${report.changes.filter((c) => c.kind === "vanished").length} gone (see the ${CHANGES_SHEET} sheet).`]);
    for (const problem of p.problems) rows.push([problem]);
    blank();
  }

  heading("Input file", "Role", "Rows read", "Rows used", "Rows rejected", "Rows skipped");
  for (const s of ledger.sources) rows.push([s.file, s.role, integer(s.rows_read), integer(s.rows_used), integer(s.rows_rejected), integer(s.rows_skipped)]);
  const rejected = ledger.rejected.length;
  rows.push(["Rejected rows", integer(rejected), rejected === 0 ? "none" : `listed in the ${REJECTED_SHEET} sheet`]);
  blank();

  heading("Totals (documents issued up to D)", "Currency", "Documents", "Σ amount", "Σ open amount at D");
  for (const [cur, t] of report.documentTotals) rows.push(["All documents", cur, integer(t.documents), money(t.amount), money(t.open)]);
  rows.push([
    rejected === 0
      ? "No input row was rejected: these totals cover every row of the exports."
      : `With rejected rows excluded: ${rejected} input row${rejected === 1 ? " is" : "s are"} not in these totals (see the ${REJECTED_SHEET} sheet); add them back to reconcile with the accounting package.`,
  ]);
  blank();

  heading("Portfolio KPIs", "Currency", "Customers", "Open balance", "Overdue balance", "Revenue (window)", "DSO", "Best possible DSO", "ADD", "Overdue share");
  for (const k of report.portfolio) rows.push(["All customers", k.currency, integer(k.customers), money(k.open_balance), money(k.overdue_balance), money(k.revenue), decimal(k.dso), decimal(k.best_possible_dso), decimal(k.add), percent(k.overdue_share)]);
  if (report.portfolio.some((k) => k.cei !== null)) {
    heading("Collection effectiveness (CEI, last 30 days)", "Currency", "CEI");
    for (const k of report.portfolio) rows.push(["All customers", k.currency, percent(k.cei === null ? null : k.cei / 100)]);
  }
  blank();

  heading("Segment", "Currency", "Customers", "Open balance", "Overdue balance", "Share of overdue", "DSO", "Avg days late", "Actions planned");
  for (const segment of report.segments) {
    const own = report.rows.filter((r) => r.segment === segment.id);
    const actions = report.actions.filter((a) => a.segment === segment.id);
    const kpis = report.segmentKpis.get(segment.id) ?? [];
    const label = segment.label || segment.id;
    if (kpis.length === 0) {
      rows.push([label, "", integer(new Set(own.map((r) => r.customer_id)).size), money(0), money(0), null, null, null, integer(actions.length)]);
      continue;
    }
    for (const k of kpis) {
      rows.push([label, k.currency, integer(k.customers), money(k.open_balance), money(k.overdue_balance), percent(k.overdue_share), decimal(k.dso), decimal(segmentDaysLate(own, k.currency)), integer(actions.filter((a) => a.currency === k.currency).length)]);
    }
  }
  rows.push(["Share of overdue = overdue balance / open balance. Avg days late = mean days late over every invoice the segment's customers paid in the window (each customer's avg_days_late weighted by its paid_count)."]);
  blank();

  // each collector's month: filter the Actions sheet on Owner for the list itself
  heading("Owner", "Currency", "Customers", "Actions", "Overdue amount", "Broken promises", "Overdue work");
  for (const p of ownerPortfolios(report.actions)) {
    rows.push([p.owner, p.currency, integer(p.customers), integer(p.actions), money(p.overdue), integer(p.broken), integer(p.overdueWork)]);
  }
  if (report.actions.length === 0) rows.push(["No action planned."]);
  blank();

  heading("Reconciliation");
  for (const line of reconciliationLines(report)) rows.push([line]);

  return { name: SUMMARY_SHEET, columns: SUMMARY_COLUMNS, rows, frozenHeader: true, autoFilter: false, emphasis };
}

export interface OwnerPortfolio {
  owner: string;
  currency: string;
  customers: number;
  actions: number;
  overdue: Cents;
  broken: number;
  overdueWork: number;
}

/** The planned actions per owner and currency, owners in alphabetical order. */
export function ownerPortfolios(actions: readonly Action[]): OwnerPortfolio[] {
  const byKey = new Map<string, OwnerPortfolio & { ids: Set<string> }>();
  for (const a of actions) {
    const key = `${a.owner}\u0000${a.currency}`;
    let p = byKey.get(key);
    if (!p) byKey.set(key, (p = { owner: a.owner, currency: a.currency, customers: 0, actions: 0, overdue: 0, broken: 0, overdueWork: 0, ids: new Set() }));
    p.ids.add(a.customer_id);
    p.actions++;
    p.overdue += a.overdue_amount;
    if (a.flag === "broken promise") p.broken++;
    if (a.flag === "overdue work") p.overdueWork++;
  }
  return [...byKey.values()]
    .map(({ ids, ...p }) => ({ ...p, customers: ids.size }))
    .sort((a, b) => compareText(a.owner, b.owner) || compareText(a.currency, b.currency));
}

// ---------------------------------------------------------------------------------------
// Actions

function actionsSheet(actions: readonly Action[]): SheetModel {
  const columns: ColumnModel[] = [
    { header: ACTION_COLUMNS_READ_BACK.action_id, type: "text", width: 16 },
    { header: ACTION_COLUMNS_READ_BACK.customer_id, type: "text", width: 12 },
    { header: "Name", type: "text", width: 28 },
    { header: "Segment", type: "text", width: 18 },
    { header: "Owner", type: "text", width: 14 },
    { header: "Action", type: "text", width: 16 },
    { header: ACTION_COLUMNS_READ_BACK.step, type: "integer", width: 6 },
    { header: ACTION_COLUMNS_READ_BACK.planned, type: "date", width: 12 },
    { header: "Overdue amount", type: "money", width: 15 },
    { header: "Currency", type: "text", width: 9 },
    { header: ACTION_COLUMNS_READ_BACK.invoices, type: "text", width: 24, wrap: true },
    { header: "Amount due", type: "money", width: 15 },
    { header: "Interest", type: "money", width: 12 },
    { header: "Compensation", type: "money", width: 13 },
    { header: "Credit hold", type: "text", width: 11 },
    { header: "Priority", type: "number", width: 9, decimals: 1 },
    { header: "Flag", type: "text", width: 14 },
    { header: "Reason", type: "text", width: 48, wrap: true },
    { header: ACTION_COLUMNS_READ_BACK.status, type: "text", width: 11, validation: STATUS_VALUES },
    { header: ACTION_COLUMNS_READ_BACK.promise, type: "date", width: 13 },
    { header: ACTION_COLUMNS_READ_BACK.comment, type: "text", width: 30, wrap: true },
  ];
  const rows = actions.map((a): CellValue[] => [
    a.id, a.customer_id, a.customer_name, a.segment_label || a.segment, a.owner, a.action, a.step, a.planned_date,
    a.overdue_amount, a.currency, a.invoices.map((i) => i.invoice_id).join(", "),
    a.amount_due, a.interest_total, a.compensation_total, a.credit_hold ? "yes" : null, a.priority, a.flag, a.reason,
    a.status || "to do", a.promise_date, a.comment || null,
  ]);
  return { name: ACTIONS_SHEET, columns, rows, frozenHeader: true, autoFilter: true };
}

// ---------------------------------------------------------------------------------------
// One sheet per segment

/** The metrics a segment sheet shows, after customer, name and currency. */
const SEGMENT_METRICS: readonly MetricField[] = [
  "open_balance", "overdue_balance", "overdue_count", "max_days_past_due", "aging_90_plus",
  "avg_days_late", "on_time_rate", "dso", "dispute_count", "revenue",
];

function segmentSheet(report: RunReport, segment: SegmentDef, name: string, nameOf: (id: string) => string): SheetModel {
  const next = new Map<string, Action>();
  for (const a of report.actions) {
    if (a.segment !== segment.id) continue;
    const key = rowKey(a.customer_id, a.currency);
    const seen = next.get(key);
    if (!seen || a.planned_date < seen.planned_date || (a.planned_date === seen.planned_date && a.step < seen.step)) next.set(key, a);
  }
  // most urgent first, as in Actions; customers without an action after, largest overdue first
  const priorities = new Map<RunReport["rows"][number], number>();
  for (const r of report.rows) if (r.segment === segment.id) priorities.set(r, next.get(rowKey(r.customer_id, r.currency))?.priority ?? -1);
  const priority = (r: RunReport["rows"][number]): number => priorities.get(r)!;
  const own = [...priorities.keys()]
    .sort((a, b) => priority(b) - priority(a) || b.overdue_balance - a.overdue_balance || b.open_balance - a.open_balance || compareText(a.customer_id, b.customer_id) || compareText(a.currency, b.currency));
  const columns: ColumnModel[] = [
    { header: "Customer id", type: "text", width: 12 },
    { header: "Name", type: "text", width: 28 },
    { header: "Currency", type: "text", width: 9 },
    ...SEGMENT_METRICS.map(metricColumn),
    { header: "Next action", type: "text", width: 22, wrap: true },
    { header: "Planned date", type: "date", width: 12 },
    { header: "Priority", type: "number", width: 9, decimals: 1 },
  ];
  const rows = own.map((r): CellValue[] => {
    const key = rowKey(r.customer_id, r.currency);
    const a = next.get(key);
    return [
      r.customer_id, nameOf(r.customer_id), r.currency, ...SEGMENT_METRICS.map((f) => r[f]),
      a ? `${a.action} (step ${a.step})` : report.quiet.get(key) ?? null, a?.planned_date ?? null, a?.priority ?? null,
    ];
  });
  return { name, columns, rows, frozenHeader: true, autoFilter: true };
}

// ---------------------------------------------------------------------------------------
// Reminders, Customers, Changes, Rejected

function remindersSheet(drafts: readonly Draft[]): SheetModel {
  const columns: ColumnModel[] = [
    { header: "Action id", type: "text", width: 16 },
    { header: "Customer id", type: "text", width: 12 },
    { header: "Name", type: "text", width: 28 },
    { header: "Language", type: "text", width: 9 },
    { header: "Channel", type: "text", width: 16 },
    { header: "Recipient", type: "text", width: 28 },
    { header: "Subject", type: "text", width: 40, wrap: true },
    { header: "Body", type: "text", width: 90, wrap: true },
  ];
  const rows = drafts.map((d): CellValue[] => [d.action_id, d.customer_id, d.customer_name, d.language, d.channel, d.recipient, d.subject, d.body]);
  return { name: REMINDERS_SHEET, columns, rows, frozenHeader: true, autoFilter: true };
}

/** Ratios that are shares (shown as %); the other ratios are day measures. */
const PERCENT_FIELDS: ReadonlySet<MetricField> = new Set(["on_time_rate", "credit_limit_use"]);

function metricColumn(field: MetricField): ColumnModel {
  const kind = FIELD_KIND[field];
  if (kind === "money") return { header: field, type: "money", width: 14 };
  if (kind === "count") return { header: field, type: "integer", width: Math.max(10, field.length + 2) };
  if (PERCENT_FIELDS.has(field)) return { header: field, type: "percent", width: Math.max(10, field.length + 2) };
  return { header: field, type: "number", width: Math.max(10, field.length + 2), decimals: 1 };
}

function customersSheet(rows: readonly Row[], nameOf: (id: string) => string): SheetModel {
  const columns: ColumnModel[] = [
    { header: "customer_id", type: "text", width: 12 },
    { header: "name", type: "text", width: 28 },
    { header: "currency", type: "text", width: 9 },
    ...METRIC_FIELDS.map(metricColumn),
    { header: "segment", type: "text", width: 16 },
    { header: "rule", type: "text", width: 16 },
  ];
  const data = rows.map((r): CellValue[] => [r.customer_id, nameOf(r.customer_id), r.currency, ...METRIC_FIELDS.map((f) => r[f]), r.segment, r.rule]);
  return { name: CUSTOMERS_SHEET, columns, rows: data, frozenHeader: true, autoFilter: true };
}

function changesSheet(changes: readonly SegmentChange[]): SheetModel {
  const columns: ColumnModel[] = [
    { header: "customer_id", type: "text", width: 12 },
    { header: "name", type: "text", width: 28 },
    { header: "change", type: "text", width: 9 },
    { header: "from", type: "text", width: 18 },
    { header: "to", type: "text", width: 18 },
    { header: "rule", type: "text", width: 22 },
    { header: "metric changes", type: "text", width: 60, wrap: true },
  ];
  const rows = changes.map((c): CellValue[] => [c.customer_id, c.name, c.kind, c.from, c.to, c.rule, c.deltas || null]);
  return { name: CHANGES_SHEET, columns, rows, frozenHeader: true, autoFilter: true };
}

function rejectedSheet(report: RunReport): SheetModel {
  const columns: ColumnModel[] = [
    { header: "file", type: "text", width: 24 },
    { header: "line", type: "integer", width: 8 },
    { header: "column", type: "text", width: 18 },
    { header: "value", type: "text", width: 24 },
    { header: "reason", type: "text", width: 60, wrap: true },
  ];
  const rows = report.ledger.rejected.map((r): CellValue[] => [r.file, r.line, r.column, r.value, r.reason]);
  return { name: REJECTED_SHEET, columns, rows, frozenHeader: true, autoFilter: true };
}

// ---------------------------------------------------------------------------------------
// Overrides and the run's state

/** The Overrides sheet's headers; previous/parse-previous.ts reads them back. */
export const OVERRIDE_COLUMNS = ["Customer id", "Name", "Force segment", "Pause reminders until", "Collection agency", "Until", "Note"] as const;

/** Rows of the Overrides sheet offered with drop-downs for the user to fill in. */
const OVERRIDE_ROWS = 200;

function overridesSheet(report: RunReport, nameOf: (id: string) => string): SheetModel {
  const labels = report.segments.map((s) => s.label || s.id);
  // Excel keeps a list drop-down's items in one 255-character formula
  const segmentList = labels.join(",").length <= 250 && !labels.some((l) => l.includes(",")) ? labels : undefined;
  const columns: ColumnModel[] = [
    { header: OVERRIDE_COLUMNS[0], type: "text", width: 12 },
    { header: OVERRIDE_COLUMNS[1], type: "text", width: 28 },
    { header: OVERRIDE_COLUMNS[2], type: "text", width: 20, ...(segmentList ? { validation: segmentList } : {}) },
    { header: OVERRIDE_COLUMNS[3], type: "date", width: 14 },
    { header: OVERRIDE_COLUMNS[4], type: "text", width: 10, validation: ["yes", "no"] },
    { header: OVERRIDE_COLUMNS[5], type: "date", width: 12 },
    { header: OVERRIDE_COLUMNS[6], type: "text", width: 40, wrap: true },
  ];
  const label = new Map(report.segments.map((s) => [s.id, s.label || s.id]));
  const rows = report.overrides.map((o): CellValue[] => [
    o.customer_id, nameOf(o.customer_id) || null, o.segment === null ? null : label.get(o.segment) ?? o.segment,
    o.pause_until, o.agency ? "yes" : null, o.until, o.note || null,
  ]);
  return { name: OVERRIDES_SHEET, columns, rows, frozenHeader: true, autoFilter: true, validatedRows: OVERRIDE_ROWS };
}

function stateSheet(state: RunState): SheetModel {
  const columns: ColumnModel[] = STATE_COLUMNS.map((header) => ({ header, type: "text", width: header === "data" ? 80 : 12 }));
  return { name: STATE_SHEET, columns, rows: stateRows(state), frozenHeader: false, autoFilter: false, hidden: true };
}
