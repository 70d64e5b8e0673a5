import { describe, expect, it } from "vitest";
import { METRIC_FIELDS } from "../../../src/metrics/types.js";
import { readStateRows, stateRows, type RunState } from "../../../src/previous/state-sheet.js";
import { day } from "../../helpers/ledger-builder.js";

const STATE: RunState = {
  asOf: day("2026-09-30"),
  actions: [{ action_id: "C1/EUR/2", customer_id: "C1", currency: "EUR", procedure: "firm", step: 2, step_day: 15, planned_date: day("2026-09-30"), invoices: ["F1", "F2"] }],
  followUps: [{
    customer_id: "C1", currency: "EUR", procedure: "firm", step_done: 1, step_day_done: 1, last_contact: day("2026-08-31"),
    invoices: ["F1"], promise: { date: day("2026-10-15"), step: 1, invoices: ["F1"] }, comment: "=rappeler \"jeudi\"",
  }],
  customers: [{ customer_id: "C1", currency: "EUR", segment: "slow", segment_label: "Slow payers", rule: "late", metrics: { avg_days_late: 12.5, open_balance: 123456, dso: null } }],
};

const cells = (rows: string[][]) => rows.map((r, i) => ({ kind: r[0], data: r[2], ref: `relance-state!C${i + 2}` }));

describe("the run's state sheet", () => {
  it("round-trips everything the next run needs", () => {
    const problems: string[] = [];
    const read = readStateRows(cells(stateRows(STATE)), problems);
    expect(problems).toEqual([]);
    expect(read.asOf).toBe(STATE.asOf);
    expect(read.actions).toEqual(STATE.actions);
    expect(read.followUps).toEqual(STATE.followUps);
    expect(read.customers[0]!.metrics).toMatchObject({ avg_days_late: 12.5, open_balance: 123456, dso: null, paid_count: null });
  });

  it("reports a damaged record with its cell and keeps the others", () => {
    const rows = stateRows(STATE);
    rows[1]![2] = "{not json";
    rows[2]![2] = JSON.stringify({ customer_id: "C1" });
    rows.push(["mystery", "", "{}"]);
    const problems: string[] = [];
    const read = readStateRows(cells(rows), problems);
    expect(problems).toEqual([
      "relance-state!C3: the run's state could not be read (not JSON); this record is ignored.",
      expect.stringMatching(/^relance-state!C4: the run's state could not be read \(.+\); this record is ignored\.$/),
      'relance-state!C6: the run\'s state could not be read (unknown record kind "mystery"); this record is ignored.',
    ]);
    expect(read.actions).toEqual([]);
    expect(read.followUps).toEqual([]);
    expect(read.customers).toHaveLength(1);
  });

  it("maps metrics by the field list it was written with; the fields it lacks are null", () => {
    const rows = [["run", "", JSON.stringify({ version: 1, as_of: "2026-09-30", metric_fields: ["dso", "no_such_field", "avg_days_late"] })], ["customer", "C1/EUR", JSON.stringify({ ...STATE.customers[0], metrics: [40, 1, 7.5] })]];
    const read = readStateRows(cells(rows), []);
    const none = Object.fromEntries(METRIC_FIELDS.map((f) => [f, null]));
    expect(read.customers[0]!.metrics).toStrictEqual({ ...none, dso: 40, avg_days_late: 7.5 });
  });
});
