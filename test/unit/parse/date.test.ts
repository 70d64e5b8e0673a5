import { describe, it, expect } from "vitest";
import {
  parseDate,
  dayFromExcelSerial,
  dateFormatFromMapping,
  createDateOrderVote,
  dateOrderEvidence,
  type DateFormat,
} from "../../../src/ingest/parse/date.js";
import { dayFromParts, formatDay } from "../../../src/ledger/day.js";

const NONE: DateFormat = { order: null };
const DMY: DateFormat = { order: "dmy" };
const MDY: DateFormat = { order: "mdy" };

function iso(cell: string | number, format: DateFormat): string {
  const r = parseDate(cell, format);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(cell)} to parse, got: ${r.reason}`);
  return formatDay(r.value);
}
function reason(cell: string | number, format: DateFormat): string {
  const r = parseDate(cell, format);
  if (r.ok) throw new Error(`expected ${JSON.stringify(cell)} to fail, got ${formatDay(r.value)}`);
  return r.reason;
}
function serialIso(serial: number, date1904 = false): string {
  const r = dayFromExcelSerial(serial, date1904);
  if (!r.ok) throw new Error(`expected serial ${serial} to convert, got: ${r.reason}`);
  return formatDay(r.value);
}

describe("parseDate: ISO and compact", () => {
  it.each([
    ["2026-03-15", "2026-03-15"],
    ["2026/03/15", "2026-03-15"],
    ["2026-3-5", "2026-03-05"],
    ["2026.03.15", "2026-03-15"],
    ["2026-03-15T10:00:00", "2026-03-15"],
    ["2026-03-15T10:00:00Z", "2026-03-15"],
    ["2026-03-15T23:59:59.999+02:00", "2026-03-15"],
    ["2026-03-15 10:00", "2026-03-15"],
    ["  2026-03-15  ", "2026-03-15"],
    ["'2026-03-15", "2026-03-15"],
    ["20260315", "2026-03-15"],
    ["19000101", "1900-01-01"],
    ["22001231", "2200-12-31"],
  ])("%j → %s", (text, expected) => {
    // ISO and compact forms need no order, and an order does not change them.
    expect(iso(text, NONE)).toBe(expected);
    expect(iso(text, MDY)).toBe(expected);
  });

  it("leap days", () => {
    expect(iso("2024-02-29", NONE)).toBe("2024-02-29");
    expect(iso("2000-02-29", NONE)).toBe("2000-02-29");
    expect(reason("2026-02-29", NONE)).toBe('not a valid date: "2026-02-29"');
    expect(reason("2100-02-29", NONE)).toContain("not a valid date");
  });

  it("mixed separators are not a date", () => {
    expect(reason("2026-03/15", NONE)).toContain("not a date");
  });

  it("an invalid yyyymmdd fails", () => {
    expect(reason("20261301", NONE)).toContain("not a valid date");
    expect(reason("20260231", NONE)).toContain("not a valid date");
  });
});

describe("parseDate: day/month forms", () => {
  it.each([
    ["15/03/2026", DMY, "2026-03-15"],
    ["15-03-2026", DMY, "2026-03-15"],
    ["15.03.2026", DMY, "2026-03-15"],
    ["5/3/2026", DMY, "2026-03-05"],
    ["5.3.2026", DMY, "2026-03-05"],
    ["03/04/2026", DMY, "2026-04-03"],
    ["03/04/2026", MDY, "2026-03-04"],
    ["12/31/2026", MDY, "2026-12-31"],
    ["15/03/2026 00:00", DMY, "2026-03-15"],
    ["15.03.2026 10:00:00", DMY, "2026-03-15"],
    ["3/15/2026 11:30 PM", MDY, "2026-03-15"],
    ["5/3/26", DMY, "2026-03-05"],
    ["1/1/29", DMY, "2029-01-01"],
    ["1/1/30", DMY, "1930-01-01"],
    ["31-12-99", DMY, "1999-12-31"],
    ["01-01-00", DMY, "2000-01-01"],
  ] as const)("%j (%j) → %s", (text, format, expected) => {
    expect(iso(text, format)).toBe(expected);
  });

  it("order null: decided by a part > 12", () => {
    expect(iso("15/03/2026", NONE)).toBe("2026-03-15");
    expect(iso("03/15/2026", NONE)).toBe("2026-03-15");
    expect(iso("04/04/2026", NONE)).toBe("2026-04-04");
  });

  it("order null: both parts ≤ 12 and different is ambiguous", () => {
    expect(reason("03/04/2026", NONE)).toBe(
      'ambiguous date "03/04/2026": day/month order unknown (set date_format in the mapping file)',
    );
    expect(reason("1.2.26", NONE)).toContain("ambiguous date");
  });

  it("a given order is enforced", () => {
    expect(reason("03/15/2026", DMY)).toContain("not a valid date");
    expect(reason("15/03/2026", MDY)).toContain("not a valid date");
    expect(reason("13/13/2026", NONE)).toContain("not a valid date");
  });
});

describe("parseDate: spreadsheet serials", () => {
  it("numeric cells", () => {
    expect(iso(45000, NONE)).toBe("2023-03-15");
    expect(iso(45000.75, NONE)).toBe("2023-03-15");
    expect(iso(0, { order: null, date1904: true })).toBe("1904-01-01");
    expect(iso(45000 - 1462, { order: null, date1904: true })).toBe("2023-03-15");
  });

  it("numeric text of 1–5 digits", () => {
    expect(iso("45000", NONE)).toBe("2023-03-15");
    expect(iso("45000.5", NONE)).toBe("2023-03-15");
    expect(iso("45000,5", NONE)).toBe("2023-03-15");
    expect(iso("61", NONE)).toBe("1900-03-01");
    expect(iso("0", { order: null, date1904: true })).toBe("1904-01-01");
    expect(reason("60", NONE)).toContain("1900-02-29");
  });

  it("6- and 7-digit numbers are not dates", () => {
    expect(reason("123456", NONE)).toContain("not a date");
    expect(reason("1234567", NONE)).toContain("not a date");
  });
});

describe("dayFromExcelSerial", () => {
  it("the 1900 leap-year bug", () => {
    expect(serialIso(1)).toBe("1900-01-01");
    expect(serialIso(59)).toBe("1900-02-28");
    expect(dayFromExcelSerial(60, false).ok).toBe(false);
    expect(serialIso(61)).toBe("1900-03-01");
    expect(serialIso(45000)).toBe("2023-03-15");
    expect(serialIso(45000.999)).toBe("2023-03-15");
    expect(serialIso(59.5)).toBe("1900-02-28");
  });

  it("the 1904 system", () => {
    expect(serialIso(0, true)).toBe("1904-01-01");
    expect(serialIso(1, true)).toBe("1904-01-02");
    expect(serialIso(0.5, true)).toBe("1904-01-01");
    expect(serialIso(43538, true)).toBe("2023-03-15");
  });

  it("refusals", () => {
    expect(dayFromExcelSerial(0, false).ok).toBe(false);
    expect(dayFromExcelSerial(0.5, false).ok).toBe(false);
    expect(dayFromExcelSerial(-1, false).ok).toBe(false);
    expect(dayFromExcelSerial(-1, true).ok).toBe(false);
    expect(dayFromExcelSerial(Number.NaN, false).ok).toBe(false);
    expect(dayFromExcelSerial(Infinity, true).ok).toBe(false);
    const far = dayFromExcelSerial(1e7, false);
    expect(far.ok).toBe(false);
    if (!far.ok) expect(far.reason).toContain("year out of range");
  });
});

describe("parseDate: refusals name the value", () => {
  it.each([
    ["31/02/2026", DMY, "not a valid date"],
    ["2026-13-01", NONE, "not a valid date"],
    ["2026-00-10", NONE, "not a valid date"],
    ["00/00/0000", NONE, "not a valid date"],
    ["00/00/0000", DMY, "not a valid date"],
    ["32/01/2026", DMY, "not a valid date"],
    ["31/04/2026", DMY, "not a valid date"],
    ["abc", DMY, "not a date"],
    ["15/03/2026 junk", DMY, "not a date"],
    ["15/03", DMY, "not a date"],
    ["15 mars 2026", DMY, "not a date"],
    ["1/1/123", DMY, "not a date"],
    ["01/01/1850", DMY, "year out of range"],
    ["01/01/2201", DMY, "year out of range"],
    ["1899-12-31", NONE, "year out of range"],
    ["18500101", NONE, "year out of range"],
  ] as const)("%j (%j): %s", (text, format, expected) => {
    const r = reason(text, format);
    expect(r).toContain(expected);
    expect(r).toContain(`"${text}"`);
  });

  it("empty", () => {
    expect(reason("", DMY)).toBe("empty");
    expect(reason("   ", DMY)).toBe("empty");
  });

  it("non-finite numeric cells", () => {
    expect(parseDate(Number.NaN, DMY).ok).toBe(false);
  });
});

describe("dateFormatFromMapping", () => {
  it.each([
    ["dd/mm/yyyy", "dmy"],
    ["DD/MM/YYYY", "dmy"],
    ["mm/dd/yyyy", "mdy"],
    ["MM/DD/YYYY", "mdy"],
    ["m/d/yy", "mdy"],
    ["dd.mm.yyyy", "dmy"],
    ["dd-mm-yyyy", "dmy"],
    ["d/m/yy", "dmy"],
    ["d-m-yy", "dmy"],
    ["jj/mm/aaaa", "dmy"],
    ["JJ/MM/AA", "dmy"],
    ["tt.mm.jjjj", "dmy"],
    ["TT.MM.JJJJ", "dmy"],
    ["dd-mm-jjjj", "dmy"],
    ["dd/mm/yyyy hh:mm", "dmy"],
    [" dd/mm/yyyy ", "dmy"],
  ] as const)("%j → %s", (text, order) => {
    expect(dateFormatFromMapping(text)).toEqual({ order });
  });

  it.each(["yyyy-mm-dd", "YYYY/MM/DD", "yyyymmdd", "aaaammjj", "jjjj-mm-tt"])("%j → year first, no order", (text) => {
    expect(dateFormatFromMapping(text)).toEqual({ order: null });
  });

  it.each(["", "garbage", "yyyy-dd-mm", "ddmmyyyy", "dd/mm", "dd/mm-yyyy", "dd/dd/yyyy", "mm/mm/yyyy"])(
    "%j → null",
    (text) => {
      expect(dateFormatFromMapping(text)).toBeNull();
    },
  );
});

describe("createDateOrderVote", () => {
  it("per-value evidence", () => {
    expect(dateOrderEvidence("15/03/2026")).toBe("dmy");
    expect(dateOrderEvidence("03/15/2026")).toBe("mdy");
    expect(dateOrderEvidence("15.3.26")).toBe("dmy");
    expect(dateOrderEvidence("03/04/2026")).toBeNull();
    expect(dateOrderEvidence("2026-03-15")).toBeNull();
    expect(dateOrderEvidence("2026/03/15")).toBeNull();
    expect(dateOrderEvidence("20260315")).toBeNull();
    expect(dateOrderEvidence("13/13/2026")).toBeNull();
    expect(dateOrderEvidence("abc")).toBeNull();
  });

  it("day first", () => {
    const v = createDateOrderVote();
    for (const t of ["01/02/2026", "15/03/2026", "2026-03-15", "20/03/2026"]) v.add(t);
    const r = v.result();
    expect(r).toMatchObject({ order: "dmy", conflict: false });
    expect(r.evidence).toContain('"15/03/2026"');
    expect(r.evidence).toContain("2 values");
  });

  it("month first", () => {
    const v = createDateOrderVote();
    for (const t of ["01/02/2026", "03/15/2026"]) v.add(t);
    expect(v.result()).toMatchObject({ order: "mdy", conflict: false });
  });

  it("conflict", () => {
    const v = createDateOrderVote();
    for (const t of ["15/03/2026", "03/15/2026", "16/03/2026"]) v.add(t);
    const r = v.result();
    expect(r).toMatchObject({ order: null, conflict: true });
    expect(r.evidence).toContain('"15/03/2026"');
    expect(r.evidence).toContain('"03/15/2026"');
  });

  it("no evidence", () => {
    const v = createDateOrderVote();
    for (const t of ["2026-03-15", "20260315", "01/02/2026"]) v.add(t);
    expect(v.result()).toMatchObject({ order: null, conflict: false });
    expect(createDateOrderVote().result()).toMatchObject({ order: null, conflict: false });
  });
});

describe("sanity of the test helper", () => {
  it("dayFromParts agrees with the parsed ISO value", () => {
    const r = parseDate("2026-03-15", NONE);
    expect(r).toEqual({ ok: true, value: dayFromParts(2026, 3, 15) });
  });
});
