/**
 * `relance run` end to end: the built CLI on the fixtures, the workbook read back with
 * exceljs and checked against what the exports say (computed here straight from the CSV
 * files, not from the tool's own model).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { parse as parseYaml } from "yaml";
import { hasStackTrace, ROOT, runCli } from "../helpers/run-cli.js";

const AS_OF = "2026-10-31";
const STARTER = "src/segmentation/starter/segments.yaml";
const ONE_PROCEDURE = "test/e2e/matrices/one-procedure.yaml";
const FR = ["--customers", "fixtures/fr-sage/clients.csv", "--invoices", "fixtures/fr-sage/factures.csv", "--as-of", AS_OF];
const EN = ["--customers", "fixtures/en-iso/customers.csv", "--invoices", "fixtures/en-iso/invoices.csv", "--payments", "fixtures/en-iso/payments.csv", "--as-of", AS_OF];

type Row = Record<string, string>;
const csv = (file: string): Row[] => Papa.parse<Row>(readFileSync(join(ROOT, file), "utf8"), { header: true, skipEmptyLines: true }).data;
const cents = (text: string): number => Math.round(Number(text) * 100);
const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** A sheet as plain values: header names → cell values, one object per data row. */
function records(ws: ExcelJS.Worksheet): Record<string, ExcelJS.CellValue>[] {
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const out: Record<string, ExcelJS.CellValue>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const values = row.values as ExcelJS.CellValue[];
    out.push(Object.fromEntries(header.map((h, i) => [h, values[i + 1] ?? null])));
  });
  return out;
}

/** Every cell of every sheet, as `sheet!A1 = value` lines: what "same sheet contents" compares. */
function contents(wb: ExcelJS.Workbook): string[] {
  const lines: string[] = [];
  for (const ws of wb.worksheets) {
    lines.push(`[${ws.name}] state=${ws.state} views=${JSON.stringify(ws.views)} filter=${JSON.stringify(ws.autoFilter)}`);
    ws.eachRow({ includeEmpty: true }, (row) => row.eachCell({ includeEmpty: true }, (cell) => {
      lines.push(`${ws.name}!${cell.address} = ${JSON.stringify(cell.value)} ${cell.numFmt ?? ""}`);
    }));
  }
  return lines;
}

async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name} in ${wb.worksheets.map((w) => w.name).join(", ")}`);
  return ws;
}

describe("relance run on the French export with the starter matrix", () => {
  const dir = mkdtempSync(join(tmpdir(), "relance-run-"));
  const out = join(dir, "run.xlsx");
  let wb: ExcelJS.Workbook;
  let summary = "";

  beforeAll(async () => {
    const r = runCli(["run", ...FR, "--matrix", STARTER, "--out", out]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(""); // the workbook is the data; the summary is a message (stderr)
    summary = r.stderr;
    wb = await readWorkbook(out);
  });

  it("writes every sheet of the contract, in order, segment sheets in the matrix's order", () => {
    const matrix = parseYaml(readFileSync(join(ROOT, STARTER), "utf8")) as { segments: Record<string, { label: string }> };
    const labels = Object.values(matrix.segments).map((s) => s.label);
    expect(labels).toHaveLength(8);
    // the contract's sheets, then the user's Overrides and the run's memory for --previous (very hidden)
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Summary", "Actions", ...labels, "Reminders", "Customers", "Changes", "Rejected", "Overrides", "relance-state"]);
    expect(wb.worksheets.map((w) => w.state)).toEqual([...Array(wb.worksheets.length - 1).fill("visible"), "veryHidden"]);
  });

  it("freezes the header and filters every data sheet; dates and amounts are real Excel values with formats", () => {
    for (const ws of wb.worksheets.filter((w) => w.name !== "Summary" && w.state === "visible")) {
      expect(ws.views[0]?.state, ws.name).toBe("frozen");
      expect((ws.views[0] as { ySplit?: number } | undefined)?.ySplit, ws.name).toBe(1);
      expect(ws.autoFilter, ws.name).toBeTruthy();
    }
    const actions = sheet(wb, "Actions");
    const header = (actions.getRow(1).values as string[]).slice(1);
    const col = (name: string): number => header.indexOf(name) + 1;
    const first = actions.getRow(2);
    expect(first.getCell(col("Planned date")).value).toBeInstanceOf(Date);
    expect(first.getCell(col("Planned date")).numFmt).toMatch(/yy/);
    expect(typeof first.getCell(col("Overdue amount")).value).toBe("number");
    expect(first.getCell(col("Overdue amount")).numFmt).toMatch(/0\.00/);
    // the user's columns: a status drop-down, a promise date, a comment
    expect(header.slice(-3)).toEqual(["Status", "Promise date", "Comment"]);
    const status = first.getCell(col("Status"));
    expect(status.value).toBe("to do");
    expect(status.dataValidation?.type).toBe("list");
    expect(status.dataValidation?.formulae?.[0]).toMatch(/to do,done,skipped,promised/);
  });

  it("sorts the Actions sheet and each segment sheet most urgent first", () => {
    const priorities = records(sheet(wb, "Actions")).map((r) => r["Priority"] as number);
    expect(priorities.length).toBeGreaterThan(5);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    const chronic = records(sheet(wb, "Retards chroniques")).map((r) => (r["Priority"] as number | null) ?? -1);
    expect(chronic).toEqual([...chronic].sort((a, b) => b - a));
  });

  it("gives Summary totals equal to the export's, per currency, to the cent, and says they reconcile", () => {
    // the same documents in the ISO dialect, summed here from the file itself
    const expected = new Map<string, { n: number; amount: number; open: number }>();
    for (const d of csv("fixtures/en-iso/invoices.csv")) {
      const t = expected.get(d["Currency"]!) ?? { n: 0, amount: 0, open: 0 };
      t.n += 1;
      t.amount += cents(d["Amount"]!);
      t.open += cents(d["AmountDue"]!);
      expected.set(d["Currency"]!, t);
    }
    const summary = sheet(wb, "Summary");
    const found = new Map<string, { n: number; amount: number; open: number }>();
    summary.eachRow((row) => {
      const v = row.values as ExcelJS.CellValue[];
      if (v[1] === "All documents") found.set(String(v[2]), { n: v[3] as number, amount: Math.round((v[4] as number) * 100), open: Math.round((v[5] as number) * 100) });
    });
    expect(found).toEqual(expected);
    const text = summary.getSheetValues().flat().filter((v): v is string => typeof v === "string").join("\n");
    expect(text).toContain("EUR: Σ open balance of the Customers sheet = Σ open amount of the documents = 511573.41");
    // and the Customers sheet does add up to it
    const open = records(sheet(wb, "Customers")).filter((r) => r["currency"] === "EUR").reduce((s, r) => s + Math.round((r["open_balance"] as number) * 100), 0);
    expect(open).toBe(expected.get("EUR")!.open);
  });

  it("counts, per segment in the Summary, the actions of the Actions sheet", () => {
    const actions = records(sheet(wb, "Actions"));
    const bySegment = new Map<string, number>();
    for (const a of actions) bySegment.set(a["Segment"] as string, (bySegment.get(a["Segment"] as string) ?? 0) + 1);
    const planned = new Map<string, number>();
    let inSegments = false;
    sheet(wb, "Summary").eachRow((row) => {
      const v = row.values as ExcelJS.CellValue[];
      if (v[1] === "Segment") inSegments = v[9] === "Actions planned";
      else if (inSegments && typeof v[9] === "number") planned.set(String(v[1]), (planned.get(String(v[1])) ?? 0) + v[9]);
    });
    expect(planned.size).toBe(8);
    for (const [segment, n] of bySegment) expect(planned.get(segment), segment).toBe(n);
    expect([...planned.values()].reduce((s, n) => s + n, 0)).toBe(actions.length);
  });

  it("drafts each reminder in the customer's language, amounts and dates written the local way", () => {
    const drafts = new Map(records(sheet(wb, "Reminders")).map((r) => [r["Customer id"] as string, r]));
    const fr = drafts.get("C016")!; // Garage Mécanique Benoît, FR
    expect(fr["Language"]).toBe("fr");
    expect(fr["Subject"]).toMatch(/^Deuxième relance/);
    expect(fr["Body"]).toContain("Madame, Monsieur,");
    expect(fr["Body"]).toContain("1\u202F487,18 €"); // `1 234,56 €`: a narrow no-break space between thousands
    expect(fr["Body"]).toContain("09/10/2026");
    expect(fr["Body"]).toContain("article L441-10 du Code de commerce");
    const nl = drafts.get("C018")!; // Bouwbedrijf Peeters NV: Dutch-speaking, in Belgium
    expect(nl["Language"]).toBe("nl");
    expect(nl["Body"]).toContain("Geachte heer, mevrouw,");
    expect(nl["Body"]).toMatch(/€ 1\.855,47/);
    expect(nl["Body"]).toContain("25-09-2026");
    expect(nl["Body"]).not.toContain("6:119a BW"); // Belgian law, not Dutch
    expect(nl["Body"]).toMatch(/2 augustus 2002/);
    const de = drafts.get("C026")!; // Schäfer Maschinenbau GmbH, DE
    expect(de["Language"]).toBe("de");
    expect(de["Body"]).toMatch(/Sehr geehrte Damen und Herren/);
    expect(de["Body"]).toMatch(/2\.609,44\s€/);
    expect(de["Body"]).toContain("31.10.2026");
    for (const [id, d] of drafts) expect(d["Body"], id).not.toMatch(/\{\{|\}\}|undefined|NaN|null/);
  });

  it("keeps names that look like formulas as text in every sheet, and writes no formula anywhere", () => {
    const customers = records(sheet(wb, "Customers"));
    expect(customers.find((r) => r["customer_id"] === "C006")!["name"]).toBe('=HYPERLINK("http://x") SARL');
    expect(customers.find((r) => r["customer_id"] === "C007")!["name"]).toBe("-Zéro Défaut SAS");
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => row.eachCell((cell) => expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula)));
    }
  });

  it("prints a table per segment with customers, open, overdue and actions, and the output path", () => {
    expect(summary).toMatch(/│ segment\s+│ customers │ currency │ open\s+│ overdue\s+│ actions │/);
    expect(summary).toMatch(/│ Retards chroniques\s+│ 7\s+│ EUR\s+│ 33730\.28\s+│ 16488\.50 │ 6\s+│/);
    expect(summary).toMatch(/13 actions, 6 reminder drafts; 0 input rows rejected\./);
    expect(summary).toMatch(/│ Responsable crédit │ EUR\s+│ 8\s+│ 8\s+│ 18962\.64 │ 0\s+│/);
    expect(summary).toContain(`Written: ${out}`);
    expect(summary).not.toMatch(/\u001b\[/); // no colour when not on a terminal
  });

  it("prints nothing of Node's own: the bundled CLI triggers no deprecation or experimental warning", () => {
    // Node shows a dependency's deprecation warning only when the calling code lies outside
    // node_modules, which is where bundling exceljs (its zip writer calls `new Buffer`) put it
    expect(summary).not.toMatch(/\(node:\d+\)|Warning:/);
  });

  it("gives identical sheet contents, and the same bytes, when run twice on the same inputs", async () => {
    const again = join(dir, "again.xlsx");
    expect(runCli(["run", ...FR, "--matrix", STARTER, "--out", again, "--quiet"]).code).toBe(0);
    expect(contents(await readWorkbook(again))).toEqual(contents(wb));
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true); // the very same bytes
  });

  const soffice = spawnSync("which", ["soffice"], { encoding: "utf8" }).stdout.trim();
  it.skipIf(soffice === "")("opens in LibreOffice headless (converted to PDF without complaint)", () => {
    const pdfDir = mkdtempSync(join(tmpdir(), "relance-pdf-"));
    const log = execFileSync(soffice, ["--headless", "--norestore", `-env:UserInstallation=file://${pdfDir}/profile`, "--convert-to", "pdf", "--outdir", pdfDir, out], {
      encoding: "utf8", timeout: 120_000, stdio: ["ignore", "pipe", "pipe"],
    });
    expect(log).toContain("convert");
    expect(readdirSync(pdfDir)).toContain("run.pdf");
    expect(readFileSync(join(pdfDir, "run.pdf")).subarray(0, 5).toString()).toBe("%PDF-");
  }, 150_000);
});

describe("relance run: one action per customer with a step due", () => {
  let actions: Array<Record<string, unknown> & { customer_id: string; invoices: Array<{ invoice_id: string }>; disputed_invoices: string[] }>;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "relance-run-"));
    const json = runCli(["run", ...EN, "--matrix", ONE_PROCEDURE, "--format", "json", "--quiet"]);
    expect(json.code).toBe(0);
    actions = JSON.parse(json.stdout);
    const out = join(dir, "one.xlsx");
    expect(runCli(["run", ...EN, "--matrix", ONE_PROCEDURE, "--out", out, "--quiet"]).code).toBe(0);
    wb = await readWorkbook(out);
  });

  it("plans exactly one action for every customer and currency with an undisputed invoice at least a day overdue that credits do not cover", () => {
    // straight from the export: open amounts per document (credit notes are negative)
    const asOf = dayNumber(AS_OF);
    const overdue = new Map<string, { amount: number; invoices: string[]; disputed: string[]; credit: number }>();
    const at = (key: string) => overdue.get(key) ?? (overdue.set(key, { amount: 0, invoices: [], disputed: [], credit: 0 }).get(key)!);
    for (const d of csv("fixtures/en-iso/invoices.csv")) {
      const open = cents(d["AmountDue"]!);
      const key = `${d["Customer ID"]}/${d["Currency"]}`;
      if (open < 0) at(key).credit -= open;
      if (open <= 0) continue;
      const due = d["DueDate"] ? dayNumber(d["DueDate"]) : null;
      if (due === null || asOf - due < 1) continue; // (the derived due dates of the fixture are not overdue ones)
      if (d["Disputed"] === "yes") at(key).disputed.push(d["InvoiceNumber"]!);
      else { at(key).amount += open; at(key).invoices.push(d["InvoiceNumber"]!); }
    }
    const expected = [...overdue].filter(([, o]) => o.amount > o.credit).map(([k]) => k).sort();
    expect(expected.length).toBeGreaterThanOrEqual(10);
    const planned = actions.map((a) => `${a.customer_id}/${a["currency"]}`).sort();
    expect(planned).toEqual(expected); // one each, none twice
    for (const a of actions) {
      const o = overdue.get(`${a.customer_id}/${a["currency"]}`)!;
      expect(a.invoices.map((i) => i.invoice_id).sort(), a.customer_id).toEqual([...o.invoices].sort());
      expect([...a.disputed_invoices].sort(), a.customer_id).toEqual([...o.disputed].sort());
    }
    // the customers the fixture describes as only disputed or offset get none
    const onlyDisputedOrOffset = [...overdue].filter(([, o]) => (o.invoices.length === 0 && o.disputed.length > 0) || (o.amount > 0 && o.amount <= o.credit)).map(([k]) => k);
    expect(onlyDisputedOrOffset.length).toBeGreaterThan(0);
    for (const k of onlyDisputedOrOffset) expect(planned, k).not.toContain(k);
  });

  it("writes the same action list in the workbook as on stdout, and one draft per action that sends text", () => {
    const rows = records(sheet(wb, "Actions"));
    expect(rows.map((r) => r["Action id"])).toEqual(actions.map((a) => a["action_id"]));
    const drafts = records(sheet(wb, "Reminders"));
    expect(drafts.map((r) => r["Action id"])).toEqual(actions.filter((a) => a["template"] !== null).map((a) => a["action_id"]));
    const language = new Map(csv("fixtures/en-iso/customers.csv").map((c) => [c["Customer ID"]!, c["Language"]!]));
    for (const d of drafts) expect(d["Language"], String(d["Customer id"])).toBe(language.get(d["Customer id"] as string));
    const greeting: Record<string, RegExp> = { fr: /^Madame, Monsieur,$/m, nl: /^Geachte heer, mevrouw,$/m, de: /^Sehr geehrte Damen und Herren,$/m, en: /^Dear Sir or Madam,$/m };
    expect(new Set(drafts.map((d) => d["Language"]))).toEqual(new Set(["fr", "nl", "de", "en"]));
    for (const d of drafts) expect(d["Body"], String(d["Customer id"])).toMatch(greeting[d["Language"] as string]!);
  });
});

describe("relance run on a hand-made ledger", () => {
  // A: two overdue invoices → one action with both. B: overdue but fully offset by a credit
  // note → nothing. C: only a disputed overdue invoice → nothing. D: all paid → nothing.
  // E: due in 5 days → nothing today, a pre-due step with --horizon 7 (planned on its day).
  const dir = mkdtempSync(join(tmpdir(), "relance-hand-"));
  const customers = join(dir, "customers.csv");
  const invoices = join(dir, "invoices.csv");
  const matrix = join(dir, "segments.yaml");
  writeFileSync(customers, [
    "Customer ID,Name,Language,Country,Owner",
    "A,Alpha SARL,fr,FR,Camille",
    "B,Beta BV,nl,NL,Joris",
    "C,Gamma GmbH,de,DE,Sarah",
    "D,Delta Ltd,en,GB,Sarah",
    "E,Epsilon SA,fr,BE,Camille",
  ].join("\n") + "\n");
  writeFileSync(invoices, [
    "Customer ID,InvoiceNumber,Type,InvoiceDate,DueDate,Amount,AmountDue,PaidDate,Disputed,Currency",
    "A,A-1,Invoice,2026-08-01,2026-08-31,1234.56,1234.56,,no,EUR",
    "A,A-2,Invoice,2026-09-01,2026-10-01,100.00,40.00,,no,EUR",
    "B,B-1,Invoice,2026-09-01,2026-10-01,500.00,500.00,,no,EUR",
    "B,B-2,Credit Note,2026-10-10,2026-10-10,-600.00,-600.00,,no,EUR",
    "C,C-1,Invoice,2026-08-01,2026-08-31,800.00,800.00,,yes,EUR",
    "D,D-1,Invoice,2026-08-01,2026-08-31,300.00,0.00,2026-09-05,no,GBP",
    "E,E-1,Invoice,2026-10-06,2026-11-05,250.00,250.00,,no,EUR",
  ].join("\n") + "\n");
  writeFileSync(matrix, [
    "version: 1",
    "segments:",
    "  all: { label: All, procedure: p, owner: \"{{owner}}\" }",
    "rules:",
    "  - segment: all",
    "procedures:",
    "  p:",
    "    steps:",
    "      - { day: -3, action: email, template: pre_due }",
    "      - { day: 1, action: email, template: reminder_1 }",
    "      - { day: 30, action: registered_letter, template: formal_notice, late_interest: true, fixed_compensation: 40 }",
  ].join("\n") + "\n");
  const args = ["--customers", customers, "--invoices", invoices, "--matrix", matrix, "--as-of", AS_OF, "--format", "json", "--quiet"];

  it("plans one action for A with both invoices, none for the offset, disputed-only, paid and not-yet-due customers", () => {
    const r = runCli(["run", ...args]);
    expect(r.code).toBe(0);
    const actions = JSON.parse(r.stdout) as Array<Record<string, unknown> & { invoices: Array<Record<string, unknown>> }>;
    expect(actions.map((a) => a["customer_id"])).toEqual(["A"]);
    const a = actions[0]!;
    expect(a["action"]).toBe("registered_letter"); // A-1 is 61 days late: step 3 (day 30)
    expect(a["owner"]).toBe("Camille");
    expect(a.invoices.map((i) => i["invoice_id"])).toEqual(["A-1", "A-2"]);
    expect(a["overdue_amount"]).toBe(1274.56);
    expect(a["compensation"]).toBe(80); // €40 per late invoice (FR)
    // FR rate 2026 H2 = ECB 2.15 + 10 = 12.15 %; A-1 61 days on 1234.56 → 25.07; A-2 30 days on 40.00 → 0.40
    expect(a.invoices.map((i) => i["interest"])).toEqual([25.07, 0.4]);
    expect(a["amount_due"]).toBe(1274.56 + 80 + 25.47);
  });

  it("takes the statutory rate from the matrix's interest_rates where given, and refuses an unknown country", () => {
    const custom = join(mkdtempSync(join(tmpdir(), "relance-rates-")), "rates.yaml");
    writeFileSync(custom, readFileSync(matrix, "utf8") + "interest_rates:\n  France: { \"2026-07-01\": 8 }\n");
    const r = runCli(["run", ...args.map((x) => (x === matrix ? custom : x))]);
    expect(r.code).toBe(0);
    const [a] = JSON.parse(r.stdout) as Array<{ invoices: Array<Record<string, unknown>> }>;
    // 8 %: A-1 1234.56 × 0.08 × 61 / 365 = 16.506 → 16.51; A-2 40.00 × 0.08 × 30 / 365 = 0.263 → 0.26
    expect(a!.invoices.map((i) => i["interest"])).toEqual([16.51, 0.26]);
    writeFileSync(custom, readFileSync(matrix, "utf8") + "interest_rates:\n  Atlantis: { \"2026-07-01\": 8 }\n");
    const bad = runCli(["run", ...args.map((x) => (x === matrix ? custom : x))]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${custom}:13:3: unknown country "Atlantis"`);
  });

  it("with --horizon 7 also plans E's pre-due e-mail and first reminder, each on its day", () => {
    const r = runCli(["run", ...args, "--horizon", "7"]);
    expect(r.code).toBe(0);
    const actions = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    // E-1 falls due on 2026-11-05: the pre-due e-mail on day −3 (11-02), the first reminder on day 1 (11-06)
    const e = actions.filter((a) => a["customer_id"] === "E").sort((x, y) => Number(x["step"]) - Number(y["step"]));
    expect(e).toHaveLength(2);
    expect(e[0]).toMatchObject({ action: "email", template: "pre_due", planned_date: "2026-11-02", overdue_amount: 0, country: "BE", language: "fr" });
    expect(e[1]).toMatchObject({ action: "email", template: "reminder_1", planned_date: "2026-11-06", overdue_amount: 250 });
    expect(actions.filter((a) => a["customer_id"] !== "E").map((a) => a["customer_id"])).toEqual(["A"]);
  });

  it("writes the action list as CSV for pipes, guarding text that a spreadsheet would run", () => {
    writeFileSync(customers, readFileSync(customers, "utf8").replace("Alpha SARL", "=cmd|' /C calc'!A0"));
    const r = runCli(["run", ...args.map((x) => (x === "json" ? "csv" : x))]);
    expect(r.code).toBe(0);
    const [header, line] = r.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^action_id,customer_id,customer_name,currency,segment,owner,action,step,/);
    expect(line).toContain(`,'=cmd|' /C calc'!A0,`);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("refuses to write the workbook over an input and leaves nothing behind", () => {
    const r = runCli(["run", ...args.slice(0, -3), "--out", invoices]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/input/);
    expect(readFileSync(invoices, "utf8")).toContain("A,A-1,Invoice");
    expect(readdirSync(dir).sort()).toEqual(["customers.csv", "invoices.csv", "segments.yaml"]);
    expect(existsSync(join(dir, `relance-${AS_OF}.xlsx`))).toBe(false);
  });

  it("under --strict --quiet (cron), names the rejected rows in the error itself", () => {
    const r = runCli(["run", "--customers", "test/bad-inputs/valid-customers.csv", "--invoices", "test/bad-inputs/too-many-fields.csv", "--as-of", AS_OF, "--format", "json", "--strict", "--quiet"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: 1 input row was rejected and --strict is on:\n {2}test\/bad-inputs\/too-many-fields\.csv:3: row has 6 fields but the header has 5/m);
    expect(r.stderr).toContain("how to fix: Fix these rows in the export");
  });

  it("prints the creditor's details from the matrix in the drafts, and refuses an IBAN whose check digits are wrong", async () => {
    const custom = join(mkdtempSync(join(tmpdir(), "relance-creditor-")), "segments.yaml");
    const creditor = ["creditor:", '  name: "Relance Démo SAS"', '  iban: "FR76 3000 6000 0112 3456 7890 189"', "  bic: AGRIFRPPXXX", "  email: compta@relance-demo.fr", '  phone: "+33 1 23 45 67 89"'];
    writeFileSync(custom, readFileSync(matrix, "utf8") + creditor.join("\n") + "\n");
    const out = join(dir, "creditor.xlsx");
    const r = runCli(["run", "--customers", customers, "--invoices", invoices, "--matrix", custom, "--as-of", AS_OF, "--out", out, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    const drafts = records(sheet(await readWorkbook(out), "Reminders"));
    const body = String(drafts.find((d) => d["Customer id"] === "A")!["Body"]);
    expect(body).toContain("Relance Démo SAS");
    expect(body).toContain("IBAN : FR76 3000 6000 0112 3456 7890 189");
    expect(body).toContain("BIC : AGRIFRPPXXX");
    expect(body).toContain("compta@relance-demo.fr");
    expect(body).not.toContain("[à compléter]");
    rmSync(out);
    writeFileSync(custom, readFileSync(custom, "utf8").replace("7890 189", "7890 188"));
    const bad = runCli(["validate", custom]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${custom}:14:9: "FR76 3000 6000 0112 3456 7890 188" is not a valid IBAN (its check digits do not match)`);
  });
});
