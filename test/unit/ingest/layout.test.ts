import { describe, expect, it } from "vitest";
import { layoutKind } from "../../../src/ingest/rows/layout.js";

// QuickBooks A/R Aging Detail header texts; ids are Num (3) and Customer (4)
const HEADERS = ["", "Date", "Transaction Type", "Num", "Customer", "Due Date", "Past Due", "Amount", "Open Balance"];
const HEADER = HEADERS;
const IDS = [3, 4];
const empty8 = ["", "", "", "", "", "", "", ""];

describe("layoutKind", () => {
  it("blank rows: empty strings, nulls, spaces, no cells", () => {
    expect(layoutKind(["", "", ""], IDS, HEADER)).toBe("blank");
    expect(layoutKind([null, "  ", null], IDS, HEADER)).toBe("blank");
    expect(layoutKind([], IDS, HEADER)).toBe("blank");
  });

  it("section titles: one filled cell, ids empty", () => {
    expect(layoutKind(["Current", ...empty8], IDS, HEADER)).toBe("section");
    expect(layoutKind(["91 or more days past due", ...empty8], IDS, HEADER)).toBe("section");
    // a footer is a lone cell too
    expect(layoutKind(["Monday, 2 November 2026 09:14 AM GMT+00:00"], IDS, HEADER)).toBe("section");
  });

  it("totals", () => {
    expect(layoutKind(["Total for Current", "", "", "", "", "", "", "£495,775.60", "£495,775.60"], IDS, HEADER)).toBe("total");
    expect(layoutKind(["TOTAL", "", "", "", "", "", "", "£541,171.38", "£534,869.77"], IDS, HEADER)).toBe("total");
    expect(layoutKind(["Totaal", "", "", "", "", "", "", "1.234,56", "99,00"], IDS, HEADER)).toBe("total");
    expect(layoutKind(["Grand Total", "", "", "", "", "", "", "1", "1"], IDS, HEADER)).toBe("total");
    expect(layoutKind(["", "", "", "", "", "", "Summe", "100,00", ""], IDS, HEADER)).toBe("total");
    // a lone total label is a total, not a section
    expect(layoutKind(["Sous-total", ...empty8], IDS, HEADER)).toBe("total");
  });

  it("a header repeated on a later page", () => {
    expect(layoutKind([...HEADERS], IDS, HEADER)).toBe("repeated-header");
    expect(layoutKind(["", "Date", "transaction type", "NUM", "Customer", "Due  Date", "Past Due", "Amount", "Open Balance"], IDS, HEADER)).toBe("repeated-header");
  });

  it("real data rows are not layout", () => {
    expect(layoutKind(["", "04/09/2026", "Invoice", "F2026-0200", "Société Générale d'Éclairage", "03/11/2026", "-3", "£136,414.30", "£136,414.30"], IDS, HEADER)).toBeNull();
    // a customer whose name starts like a total word, ids filled
    expect(layoutKind(["", "04/09/2026", "Invoice", "F2026-0300", "Totaal Techniek BV", "03/11/2026", "-3", "£10.00", "£10.00"], IDS, HEADER)).toBeNull();
    expect(layoutKind(["Total Energies SA", "04/09/2026", "Invoice", "F2026-0301", "C009", "03/11/2026", "-3", "£10.00", "£10.00"], IDS, HEADER)).toBeNull();
    // a row with just an id is kept (it will be rejected for what it lacks, not skipped)
    expect(layoutKind(["", "", "", "F2026-0302", "", "", "", "", ""], IDS, HEADER)).toBeNull();
    // a header-like row with one cell different is data
    expect(layoutKind(["", "Date", "Transaction Type", "Num", "Customer", "Due Date", "Past Due", "Amount", "12.00"], IDS, HEADER)).toBeNull();
  });

  it("a lone filled cell is not a section when the header is narrow", () => {
    expect(layoutKind(["Current", ""], [1], ["customerid", "amount"])).toBeNull();
  });

  it("'Totalement' is a word, not a total", () => {
    expect(layoutKind(["Totalement SARL", "", "", "", "", "", "", "1", "1"], IDS, HEADER)).toBeNull();
  });
});
