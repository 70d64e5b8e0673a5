/**
 * The run workbook: a small hand-made RunReport written to a temp dir and read back with
 * exceljs (sheets, headers, panes, filters, types, formats, validation, formula safety,
 * sheet names, totals, determinism, atomic failure), plus the raw sheet XML and, when
 * LibreOffice is installed, a headless conversion to prove the file opens.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import type { Action, Draft } from "../../../src/actions/types.js";
import { UsageError } from "../../../src/errors.js";
import type { Day } from "../../../src/ledger/day.js";
import type { Ledger } from "../../../src/ledger/types.js";
import { computeMetrics } from "../../../src/metrics/compute-metrics.js";
import { portfolioKpis } from "../../../src/metrics/portfolio.js";
import type { PortfolioKpis } from "../../../src/metrics/types.js";
import { buildWorkbookModel, ownerPortfolios, safeSheetName, type RunReport } from "../../../src/output/workbook-model.js";
import { writeWorkbook } from "../../../src/output/write-workbook.js";
import type { SegmentDef } from "../../../src/segmentation/matrix.js";
import { rejection } from "../../helpers/expect-error.js";
import { cents, customer, day, invoice, creditNote, ledger as makeLedger, options } from "../../helpers/ledger-builder.js";
import { entryData, listZipEntries } from "../../../src/ingest/zip-guard.js";

const AS_OF = "2026-03-31";
const HYPERLINK = '=HYPERLINK("http://x")';
const LONG_A = "Strategic/accounts: with long payment terms [north]";
const LONG_B = "Strategic accounts with long payment terms — south";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "relance-wb-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function report(): RunReport & { ledger: Ledger } {
  const ledger = makeLedger({
    customers: [customer("C1", { name: "Alpha SA" }), customer("C2", { name: HYPERLINK }), customer("C3", { name: "-5 Zéro" })],
    documents: [
      invoice("C1", "F1", { issue: "2026-01-05", due: "2026-02-04", amount: 1200.1 }),
      invoice("C1", "F2", { issue: "2025-11-01", due: "2025-12-01", amount: 500, paid: "2025-12-20" }),
      invoice("C2", "F3", { issue: "2026-02-01", due: "2026-03-03", amount: 333.33, open: 100.01 }),
      invoice("C3", "F4", { issue: "2026-03-15", due: "2026-04-14", amount: 80.05 }),
      creditNote("C3", "A1", { issue: "2026-03-20", due: "2026-03-20", amount: 10.02 }),
      invoice("C3", "F5", { issue: "2026-04-02", due: "2026-05-02", amount: 999 }), // after D: not counted
    ],
  });
  ledger.sources = [
    { file: "customers.csv", role: "customers", rows_read: 3, rows_used: 3, rows_rejected: 0, rows_skipped: 0 },
    { file: "invoices.csv", role: "invoices", rows_read: 7, rows_used: 6, rows_rejected: 1, rows_skipped: 1 },
  ];
  ledger.rejected = [{ file: "invoices.csv", line: 9, column: "Montant", value: "=1+1", reason: "not an amount" }];
  const opts = options(AS_OF);
  const metrics = computeMetrics(ledger, opts);
  const segmentOf: Record<string, string> = { C1: "north", C2: "south", C3: "south" };
  const rows = metrics.rows.map((r) => ({ ...r, segment: segmentOf[r.customer_id]!, rule: r.customer_id === "C1" ? "big" : "rule 2" }));
  const segments: SegmentDef[] = [
    { id: "north", label: LONG_A, procedure: "p", owner: "anna" },
    { id: "south", label: LONG_B, procedure: "p", owner: null },
  ];
  const segmentKpis = new Map<string, PortfolioKpis[]>(segments.map((s) => [s.id, portfolioKpis(rows.filter((r) => r.segment === s.id), metrics, opts)]));
  const actions: Action[] = [
    action({ id: "C1/EUR/2", customer_id: "C1", customer_name: "Alpha SA", segment: "north", segment_label: LONG_A, step: 2, action: "letter", overdue_amount: cents(1200.1), amount_due: cents(1240.1), compensation_total: 4000, priority: 30.5, credit_hold: true, invoices: ["F1"] }),
    action({ id: "C2/EUR/1", customer_id: "C2", customer_name: HYPERLINK, segment: "south", segment_label: LONG_B, step: 1, action: "email", overdue_amount: cents(100.01), amount_due: cents(100.01), priority: 9.3, invoices: ["F3", "F9"], email: "ap@x.test" }),
  ];
  const drafts: Draft[] = [
    { action_id: "C2/EUR/1", customer_id: "C2", customer_name: HYPERLINK, language: "fr", channel: "email", recipient: "ap@x.test", subject: "Relance facture F3", body: "Madame, Monsieur,\n\nSauf erreur de notre part…\n\n" + "x".repeat(400) },
  ];
  return {
    asOf: day(AS_OF), generatedAt: null, matrixFile: "segments.yaml",
    settings: { windowDays: 365, graceDays: 0, currency: "EUR" },
    ledger, rows, portfolio: metrics.portfolio, documentTotals: metrics.documentTotals, segmentKpis, segments, actions, drafts, changes: [],
    quiet: new Map(), overrides: [], state: { asOf: day(AS_OF), actions: [], followUps: [], customers: [] }, previous: null,
  };
}

interface ActionSpec extends Partial<Omit<Action, "invoices">> {
  id: string;
  customer_id: string;
  invoices: string[];
}

function action(spec: ActionSpec): Action {
  const { invoices, ...rest } = spec;
  return {
    customer_name: "", currency: "EUR", segment: "", segment_label: "", owner: "anna", procedure: "p", step: 1, step_day: 10,
    action: "email", template: null, planned_date: day(AS_OF), overdue_amount: 0,
    invoices: invoices.map((id) => ({ invoice_id: id, issue_date: day("2026-01-05"), due_date: day("2026-02-04"), due_date_estimated: false, amount: 100, open: 100, days_past_due: 55, disputed: false, interest: null, interest_periods: [], compensation: null })),
    disputed: [], credit_available: 0, interest_total: 0, compensation_total: 0, amount_due: 0, payment_plan: null, credit_hold: false,
    priority: 0, reason: "2 invoices overdue, oldest 55 days", language: "fr", country: null, email: null, phone: null, flag: null, status: "to do", promise_date: null, comment: "",
    ...rest,
  };
}

async function read(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}; sheets: ${wb.worksheets.map((w) => w.name).join(", ")}`);
  return ws;
}

function headers(ws: ExcelJS.Worksheet): unknown[] {
  return (ws.getRow(1).values as unknown[]).slice(1);
}

/** Every cell value of every sheet, in order: what "the same content" means. */
function allValues(wb: ExcelJS.Workbook): unknown[] {
  return wb.worksheets.map((ws) => [ws.name, ws.getSheetValues().map((row) => (Array.isArray(row) ? row.map((v) => (v instanceof Date ? v.toISOString() : v)) : row))]);
}

/** The entries of a zip file (stored or deflated), by name, as text: enough to read an .xlsx's XML. */
function unzip(path: string): Map<string, string> {
  const buf = readFileSync(path);
  return new Map(listZipEntries(buf).map((e) => {
    const data = entryData(buf, e);
    return [e.name, (e.method === 8 ? inflateRawSync(data) : data).toString("utf8")];
  }));
}

/** The rows of a sheet from row 1, each from column A (empty cells null). */
function cellsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    rows.push(Array.from({ length: ws.columnCount }, (_, c) => row.getCell(c + 1).value ?? null));
  }
  return rows;
}

describe("writeWorkbook", () => {
  const dir = tempDir();
  const path = join(dir, "run.xlsx");
  const written = writeWorkbook(report(), path, []);

  it("writes the sheets in order with their header rows", async () => {
    await written;
    const wb = await read(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "Summary", "Actions", "Strategic accounts with long pa", "Strategic accounts with lon (2)", "Reminders", "Customers", "Changes", "Rejected",
      "Overrides", "relance-state",
    ]);
    expect(sheet(wb, "relance-state").state).toBe("veryHidden");
    expect(headers(sheet(wb, "Overrides"))).toEqual(["Customer id", "Name", "Force segment", "Pause reminders until", "Collection agency", "Until", "Note"]);
    expect(headers(sheet(wb, "Actions"))).toEqual([
      "Action id", "Customer id", "Name", "Segment", "Owner", "Action", "Step", "Planned date", "Overdue amount", "Currency", "Invoices",
      "Amount due", "Interest", "Compensation", "Credit hold", "Priority", "Flag", "Reason", "Status", "Promise date", "Comment",
    ]);
    expect(headers(sheet(wb, "Reminders"))).toEqual(["Action id", "Customer id", "Name", "Language", "Channel", "Recipient", "Subject", "Body"]);
    expect(headers(sheet(wb, "Rejected"))).toEqual(["file", "line", "column", "value", "reason"]);
    expect(headers(sheet(wb, "Changes"))).toEqual(["customer_id", "name", "change", "from", "to", "rule", "metric changes"]);
    const customers = headers(sheet(wb, "Customers"));
    expect(customers.slice(0, 4)).toEqual(["customer_id", "name", "currency", "paid_count"]);
    expect(customers.slice(-2)).toEqual(["segment", "rule"]);
    expect(headers(sheet(wb, "Strategic accounts with long pa")).slice(0, 4)).toEqual(["Customer id", "Name", "Currency", "open_balance"]);
    expect(sheet(wb, "Actions").getRow(1).font?.bold).toBe(true);
  });

  it("freezes the header row and sets an auto-filter on every table", async () => {
    await written;
    const wb = await read(path);
    for (const ws of wb.worksheets.filter((w) => w.state === "visible")) {
      expect(ws.views[0], ws.name).toMatchObject({ state: "frozen", ySplit: 1 });
      if (ws.name !== "Summary") expect(ws.autoFilter, ws.name).toBeTruthy();
    }
    expect(sheet(wb, "Actions").autoFilter).toBe("A1:U3");
  });

  it("writes real dates, money as formatted numbers, and the status drop-down", async () => {
    await written;
    const actions = sheet(await read(path), "Actions");
    const planned = actions.getCell("H2");
    expect(planned.value).toBeInstanceOf(Date);
    expect((planned.value as Date).toISOString()).toBe("2026-03-31T00:00:00.000Z");
    expect(planned.numFmt).toBe("yyyy-mm-dd");
    const overdue = actions.getCell("I2");
    expect(overdue.value).toBe(1200.1);
    expect(overdue.numFmt).toBe("#,##0.00");
    expect(actions.getCell("N2").value).toBe(40);
    expect(actions.getCell("K3").value).toBe("F3, F9");
    expect(actions.getCell("O2").value).toBe("yes");
    expect(actions.getCell("O3").value).toBeNull();
    expect(actions.getCell("S2").value).toBe("to do");
    for (const address of ["S2", "S3"]) {
      expect(actions.getCell(address).dataValidation).toMatchObject({ type: "list", formulae: ['"to do,done,skipped,promised"'] });
    }
    const customers = sheet(await read(path), "Customers");
    const header = headers(customers);
    const rateCol = header.indexOf("on_time_rate") + 1;
    const c1 = customers.getRow(2);
    expect(c1.getCell(1).value).toBe("C1");
    expect(c1.getCell(rateCol).numFmt).toBe("0.0%");
    expect(c1.getCell(header.indexOf("open_balance") + 1).value).toBe(1200.1);
  });

  it("keeps formula-like text as text, in the cells and in the XML", async () => {
    await written;
    const wb = await read(path);
    const actions = sheet(wb, "Actions");
    expect(actions.getCell("C3").value).toBe(HYPERLINK);
    expect(actions.getCell("C3").type).toBe(ExcelJS.ValueType.String);
    expect(actions.getCell("C2").value).toBe("Alpha SA");
    const customers = cellsOf(sheet(wb, "Customers"));
    expect(customers.map((r) => r[1])).toEqual(["name", "Alpha SA", HYPERLINK, "-5 Zéro"]);
    expect(cellsOf(sheet(wb, "Rejected"))[1]).toEqual(["invoices.csv", 9, "Montant", "=1+1", "not an amount"]);
    expect(cellsOf(sheet(wb, "Reminders"))[1]?.[2]).toBe(HYPERLINK);

    const parts = unzip(path);
    const sheets = [...parts.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    expect(sheets).toHaveLength(10);
    for (const name of sheets) expect(parts.get(name), name).not.toMatch(/<f[ >]/);
    // text is written in the cell as a string value, no formula: <c … t="str"><v>=HYPERLINK(…</v></c>
    const xml = sheets.map((n) => parts.get(n)).join("");
    expect(xml).toMatch(/t="str"><v>=HYPERLINK\(&quot;http:\/\/x&quot;\)<\/v><\/c>/);
    expect(parts.get("docProps/core.xml")).toContain("2026-03-31T00:00:00Z");
  });

  it("cuts long segment labels to 31 characters, uniquely", () => {
    const taken = new Set(["SUMMARY", "ACTIONS"]);
    expect(safeSheetName(LONG_A, taken)).toBe("Strategic accounts with long pa");
    expect(safeSheetName(LONG_A, taken)).toBe("Strategic accounts with lon (2)");
    expect(safeSheetName("strategic ACCOUNTS with long pa", taken)).toBe("strategic ACCOUNTS with lon (3)");
    expect(safeSheetName("summary", taken)).toBe("summary (2)");
    expect(safeSheetName("History", taken)).toBe("History (2)");
    expect(safeSheetName("'[?*]'", taken)).toBe("Segment");
    for (const name of taken) expect(name.length).toBeLessThanOrEqual(31);
  });

  it("sorts a segment sheet by overdue then open balance and shows the next action", async () => {
    await written;
    const south = cellsOf(sheet(await read(path), "Strategic accounts with lon (2)"));
    expect(south.slice(1).map((r) => r[0])).toEqual(["C2", "C3"]);
    const header = south[0]!;
    expect(south[1]![header.indexOf("Next action")]).toBe("email (step 1)");
    expect(south[2]![header.indexOf("Next action")]).toBeNull();
  });

  it("gives Summary totals equal to the documents' sums and states the reconciliation", async () => {
    await written;
    const r = report();
    const D = r.asOf;
    let amount = 0;
    let open = 0;
    for (const d of r.ledger.documents) {
      if (d.issue_date > D) continue;
      amount += d.amount;
      open += d.paid_date !== null ? (d.paid_date <= D ? 0 : d.amount) : (d.open_amount ?? d.amount);
    }
    expect(amount).toBe(cents(1200.1 + 500 + 333.33 + 80.05 - 10.02));
    const summary = cellsOf(sheet(await read(path), "Summary"));
    expect(summary[0]![0]).toBe("relance — run summary");
    const asOf = summary.find((row) => row[0] === "As-of date")!;
    expect((asOf[1] as Date).toISOString()).toBe("2026-03-31T00:00:00.000Z");
    const totals = summary.find((row) => row[0] === "All documents")!;
    expect(totals.slice(1, 5)).toEqual(["EUR", 5, amount / 100, open / 100]);
    const recon = summary.find((row) => typeof row[0] === "string" && row[0].startsWith("EUR: Σ open balance"));
    expect(recon?.[0]).toBe(`EUR: Σ open balance of the Customers sheet = Σ open amount of the documents = ${(open / 100).toFixed(2)}`);
    expect(summary.some((row) => typeof row[0] === "string" && row[0].startsWith("With rejected rows excluded: 1 input row"))).toBe(true);
    const files = summary.filter((row) => row[0] === "invoices.csv");
    expect(files[0]?.slice(1, 6)).toEqual(["invoices", 7, 6, 1, 1]);
    const segmentRows = summary.filter((row) => row[0] === LONG_A || row[0] === LONG_B);
    expect(segmentRows.map((row) => [row[0], row[2], row[8]])).toEqual([[LONG_A, 1, 1], [LONG_B, 2, 1]]);
  });

  it("gives the same cell values and the same XML when written twice", async () => {
    await written;
    const again = join(dir, "again.xlsx");
    await new Promise((done) => setTimeout(done, 2100)); // the zip's timestamps have a 2-second resolution
    await writeWorkbook(report(), again, []);
    expect(allValues(await read(again))).toEqual(allValues(await read(path)));
    expect(unzip(again)).toEqual(unzip(path));
  });

  it("refuses a missing folder with a UsageError and leaves no file", async () => {
    const base = tempDir();
    const target = join(base, "missing", "out.xlsx");
    const error = await rejection(writeWorkbook(report(), target, []), UsageError);
    expect(error.message).toContain(target);
    expect(error.message).toContain("folder does not exist");
    expect(existsSync(join(base, "missing"))).toBe(false);
    expect(readdirSync(base)).toEqual([]);
  });

  it("refuses to write over an input file", async () => {
    const base = tempDir();
    const target = join(base, "invoices.xlsx");
    await rejection(writeWorkbook(report(), target, [target]), UsageError);
    expect(readdirSync(base)).toEqual([]);
  });
});

describe("large sheets", () => {
  it("streams a sheet over 100,000 rows and still freezes, filters and types it", async () => {
    const r = report();
    const row = r.ledger.rejected[0]!;
    r.ledger.rejected = Array.from({ length: 100_001 }, (_, i) => ({ ...row, line: i + 2 }));
    const path = join(tempDir(), "big.xlsx");
    await writeWorkbook(r, path, []);
    const wb = await read(path);
    const rejected = sheet(wb, "Rejected");
    expect(rejected.rowCount).toBe(100_002);
    expect(rejected.getCell("D100002").value).toBe("=1+1");
    expect(rejected.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(rejected.autoFilter).toBeTruthy();
    expect(sheet(wb, "Actions").getCell("H2").value).toBeInstanceOf(Date);
    expect(sheet(wb, "Actions").getCell("I2").numFmt).toBe("#,##0.00");
    expect(sheet(wb, "Actions").getCell("S2").dataValidation).toMatchObject({ type: "list" });
    for (const [name, xml] of unzip(path)) if (name.startsWith("xl/worksheets/")) expect(xml, name).not.toMatch(/<f[ >]/);
  }, 120_000);

  it("refuses a missing folder on the streaming path too, leaving no file", async () => {
    const r = report();
    r.ledger.rejected = new Array(100_001).fill(r.ledger.rejected[0]!);
    const base = tempDir();
    const target = join(base, "missing", "big.xlsx");
    const error = await rejection(writeWorkbook(r, target, []), UsageError);
    expect(error.message).toBe(`cannot write ${target}: its folder does not exist.`);
    expect(readdirSync(base)).toEqual([]);
  }, 60_000);

  it("refuses a sheet over Excel's 1,048,575 data rows", async () => {
    const r = report();
    const row = r.ledger.rejected[0]!;
    r.ledger.rejected = new Array(1_048_576).fill(row);
    const base = tempDir();
    const error = await rejection(writeWorkbook(r, join(base, "huge.xlsx"), []), UsageError);
    expect(error.message).toMatch(/Rejected sheet would have 1,048,576 rows.*1,048,575/);
    expect(error.hint).toContain("--format csv");
    expect(readdirSync(base)).toEqual([]);
  }, 60_000);
});

const soffice = spawnSync("which", ["soffice"], { encoding: "utf8" }).stdout.trim();

describe.skipIf(soffice === "")("LibreOffice", () => {
  it("opens the workbook headless and reads every sheet (formula text stays text)", async () => {
    const dir = tempDir();
    const path = join(dir, "lo.xlsx");
    await writeWorkbook(report(), path, []);
    const profile = join(dir, "profile");
    // one CSV per sheet (the last filter token -1), UTF-8, comma-separated
    execFileSync(soffice, [
      `-env:UserInstallation=file://${profile}`, "--headless", "--norestore",
      "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
      "--outdir", dir, path,
    ], { stdio: "pipe", timeout: 180_000, env: { ...process.env, HOME: dir } });
    const csvs = readdirSync(dir).filter((f) => f.endsWith(".csv")).sort();
    expect(csvs).toHaveLength(10);
    const summary = readFileSync(join(dir, "lo-Summary.csv"), "utf8");
    expect(summary).toContain("2026-03-31");
    const actions = readFileSync(join(dir, "lo-Actions.csv"), "utf8");
    expect(actions).toContain('"=HYPERLINK(""http://x"")"');
    expect(actions).toContain("1,200.10");
    const customers = readFileSync(join(dir, "lo-Customers.csv"), "utf8");
    expect(customers).toContain("-5 Zéro");
  }, 240_000);
});

describe("buildWorkbookModel", () => {
  it("keeps money in cents and dates as Days in the model", () => {
    const sheets = buildWorkbookModel(report());
    const actions = sheets.find((s) => s.name === "Actions")!;
    expect(actions.rows[0]![7]).toBe(day(AS_OF) satisfies Day);
    expect(actions.rows[0]![8]).toBe(120010);
  });
});

describe("ownerPortfolios", () => {
  it("counts each owner's customers, actions, overdue amount and flags, per currency, owners in order", () => {
    const portfolios = ownerPortfolios([
      action({ id: "C2/EUR/1", customer_id: "C2", owner: "Joris", overdue_amount: 10000, invoices: ["F1"] }),
      action({ id: "C1/EUR/2", customer_id: "C1", owner: "Anna", overdue_amount: 2550, flag: "broken promise", invoices: ["F2"] }),
      action({ id: "C1/EUR/3", customer_id: "C1", owner: "Anna", overdue_amount: 2550, invoices: ["F2"] }),
      action({ id: "C3/GBP/1", customer_id: "C3", owner: "Anna", currency: "GBP", overdue_amount: 700, flag: "overdue work", invoices: ["F3"] }),
    ]);
    expect(portfolios).toEqual([
      { owner: "Anna", currency: "EUR", customers: 1, actions: 2, overdue: 5100, broken: 1, overdueWork: 0 },
      { owner: "Anna", currency: "GBP", customers: 1, actions: 1, overdue: 700, broken: 0, overdueWork: 1 },
      { owner: "Joris", currency: "EUR", customers: 1, actions: 1, overdue: 10000, broken: 0, overdueWork: 0 },
    ]);
  });
});
