/**
 * Three consecutive monthly runs on one export (as of 2026-08-31, 09-30, 10-31), the user's
 * work simulated by writing into each produced workbook with exceljs, as a collector would:
 *
 *   A  1000.00 due 08-21, unpaid      M1 step 1 → done; M2 step 2 now, step 3 on its day (horizon)
 *   B   100.00 due 08-21, unpaid      M1 step 1 → promised for 09-15; M2 broken: step 2, listed first
 *   C   500.00 due 08-21, paid 10-12  M1 step 1 → promised for 10-15; M2 quiet; M3 kept: nothing
 *   D   800.00 due 08-21, unpaid      M1 step 1 left to do, commented → M2 again, overdue work, comment carried
 *   E   pays 40 days late until July, then on time → slow at M1 (30.0), M2 (23.2); standard at M3 (13.0)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { hasStackTrace, runCli } from "../helpers/run-cli.js";

const MATRIX = "test/e2e/matrices/monthly.yaml";
const dir = mkdtempSync(join(tmpdir(), "relance-months-"));
const customers = join(dir, "customers.csv");
const invoices = join(dir, "invoices.csv");
writeFileSync(customers, [
  "Customer ID,Name,Language,Country,Owner",
  "A,Alpha SARL,fr,FR,Camille",
  "B,Beta BV,nl,NL,Camille",
  "C,Gamma GmbH,de,DE,Camille",
  "D,Delta SA,fr,FR,Camille",
  "E,Epsilon Ltd,en,GB,Camille",
].join("\n") + "\n");
const e = (n: number, issue: string, due: string, paid: string): string => `E,E-${n},Invoice,${issue},${due},300.00,0.00,${paid},no,EUR`;
writeFileSync(invoices, [
  "Customer ID,InvoiceNumber,Type,InvoiceDate,DueDate,Amount,AmountDue,PaidDate,Disputed,Currency",
  "A,A-1,Invoice,2026-07-22,2026-08-21,1000.00,1000.00,,no,EUR",
  "B,B-1,Invoice,2026-07-22,2026-08-21,100.00,100.00,,no,EUR",
  "C,C-1,Invoice,2026-07-22,2026-08-21,500.00,0.00,2026-10-12,no,EUR",
  "D,D-1,Invoice,2026-07-22,2026-08-21,800.00,800.00,,no,EUR",
  e(1, "2026-03-01", "2026-03-31", "2026-05-10"), // 40 days late
  e(2, "2026-04-01", "2026-05-01", "2026-06-10"), // 40
  e(3, "2026-05-01", "2026-05-31", "2026-07-10"), // 40
  e(4, "2026-08-01", "2026-08-31", "2026-08-31"), // 0
  e(5, "2026-08-15", "2026-09-14", "2026-09-10"), // −4
  e(6, "2026-09-01", "2026-10-01", "2026-10-05"), // +4
  e(7, "2026-09-15", "2026-10-15", "2026-10-10"), // −5
  e(8, "2026-10-01", "2026-10-31", "2026-10-20"), // −11
].join("\n") + "\n");

const base = (asOf: string): string[] => ["run", "--customers", customers, "--invoices", invoices, "--matrix", MATRIX, "--as-of", asOf];

interface JsonAction { action_id: string; customer_id: string; segment: string; step: number; action: string; planned_date: string; flag: string | null; comment: string; reason: string }

function runMonth(asOf: string, out: string, extra: string[] = []): { actions: JsonAction[]; stderr: string } {
  const r = runCli([...base(asOf), "--out", out, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  const json = runCli([...base(asOf), "--format", "json", "--quiet", ...extra]);
  expect(json.code, json.stderr).toBe(0);
  return { actions: JSON.parse(json.stdout) as JsonAction[], stderr: r.stderr };
}

type Edit = { status?: string; promise?: string; comment?: string };

/** What a collector does in the Actions sheet: fill in status, promise date, comment. */
async function edit(file: string, out: string, edits: Record<string, Edit>, change?: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet("Actions")!;
  const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ""));
  const col = (name: string): number => header.indexOf(name);
  const done = new Set<string>();
  ws.eachRow((row, n) => {
    const id = String(row.getCell(col("Action id")).value);
    const e = edits[id];
    if (n === 1 || !e) return;
    if (e.status) row.getCell(col("Status")).value = e.status;
    if (e.promise) row.getCell(col("Promise date")).value = new Date(`${e.promise}T00:00:00Z`);
    if (e.comment) row.getCell(col("Comment")).value = e.comment;
    done.add(id);
  });
  expect([...done].sort()).toEqual(Object.keys(edits).sort());
  change?.(ws, wb);
  await wb.xlsx.writeFile(out);
}

async function sheetRows(file: string, name: string): Promise<Record<string, unknown>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(name)!;
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n > 1) rows.push(Object.fromEntries(header.map((h, i) => [h, (row.values as unknown[])[i + 1] ?? null])));
  });
  return rows;
}

const byCustomer = (actions: JsonAction[], id: string): JsonAction[] => actions.filter((a) => a.customer_id === id);
const steps = (actions: JsonAction[], id: string): [number, string, string | null][] => byCustomer(actions, id).map((a) => [a.step, a.planned_date, a.flag]);

describe("three months with the user's edits in between", () => {
  const m1 = join(dir, "m1.xlsx");
  const m1e = join(dir, "m1-edited.xlsx");
  const m2 = join(dir, "m2.xlsx");
  const m2e = join(dir, "m2-edited.xlsx");
  const m3 = join(dir, "m3.xlsx");
  let month1: JsonAction[];
  let month2: JsonAction[];
  let month2stderr: string;
  let month3: JsonAction[];

  beforeAll(async () => {
    month1 = runMonth("2026-08-31", m1).actions;
    await edit(m1, m1e, {
      "A/EUR/1": { status: "done" },
      "B/EUR/1": { status: "promised", promise: "2026-09-15" },
      "C/EUR/1": { status: "promised", promise: "2026-10-15" },
      "D/EUR/1": { comment: "client en vacances jusqu'au 15/09" },
    });
    ({ actions: month2, stderr: month2stderr } = runMonth("2026-09-30", m2, ["--previous", m1e, "--horizon", "30"]));
    await edit(m2, m2e, { "A/EUR/2": { status: "done" }, "B/EUR/2": { status: "done" }, "D/EUR/1": { status: "done" } });
    month3 = runMonth("2026-10-31", m3, ["--previous", m2e]).actions;
  }, 60_000);

  it("month 1: one first reminder each for A, B, C, D; E (paid) nothing", () => {
    expect(month1.map((a) => [a.customer_id, a.step, a.planned_date]).sort()).toEqual([
      ["A", 1, "2026-08-31"], ["B", 1, "2026-08-31"], ["C", 1, "2026-08-31"], ["D", 1, "2026-08-31"],
    ]);
  });

  it("done → the next step now, and the one after on its day, no sooner than 7 days after the last contact", () => {
    // A-1 is 40 days late on 09-30: step 2 (day 15) is due; step 3 (day 45) falls due on 10-05,
    // but the step-2 contact on 09-30 pushes it to 10-07 (min_interval_days: 7)
    expect(steps(month2, "A")).toEqual([[2, "2026-09-30", null], [3, "2026-10-07", null]]);
  });

  it("promised → nothing before the promised day, said in the segment sheet", async () => {
    expect(byCustomer(month2, "C")).toEqual([]);
    const standard = await sheetRows(m2, "Standard");
    expect(standard.find((r) => r["Customer id"] === "C")!["Next action"]).toBe("payment promised for 2026-10-15");
  });

  it("a broken promise → flagged, escalated one step, listed first", () => {
    // then, within the 30-day horizon, the next step (day 45: 10-05) a week after this contact
    expect(steps(month2, "B")).toEqual([[2, "2026-09-30", "broken promise"], [3, "2026-10-07", null]]);
    expect(month2[0]!.customer_id).toBe("B");
    expect(byCustomer(month2, "B")[0]!.reason).toContain("broken promise: payment promised for 2026-09-15 not received (B-1)");
    // its priority alone would not put it first
    const priority = (id: string): number => (byCustomer(month2, id)[0] as unknown as { priority: number }).priority;
    expect(priority("B")).toBeLessThan(priority("A"));
  });

  it("left to do → planned again as overdue work, with the comment carried", () => {
    // one step at a time after a contact, a week apart: step 2 (fallen due) on 10-07, step 3 on 10-14
    expect(steps(month2, "D")).toEqual([[1, "2026-09-30", "overdue work"], [2, "2026-10-07", null], [3, "2026-10-14", null]]);
    const d = byCustomer(month2, "D")[0]!;
    expect(d.comment).toBe("client en vacances jusqu'au 15/09");
    expect(d.reason).toMatch(/overdue work: step 1 planned for 2026-08-31 not done \(Actions!\d+\)/);
  });

  it("writes the flag and the carried comment into the workbook, and reads last month's statuses into the Summary", async () => {
    const rows = await sheetRows(m2, "Actions");
    expect(rows[0]!["Customer id"]).toBe("B");
    expect(rows[0]!["Flag"]).toBe("broken promise");
    expect(rows.find((r) => r["Customer id"] === "D")!["Comment"]).toBe("client en vacances jusqu'au 15/09");
    expect(month2stderr).toContain("Carried over from");
    expect(month2stderr).toMatch(/1 done, 0 skipped, 2 promised; 1 broken promises, 1 steps overdue/);
  });

  it("month 3: a kept promise ends quietly, done steps are not repeated, the procedures go on", () => {
    expect(byCustomer(month3, "C")).toEqual([]); // C-1 paid on 10-12, before the promised 10-15
    // steps 2 done on 09-30; the horizon's steps planned for 10-07 left to do → overdue work
    expect(steps(month3, "A")).toEqual([[3, "2026-10-31", "overdue work"]]);
    expect(steps(month3, "B")).toEqual([[3, "2026-10-31", "overdue work"]]);
    // D: step 1 done on 09-30, steps 2 and 3 (10-07, 10-14) left to do: step 2 first
    expect(steps(month3, "D")).toEqual([[2, "2026-10-31", "overdue work"]]);
    expect(month3.every((a) => a.comment === "" || a.customer_id === "D")).toBe(true);
    expect(byCustomer(month3, "D")[0]!.comment).toBe("client en vacances jusqu'au 15/09");
  });

  it("a step done after the horizon's step: the next one on its day", () => {
    // month 2 re-run a week later with A's and B's steps 2 done: step 3 (day 45 = 10-05) is due,
    // and 7 days have passed since the 09-30 contact
    const r = runCli([...base("2026-10-07"), "--previous", m2e, "--format", "json", "--quiet"]);
    const actions = JSON.parse(r.stdout) as JsonAction[];
    expect(steps(actions, "A")).toEqual([[3, "2026-10-07", null]]);
    const early = runCli([...base("2026-10-06"), "--previous", m2e, "--format", "json", "--quiet"]);
    expect(steps(JSON.parse(early.stdout) as JsonAction[], "A")).toEqual([]); // 6 days after the contact: not yet
  });

  it("a customer paying on time again moves back, in Changes with the metric that moved it", async () => {
    const m2changes = await sheetRows(m2, "Changes");
    expect(m2changes).toEqual([]); // E still slow at 23.2 days
    const changes = await sheetRows(m3, "Changes");
    expect(changes).toEqual([
      // C paid C-1 52 days late: its first paid invoice makes it a slow payer
      { customer_id: "C", name: "Gamma GmbH", change: "moved", from: "Standard", to: "Slow payers", rule: "late", "metric changes": "avg_days_late – → 52.0" },
      { customer_id: "E", name: "Epsilon Ltd", change: "moved", from: "Slow payers", to: "Standard", rule: "others", "metric changes": "avg_days_late 23.2 → 13.0" },
    ]);
    const r = runCli([...base("2026-10-31"), "--previous", m2e, "--out", join(dir, "m3-again.xlsx")]);
    expect(r.stderr).toMatch(/│ Slow payers → Standard\s+│ 1\s+│/);
    expect(r.stderr).toMatch(/│ Standard → Slow payers\s+│ 1\s+│/);
  });
});

describe("idempotence", () => {
  const m1 = join(dir, "i1.xlsx");
  const m1e = join(dir, "i1-edited.xlsx");

  beforeAll(async () => {
    runMonth("2026-08-31", m1);
    await edit(m1, m1e, { "A/EUR/1": { status: "done" }, "B/EUR/1": { status: "done" } });
  });

  it("the same month with the same --previous gives the same actions", () => {
    const once = runCli([...base("2026-09-30"), "--previous", m1e, "--format", "json", "--quiet"]);
    const twice = runCli([...base("2026-09-30"), "--previous", m1e, "--format", "json", "--quiet"]);
    expect(once.code).toBe(0);
    expect(twice.stdout).toBe(once.stdout);
  });

  it("a day later, what was marked done is not planned again", () => {
    const r = runCli([...base("2026-09-01"), "--previous", m1e, "--format", "json", "--quiet"]);
    const actions = JSON.parse(r.stdout) as JsonAction[];
    expect(byCustomer(actions, "A")).toEqual([]);
    expect(byCustomer(actions, "B")).toEqual([]);
    expect(steps(actions, "C")).toEqual([[1, "2026-09-01", "overdue work"]]);
  });

  it("the same day again, with that day's own workbook, plans the same actions without flags", () => {
    const first = runCli([...base("2026-08-31"), "--format", "json", "--quiet"]);
    const again = runCli([...base("2026-08-31"), "--previous", m1, "--format", "json", "--quiet"]);
    expect(again.stdout).toBe(first.stdout);
  });
});

describe("a previous workbook the user reorganised", () => {
  const m1 = join(dir, "r1.xlsx");
  const plain = join(dir, "r1-plain.xlsx");
  const messy = join(dir, "r1-messy.xlsx");
  const edits: Record<string, Edit> = {
    "A/EUR/1": { status: "done" },
    "B/EUR/1": { status: "promised", promise: "2026-09-15" },
    "D/EUR/1": { comment: "rappeler" },
  };

  beforeAll(async () => {
    runMonth("2026-08-31", m1);
    await edit(m1, plain, edits);
    await edit(m1, messy, edits, (ws) => {
      // re-sorted rows (reversed), the Reason column deleted, Comment renamed in French, a column added
      const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ""));
      const data: unknown[][] = [];
      ws.eachRow((row, n) => { if (n > 1) data.push((row.values as unknown[]).slice(1)); });
      data.reverse();
      data.forEach((values, i) => { ws.getRow(i + 2).values = values as ExcelJS.CellValue[]; });
      ws.spliceColumns(header.indexOf("Reason"), 1);
      const comment = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? "")).indexOf("Comment");
      ws.getRow(1).getCell(comment).value = "Commentaire";
      const last = ws.getRow(1).cellCount + 1;
      ws.getRow(1).getCell(last).value = "Mes notes";
      ws.getRow(2).getCell(last).value = "à voir";
    });
  });

  it("is read the same way as the plain one", () => {
    const a = runCli([...base("2026-09-30"), "--previous", plain, "--format", "json", "--quiet"]);
    const b = runCli([...base("2026-09-30"), "--previous", messy, "--format", "json", "--quiet"]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    // the same actions; only the row cited for overdue work follows the re-sorted rows
    const rowsAway = (text: string): string => text.replace(/Actions!\d+/g, "Actions!n");
    expect(rowsAway(b.stdout)).toBe(rowsAway(a.stdout));
    expect(b.stdout).not.toBe(a.stdout);
    const actions = JSON.parse(b.stdout) as JsonAction[];
    expect(steps(actions, "B")).toEqual([[2, "2026-09-30", "broken promise"]]);
    expect(byCustomer(actions, "D")[0]!.comment).toBe("rappeler");
  });

  it("reports what it cannot understand with the cell, and treats it as not done", async () => {
    const odd = join(dir, "r1-odd.xlsx");
    await edit(m1, odd, { "A/EUR/1": { status: "maybe later" }, "C/EUR/1": { status: "promised" } });
    const r = runCli([...base("2026-09-30"), "--previous", odd, "--format", "json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: Actions!S\d+: status "maybe later" not understood \(to do, done, skipped, promised\); the action is treated as not done\./);
    expect(r.stderr).toMatch(/warning: Actions!S\d+: promised, but no promise date; the action is treated as not done/);
    const actions = JSON.parse(r.stdout) as JsonAction[];
    expect(steps(actions, "A")).toEqual([[1, "2026-09-30", "overdue work"]]);
  });

  it("without an Actions sheet: a clear error, exit 2, nothing written", async () => {
    const broken = join(dir, "r1-no-actions.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(m1);
    wb.removeWorksheet(wb.getWorksheet("Actions")!.id);
    await wb.xlsx.writeFile(broken);
    const out = join(dir, "never.xlsx");
    const r = runCli([...base("2026-09-30"), "--previous", broken, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${broken}: no "Actions" sheet (sheets: Summary,`);
    expect(r.stderr).toContain("Pass the workbook written by the previous `relance run`");
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it("a file that is not a workbook, or a later run's: exit 2 with the reason", () => {
    const notXlsx = runCli([...base("2026-09-30"), "--previous", invoices, "--format", "json"]);
    expect(notXlsx.code).toBe(2);
    expect(notXlsx.stderr).toContain(`--previous ${invoices}: not a readable .xlsx workbook`);
    const later = runCli([...base("2026-08-01"), "--previous", m1, "--format", "json"]);
    expect(later.code).toBe(2);
    expect(later.stderr).toContain("is the run as of 2026-08-31, after --as-of 2026-08-01");
    const explained = runCli(["explain", "A", ...base("2026-08-01").slice(1), "--previous", m1]);
    expect(explained.code).toBe(2);
    expect(explained.stderr).toContain("is the run as of 2026-08-31, after --as-of 2026-08-01");
  });
});

describe("manual overrides in the Overrides sheet", () => {
  const m1 = join(dir, "o1.xlsx");
  const withOverrides = join(dir, "o1-overrides.xlsx");
  const m2 = join(dir, "o2.xlsx");

  beforeAll(async () => {
    runMonth("2026-08-31", m1);
    await edit(m1, withOverrides, {}, (_ws, wb) => {
      const o = wb.getWorksheet("Overrides")!;
      o.getRow(2).values = ["A", "", "Slow payers", null, null, new Date("2026-12-31T00:00:00Z"), "surveillance"];
      o.getRow(3).values = ["B", "", null, new Date("2026-10-15T00:00:00Z"), null, null, "litige commercial"];
      o.getRow(4).values = ["D", "", null, null, "yes", null, "confié à Recouvr'Plus"];
      o.getRow(5).values = ["C", "", "Standard", null, null, new Date("2026-09-01T00:00:00Z"), "expired"];
    });
  });

  it("forces a segment (cited in the reason), pauses reminders, hands over to an agency; carried while in force", async () => {
    const r = runCli([...base("2026-09-30"), "--previous", withOverrides, "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const actions = JSON.parse(r.stdout) as JsonAction[];
    const a = byCustomer(actions, "A")[0]!;
    expect(a.segment).toBe("slow");
    expect(a.reason).toContain("segment forced by Overrides!2: surveillance");
    expect(byCustomer(actions, "B")).toEqual([]);
    expect(byCustomer(actions, "D")).toEqual([]);
    expect(r.stderr).toContain("Overrides!5: override for C expired on 2026-09-01; dropped.");
    expect(runCli([...base("2026-09-30"), "--previous", withOverrides, "--out", m2, "--quiet"]).code).toBe(0);
    const kept = await sheetRows(m2, "Overrides");
    expect(kept.map((o) => o["Customer id"])).toEqual(["A", "B", "D"]);
    const slow = await sheetRows(m2, "Slow payers");
    expect(slow.map((s) => s["Customer id"]).sort()).toEqual(["A", "E"]);
    const standard = await sheetRows(m2, "Standard");
    expect(standard.find((s) => s["Customer id"] === "D")!["Next action"]).toBe("handed to a collection agency (Overrides!4: confié à Recouvr'Plus)");
    expect(standard.find((s) => s["Customer id"] === "B")!["Next action"]).toBe("reminders paused until 2026-10-15 (Overrides!3: litige commercial)");
  });

  it("explain --previous shows what the run does: the forced segment, the pause", () => {
    const args = (id: string) => ["explain", id, ...base("2026-09-30").slice(1), "--previous", withOverrides, "--quiet"];
    const a = runCli(args("A"));
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain("Segment     Slow payers (slow), by override (Overrides!2)");
    // step 1 of August was left to do: planned again, flagged, in the forced segment
    expect(a.stdout).toMatch(/^Action {6}email \(step 1\) on 2026-09-30 by Camille, priority [\d.]+, overdue work: .*segment forced by Overrides!2: surveillance$/m);
    const b = runCli(args("B"));
    expect(b.stdout).toMatch(/^Action {6}none: reminders paused until 2026-10-15 \(Overrides!3: litige commercial\)$/m);
    const json = JSON.parse(runCli([...args("A"), "--format", "json"]).stdout) as { assignment: { segment: string }; actions: { step: number }[] };
    expect(json.assignment.segment).toBe("slow");
    expect(json.actions.map((x) => x.step)).toEqual([1]);
  });
});
