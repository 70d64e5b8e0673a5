import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/errors.js";
import { decideFormats, type FormatRequest } from "../../../src/ingest/rows/column-formats.js";
import type { Cell, RawRow, RawTable } from "../../../src/ingest/table.js";
import { rejection } from "../../helpers/expect-error.js";

/** An in-memory table: row 1 is the header, `head` holds the first `headSize` rows. */
function table(rows: Cell[][], headSize = 200, file = "export.csv"): RawTable & { scans: number } {
  const all: RawRow[] = rows.map((cells, i) => ({ cells, line: i + 1 }));
  const t = {
    file,
    format: { kind: "csv" as const, delimiter: ";" },
    head: all.slice(0, headSize),
    scans: 0,
    forEachRow: async (onRow: (r: RawRow) => void) => {
      t.scans++;
      for (const r of all) onRow(r);
    },
  };
  return t;
}

const DOT_HINT = { decimal: "." as const, why: "dot assumed" };
const COMMA_HINT = { decimal: "," as const, why: "\";\"-separated files come from comma-decimal locales" };

function request(t: RawTable, extra: Partial<FormatRequest> = {}): FormatRequest {
  return { table: t, dataStart: 1, dateColumns: [1], amountColumns: [2], decimalHint: DOT_HINT, ...extra };
}

const usageError = (p: Promise<unknown>) => rejection(p, UsageError);

describe("decideFormats: dates", () => {
  it("day first, decided by a value whose first part is > 12", async () => {
    const t = table([
      ["id", "date", "amount"],
      ["1", "03/04/2026", "1.00"],
      ["2", "13/04/2026", "2.00"],
      ["3", "05/06/2026", "3.00"],
    ]);
    const f = await decideFormats(request(t));
    expect(f.date).toEqual({ order: "dmy", date1904: undefined });
    expect(f.dateReason).toBe('"13/04/2026" puts the day first (1 value agree, none disagree)');
  });

  it("month first, decided by a value whose second part is > 12", async () => {
    const t = table([
      ["id", "date", "amount"],
      ["1", "03/04/2026", "1.00"],
      ["2", "04/13/2026", "2.00"],
      ["3", "12/31/2025", "3.00"],
    ]);
    const f = await decideFormats(request(t));
    expect(f.date.order).toBe("mdy");
    expect(f.dateReason).toBe('"04/13/2026" puts the month first (2 values agree, none disagree)');
  });

  it("all date columns vote together (one order per file)", async () => {
    const t = table([
      ["id", "issued", "amount", "due"],
      ["1", "03/04/2026", "1.00", "03/05/2026"],
      ["2", "04/05/2026", "2.00", "04/20/2026"],
    ]);
    const f = await decideFormats(request(t, { dateColumns: [1, 3] }));
    expect(f.date.order).toBe("mdy");
  });

  it("day-first and month-first evidence together: UsageError", async () => {
    const t = table([
      ["id", "date", "amount"],
      ["1", "13/04/2026", "1.00"],
      ["2", "04/14/2026", "2.00"],
    ]);
    const e = await usageError(decideFormats(request(t)));
    expect(e.message).toBe(
      'export.csv: the dates mix day/month and month/day order (conflict: "13/04/2026" puts the day first (1 value) but "04/14/2026" puts the month first (1 value)).',
    );
    expect(e.hint).toContain("date_format");
  });

  it("every date ambiguous: UsageError at the first ambiguous value, hinting at date_format", async () => {
    const t = table([
      ["id", "date", "amount"],
      ["1", "2026-01-15", "1.00"],
      ["2", "03/04/2026", "2.00"],
      ["3", "05/06/2026", "3.00"],
    ]);
    const e = await usageError(decideFormats(request(t)));
    expect(e.message).toBe('export.csv:3: ambiguous dates: "03/04/2026" and every other date in the file can be read day/month or month/day.');
    expect(e.location).toEqual({ file: "export.csv", line: 3 });
    expect(e.hint).toBe("Say which in a mapping file: `date_format: dd/mm/yyyy` (or mm/dd/yyyy) under the file's section.");
  });

  it("dates with equal day and month, or ISO dates, need no order", async () => {
    const t = table([
      ["id", "date", "amount"],
      ["1", "03/03/2026", "1.00"],
      ["2", "2026-04-05", "2.00"],
    ]);
    const f = await decideFormats(request(t));
    expect(f.date.order).toBeNull();
    expect(f.dateReason).toBe("ISO or unambiguous dates only");
  });

  it("day and month equal but written differently ('1/01/2026', d/mm/yyyy) are not ambiguous", async () => {
    const t = table([
      ["id", "date", "amount"],
      ["1", "1/01/2026", "1.00"],
      ["2", "2026-02-03", "2.00"],
      ["3", "12/12/2025", "3.00"],
    ]);
    const f = await decideFormats(request(t));
    expect(f.date.order).toBeNull();
    expect(f.dateReason).toBe("ISO or unambiguous dates only");
  });

  it("the mapping file's date_format is taken without looking at the values", async () => {
    const t = table([
      ["id", "date", "amount"],
      ["1", "13/04/2026", "1.00"],
      ["2", "04/14/2026", "2.00"],
    ]);
    const f = await decideFormats(request(t, { dateFormat: { order: "mdy" }, date1904: true }));
    expect(f.date).toEqual({ order: "mdy", date1904: true });
    expect(f.dateReason).toBe("given in the mapping file");
  });

  it("rows before dataStart (the header, title rows) do not vote", async () => {
    const t = table([
      ["Report of 13/01/2026", "", ""],
      ["id", "date", "amount"],
      ["1", "01/02/2026", "1.00"],
      ["2", "02/14/2026", "2.00"],
    ]);
    const f = await decideFormats(request(t, { dataStart: 2, dateColumns: [0, 1] }));
    expect(f.date.order).toBe("mdy");
  });

  it("when the head leaves the order open, the rest of the file decides (once)", async () => {
    const rows: Cell[][] = [["id", "date", "amount"]];
    for (let i = 0; i < 250; i++) rows.push([String(i), "03/04/2026", "1.00"]);
    rows.push(["x", "25/04/2026", "1.00"]);
    const t = table(rows, 200);
    const f = await decideFormats(request(t));
    expect(f.date.order).toBe("dmy");
    expect(f.dateReason).toBe('"25/04/2026" puts the day first (1 value agree, none disagree)');
    expect(t.scans).toBe(1);
  });

  it("a short file (whole file in head) is not scanned again", async () => {
    const t = table([
      ["id", "date", "amount"],
      ["1", "13/04/2026", "1.234"],
    ]);
    await decideFormats(request(t));
    expect(t.scans).toBe(0);
  });

  it("spreadsheet numbers are not dates to vote on", async () => {
    const t = table([
      ["id", "date", "amount"],
      ["1", 46000, 12.5],
      ["2", "2026-01-02", 3],
    ]);
    const f = await decideFormats(request(t, { decimalHint: COMMA_HINT }));
    expect(f.date.order).toBeNull();
    expect(f.decimal.get(2)).toBe(",");
  });
});

describe("decideFormats: decimal marks", () => {
  it("each amount column gets its own decimal mark", async () => {
    const t = table([
      ["id", "date", "amount", "open", "score"],
      ["1", "2026-01-01", "1.234,56", "1,234.56", "7"],
      ["2", "2026-01-02", "99,00", "0.50", "8"],
    ]);
    const f = await decideFormats(request(t, { amountColumns: [2, 3, 4] }));
    expect(f.decimal).toEqual(
      new Map([
        [2, ","],
        [3, "."],
        [4, "."],
      ]),
    );
    expect(f.decimalReason.get(2)).toBe('"1.234,56" shows "," as decimal mark (2 values agree, none disagree)');
    expect(f.decimalReason.get(3)).toBe('"1,234.56" shows "." as decimal mark (2 values agree, none disagree)');
    expect(f.decimalReason.get(4)).toBe("no decisive value; dot assumed");
  });

  it("no decisive value: the ';' file hint gives the comma", async () => {
    const t = table([
      ["id", "date", "amount"],
      ["1", "2026-01-01", "100"],
      ["2", "2026-01-02", "1.234"],
      ["3", "2026-01-03", ""],
    ]);
    const f = await decideFormats(request(t, { decimalHint: COMMA_HINT }));
    expect(f.decimal.get(2)).toBe(",");
    expect(f.decimalReason.get(2)).toBe('no decisive value; ";"-separated files come from comma-decimal locales');
  });

  it("a decisive value beats the ';' hint", async () => {
    const t = table([
      ["id", "date", "amount"],
      ["1", "2026-01-01", "1234.5"],
    ]);
    const f = await decideFormats(request(t, { decimalHint: COMMA_HINT }));
    expect(f.decimal.get(2)).toBe(".");
  });

  it("the mapping file's decimal is applied to every amount column", async () => {
    const t = table([
      ["id", "date", "amount", "open"],
      ["1", "2026-01-01", "1,50", "2.50"],
    ]);
    const f = await decideFormats(request(t, { amountColumns: [2, 3], decimal: "." }));
    expect(f.decimal).toEqual(new Map([[2, "."], [3, "."]]));
    expect(f.decimalReason.get(3)).toBe("given in the mapping file");
  });

  it("an ambiguous amount in the head ('1.234') sends the vote to the rest of the file", async () => {
    const rows: Cell[][] = [["id", "date", "amount"]];
    for (let i = 0; i < 220; i++) rows.push([String(i), "2026-01-01", "1.234"]);
    rows.push(["x", "2026-01-01", "5,5"]);
    const t = table(rows, 200);
    const f = await decideFormats(request(t));
    expect(f.decimal.get(2)).toBe(",");
    expect(t.scans).toBe(1);
  });
});
