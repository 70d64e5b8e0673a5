import { describe, expect, it } from "vitest";
import { cellDay, cellRef, cellText, columnLetter, findColumns } from "../../../src/previous/sheet-grid.js";
import { day } from "../../helpers/ledger-builder.js";

describe("cells of a workbook read back", () => {
  it("names columns and cells as Excel does", () => {
    expect([0, 25, 26, 51, 701, 702].map(columnLetter)).toEqual(["A", "Z", "AA", "AZ", "ZZ", "AAA"]);
    expect(cellRef("Actions", 7, 18)).toBe("Actions!S7");
    expect(cellRef("Payeurs lents", 2, 0)).toBe("'Payeurs lents'!A2");
    expect(cellRef("L'été", 2, 0)).toBe("'L''été'!A2");
  });

  it("reads text from strings, rich text, hyperlinks, cached formula results and dates", () => {
    expect(cellText("  done ")).toBe("done");
    expect(cellText({ richText: [{ text: "pro" }, { text: "mised" }] })).toBe("promised");
    expect(cellText({ text: "C001", hyperlink: "http://x" })).toBe("C001");
    expect(cellText({ formula: "A1", result: "done" })).toBe("done");
    expect(cellText(new Date("2026-09-15T00:00:00Z"))).toBe("2026-09-15");
    expect(cellText(12.5)).toBe("12.5");
    expect(cellText(null)).toBe("");
    expect(cellText({ unexpected: true })).toBe("");
  });

  it("reads days from dates, serials and day-first text; undefined for what is not a date", () => {
    const d = day("2026-09-15");
    expect(cellDay(new Date("2026-09-15T00:00:00Z"))).toBe(d);
    expect(cellDay(d + 25569)).toBe(d); // Excel serial 46280
    expect(cellDay("2026-09-15")).toBe(d);
    expect(cellDay("15/09/2026")).toBe(d);
    expect(cellDay("15.09.2026")).toBe(d);
    expect(cellDay("15-09-2026")).toBe(d);
    expect(cellDay({ formula: "TODAY()", result: new Date("2026-09-15T00:00:00Z") })).toBe(d);
    expect(cellDay("")).toBeNull();
    expect(cellDay(null)).toBeNull();
    expect(cellDay("31/02/2026")).toBeUndefined();
    expect(cellDay("soon")).toBeUndefined();
    expect(cellDay(12.5)).toBeUndefined();
    expect(cellDay(new Date(Number.NaN))).toBeUndefined();
  });

  it("finds columns by any of their names, case, accents and spacing ignored", () => {
    const columns = findColumns(["Statut", "ACTION ID", "Mes notes", "Date de promesse"], {
      action_id: ["Action id"], status: ["Status", "Statut"], promise: ["Promise date", "Date de promesse"], comment: ["Comment"],
    });
    expect(columns).toEqual({ action_id: 1, status: 0, promise: 3 });
  });
});
