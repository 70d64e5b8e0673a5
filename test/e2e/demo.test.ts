import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { runCli } from "../helpers/run-cli.js";

describe("relance demo", () => {
  it("runs on the bundled French exports from any directory and writes relance-demo.xlsx", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "relance-demo-"));
    const r = runCli(["demo"], { cwd });
    expect(r.stderr).not.toMatch(/error/i); // data-quality warnings go to stderr
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("relance run as of 2026-10-31");
    expect(r.stdout).toMatch(/Written: relance-demo\.xlsx/);
    // the portfolio totals reconcile with fixtures/README.md (open amounts at the as-of date)
    expect(r.stdout).toMatch(/Total\W+\d+\W+EUR\W+511573\.41/);
    const file = join(cwd, "relance-demo.xlsx");
    expect(existsSync(file)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.slice(0, 2)).toEqual(["Summary", "Actions"]);
    expect(names.slice(-6)).toEqual(["Reminders", "Customers", "Changes", "Rejected", "Overrides", "relance-state"]);
  });
});
