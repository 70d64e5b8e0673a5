import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/errors.js";
import { parsePrevious } from "../../../src/previous/parse-previous.js";
import type { Grid } from "../../../src/previous/sheet-grid.js";
import { stateRows, type StateAction } from "../../../src/previous/state-sheet.js";
import { day } from "../../helpers/ledger-builder.js";

const PLANNED = day("2026-08-31");
const action = (id: string, step: number, invoices: string[]): StateAction => {
  const [customer, currency] = id.split("/");
  return { action_id: id, customer_id: customer!, currency: currency!, procedure: "p", step, step_day: step * 10, planned_date: PLANNED, invoices };
};
const STATE_ACTIONS = [action("A/EUR/1", 1, ["A-1"]), action("B/EUR/2", 2, ["B-1", "B-2"]), action("C/EUR/1", 1, ["C-1"]), action("D/EUR/3", 3, ["D-1"])];

function state(actions = STATE_ACTIONS): Grid {
  const rows = stateRows({ asOf: PLANNED, actions, followUps: [], customers: [] });
  return { name: "relance-state", rows: [{ number: 1, cells: ["kind", "key", "data"] }, ...rows.map((cells, i) => ({ number: i + 2, cells }))] };
}

const HEADER = ["Action id", "Customer id", "Step", "Planned date", "Invoices", "Status", "Promise date", "Comment"];
function actions(rows: unknown[][], header: unknown[] = HEADER): Grid {
  return { name: "Actions", rows: [{ number: 1, cells: header }, ...rows.map((cells, i) => ({ number: i + 2, cells }))] };
}

describe("parsePrevious", () => {
  it("reads the user's status, promise and comment for each action the run planned, rows in any order", () => {
    const run = parsePrevious("m1.xlsx", [
      actions([
        ["C/EUR/1", "C", 1, new Date("2026-08-31T00:00:00Z"), "C-1", "Promis", new Date("2026-09-20T00:00:00Z"), "paiera le 20"],
        ["A/EUR/1", "A", 1, new Date("2026-08-31T00:00:00Z"), "A-1", "done", null, null],
        ["B/EUR/2", "B", 2, new Date("2026-08-31T00:00:00Z"), "B-1, B-2", "", null, "absent"],
        ["D/EUR/3", "D", 3, new Date("2026-08-31T00:00:00Z"), "D-1", "Erledigt", null, null],
      ]),
      state(),
    ]);
    expect(run.problems).toEqual([]);
    expect(run.asOf).toBe(PLANNED);
    expect(run.actions.map((a) => [a.action_id, a.status, a.promise_date, a.comment, a.row])).toEqual([
      ["A/EUR/1", "done", null, "", "Actions!3"],
      ["B/EUR/2", "to do", null, "absent", "Actions!4"],
      ["C/EUR/1", "promised", day("2026-09-20"), "paiera le 20", "Actions!2"],
      ["D/EUR/3", "done", null, "", "Actions!5"],
    ]);
    expect(run.actions[1]!.invoices).toEqual(["B-1", "B-2"]);
  });

  it("reports, with the cell, what it cannot understand, and treats it as not done", () => {
    const run = parsePrevious("m1.xlsx", [
      actions([
        ["A/EUR/1", "A", 1, null, null, "peut-être", null, null],
        ["B/EUR/2", "B", 2, null, null, "promised", null, null],
        ["C/EUR/1", "C", 1, null, null, "", "bientôt", null],
        ["Z/EUR/9", "Z", 9, null, null, "done", null, null],
        ["", "", null, null, null, "done", null, null],
        ["A/EUR/1", "A", 1, null, null, "done", null, null],
      ]),
      state(),
    ]);
    expect(run.problems).toEqual([
      'Actions!F2: status "peut-être" not understood (to do, done, skipped, promised); the action is treated as not done.',
      "Actions!F3: promised, but no promise date; the action is treated as not done (fill the promise date).",
      'Actions!G4: promise date "bientôt" is not a date (write it as a date, or yyyy-mm-dd / dd/mm/yyyy); it is ignored.',
      "Actions!A6: no action id; the row is ignored.",
      "Actions!A7: action A/EUR/1 appears a second time; the first row (Actions!2) is used.",
      "Actions: action D/EUR/3 has no row any more (deleted?); it is treated as not done.",
      "Actions!A5: action Z/EUR/9 was not planned by the previous run; the row is ignored.",
    ]);
    expect(run.actions.map((a) => a.status)).toEqual(["to do", "to do", "to do", "to do"]);
    expect(run.actions[3]!.row).toBeNull();
  });

  it("reads a promise date left with the status 'to do' as a promise, and says so", () => {
    const run = parsePrevious("m1.xlsx", [actions([["A/EUR/1", "A", 1, null, null, "to do", "20/09/2026", null]]), state([STATE_ACTIONS[0]!])]);
    expect(run.actions[0]).toMatchObject({ status: "promised", promise_date: day("2026-09-20") });
    expect(run.problems).toEqual(['Actions!G2: a promise date with the status left at "to do"; read as promised.']);
  });

  it("finds renamed (French) and moved columns, and says which ones are missing", () => {
    const run = parsePrevious("m1.xlsx", [
      actions([["done", "A/EUR/1", "x"]], ["Statut", "Action id", "Mes notes"]),
      state([STATE_ACTIONS[0]!]),
    ]);
    expect(run.actions[0]!.status).toBe("done");
    expect(run.problems).toEqual([
      'Actions!A1: no "Promise date" column in the header row (promise dates cannot be read).',
      'Actions!A1: no "Comment" column in the header row (comments cannot be read).',
    ]);
  });

  it("without the state sheet, reads the actions from their rows", () => {
    const run = parsePrevious("m1.xlsx", [actions([
      ["A/EUR/2", "A", 2, new Date("2026-08-31T00:00:00Z"), "A-1, A-2", "done", null, null],
      ["bad id", "B", 1, new Date("2026-08-31T00:00:00Z"), "B-1", "done", null, null],
    ])]);
    expect(run.asOf).toBeNull();
    expect(run.actions).toEqual([expect.objectContaining({ action_id: "A/EUR/2", customer_id: "A", currency: "EUR", step: 2, planned_date: PLANNED, invoices: ["A-1", "A-2"], status: "done", procedure: "" })]);
    expect(run.problems[0]).toMatch(/no relance-state sheet/);
    expect(run.problems[1]).toBe("Actions!A3: action bad id cannot be read without the run's state (an id like C001/EUR/3 and a planned date are needed); the row is ignored.");
  });

  it("refuses a workbook without an Actions sheet, naming the sheets it has", () => {
    expect(() => parsePrevious("m1.xlsx", [{ name: "Feuil1", rows: [] }])).toThrow(UsageError);
    expect(() => parsePrevious("m1.xlsx", [{ name: "Feuil1", rows: [] }])).toThrow('m1.xlsx: no "Actions" sheet (sheets: Feuil1).');
  });

  it("reads overrides: segment, pause, agency, expiry; reports rows it cannot use", () => {
    const overrides: Grid = {
      name: "Overrides",
      rows: [
        { number: 1, cells: ["Customer id", "Name", "Force segment", "Pause reminders until", "Collection agency", "Until", "Note"] },
        { number: 2, cells: ["A", "Alpha", "Slow payers", null, null, "31/12/2026", "watch"] },
        { number: 3, cells: ["B", null, null, new Date("2026-10-15T00:00:00Z"), "no", null, null] },
        { number: 4, cells: ["C", null, null, null, "Oui", null, null] },
        { number: 5, cells: ["D", null, null, null, "maybe", null, null] },
        { number: 6, cells: [null, "orphan", "Standard", null, null, null, null] },
      ],
    };
    const run = parsePrevious("m1.xlsx", [actions([]), state([]), overrides]);
    expect(run.overrides).toEqual([
      { customer_id: "A", segment: "Slow payers", pause_until: null, agency: false, until: day("2026-12-31"), note: "watch", source: "Overrides!2" },
      { customer_id: "B", segment: null, pause_until: day("2026-10-15"), agency: false, until: null, note: "", source: "Overrides!3" },
      { customer_id: "C", segment: null, pause_until: null, agency: true, until: null, note: "", source: "Overrides!4" },
    ]);
    expect(run.problems).toEqual([
      'Overrides!E5: "maybe" is neither yes nor no; read as no.',
      "Overrides!A5: override for D sets nothing (a segment, a pause date or the collection agency); ignored.",
      "Overrides!A6: no customer id; the override is ignored.",
    ]);
  });
});
