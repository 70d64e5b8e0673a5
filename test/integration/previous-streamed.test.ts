/**
 * Last month's workbook is read back sheet by sheet through the streaming reader (only the
 * Actions, Overrides and state sheets). It must give what reading the whole workbook with
 * exceljs's document reader gives, on a workbook a collector has edited in Excel's ways:
 * statuses, promise dates as dates and as typed text, comments that look like formulas,
 * rows inserted above the header, an override filled in.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { parseIsoDay, type Day } from "../../src/ledger/day.js";
import { parsePrevious } from "../../src/previous/parse-previous.js";
import { readPrevious } from "../../src/previous/read-previous.js";
import type { Grid } from "../../src/previous/sheet-grid.js";
import { runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "relance-previous-"));
const written = join(dir, "run.xlsx");
const edited = join(dir, "run-edited.xlsx");
const NEXT_MONTH = parseIsoDay("2026-11-30") as Day;

/** The workbook as the document reader sees it: every sheet, every row with a value. */
async function wholeGrids(file: string): Promise<Grid[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.worksheets.map((ws) => {
    const rows: Grid["rows"] = [];
    ws.eachRow({ includeEmpty: false }, (row, number) => {
      const values = row.values;
      rows.push({ number, cells: Array.isArray(values) ? values.slice(1) : [] });
    });
    return { name: ws.name, rows };
  });
}

beforeAll(async () => {
  const r = runCli(["run", "--customers", "fixtures/en-iso/customers.csv", "--invoices", "fixtures/en-iso/invoices.csv", "--as-of", "2026-10-31", "--out", written, "--quiet"]);
  expect(r.code, r.stderr).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(written);
  const actions = wb.getWorksheet("Actions")!;
  const header = (actions.getRow(1).values as unknown[]).map((v) => String(v ?? ""));
  const col = (name: string): number => header.indexOf(name);
  const ids: string[] = [];
  actions.eachRow((row, n) => {
    if (n > 1) ids.push(String(row.getCell(col("Action id")).value));
  });
  expect(ids.length).toBeGreaterThanOrEqual(4);
  const rowOf = (id: string): ExcelJS.Row => actions.getRow(ids.indexOf(id) + 2);
  rowOf(ids[0]!).getCell(col("Status")).value = "done";
  rowOf(ids[0]!).getCell(col("Comment")).value = "=HYPERLINK(\"http://example.com\") called, Müller said 'next week'";
  rowOf(ids[1]!).getCell(col("Status")).value = "promised";
  rowOf(ids[1]!).getCell(col("Promise date")).value = new Date("2026-11-15T00:00:00Z");
  rowOf(ids[2]!).getCell(col("Promise date")).value = "20/11/2026"; // typed as text, day first
  rowOf(ids[3]!).getCell(col("Status")).value = "maybe later"; // not understood: reported
  actions.spliceRows(1, 0, ["Relances — octobre"], []); // a title and a blank row above the header
  const overrides = wb.getWorksheet("Overrides")!;
  overrides.getRow(2).values = ["C001", "", "", new Date("2026-12-15T00:00:00Z"), "oui", null, "on holiday"];
  await wb.xlsx.writeFile(edited);
});

describe("reading back last month's workbook", () => {
  it("streams the three sheets it needs and gives what the whole workbook gives", async () => {
    for (const file of [written, edited]) {
      const streamed = await readPrevious(file, NEXT_MONTH);
      expect(streamed).toEqual(parsePrevious(file, await wholeGrids(file)));
    }
  });

  it("reads the collector's edits (so the comparison above is not between two empty readings)", async () => {
    const previous = await readPrevious(edited, NEXT_MONTH);
    expect(previous.asOf).toBe(parseIsoDay("2026-10-31"));
    const statuses = previous.actions.map((a) => [a.status, a.promise_date]);
    expect(statuses.slice(0, 3)).toEqual([["done", null], ["promised", parseIsoDay("2026-11-15")], ["promised", parseIsoDay("2026-11-20")]]);
    expect(previous.actions[0]!.comment).toBe("=HYPERLINK(\"http://example.com\") called, Müller said 'next week'");
    expect(previous.actions[0]!.row).toBe("Actions!4");
    expect(previous.overrides).toEqual([{ customer_id: "C001", segment: null, pause_until: parseIsoDay("2026-12-15"), agency: true, until: null, note: "on holiday", source: "Overrides!2" }]);
    expect(previous.problems.some((p) => /status "maybe later" not understood/.test(p))).toBe(true);
    expect(previous.customers.length).toBeGreaterThan(0);
  });

  const soffice = spawnSync("which", ["soffice"], { encoding: "utf8" }).stdout.trim();
  it.skipIf(soffice === "")("reads the workbook saved again by LibreOffice (its own part names, shared strings) as the one written", async () => {
    const out = join(dir, "libreoffice");
    mkdirSync(out);
    execFileSync(soffice, ["--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, edited], { stdio: "ignore", timeout: 120_000, env: { ...process.env, HOME: dir } });
    const resaved = join(out, "run-edited.xlsx");
    const [before, after] = [await readPrevious(edited, NEXT_MONTH), await readPrevious(resaved, NEXT_MONTH)];
    expect(after).toEqual({ ...before, file: resaved });
    expect(after).toEqual(parsePrevious(resaved, await wholeGrids(resaved)));
  }, 180_000);
});
