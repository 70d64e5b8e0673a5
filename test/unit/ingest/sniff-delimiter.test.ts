import { describe, expect, it } from "vitest";
import { sniffDelimiter } from "../../../src/ingest/sniff-delimiter.js";

describe("sniffDelimiter", () => {
  it("';' wins over the decimal commas of the amounts", () => {
    const text = [
      "Code client;N° facture;Date pièce;Montant TTC;Reste dû",
      "C001;F2025-0035;08/10/2025;213 879,76;0,00",
      "C001;F2025-0041;17/10/2025;213 708,30;12,50",
      "C002;F2025-0050;18/10/2025;-150,00;-150,00",
      "C003;F2025-0051;19/10/2025;99,00;99,00",
    ].join("\r\n");
    // each data line has 2 commas on 4 lines, but 4 semicolons on all 5
    expect(sniffDelimiter(text)).toEqual({ delimiter: ";", reason: "\";\" appears 4 times on 5 of the first lines" });
  });

  it("';' even when the comma count per line is the same on every data line and the header has commas", () => {
    const text = ["Nom, prénom;Montant", "Dupont, Jean;1,00", "Durand, Marie;2,00"].join("\n");
    // ';' 1 per line on 3 lines; ',' 2 per line on 2 lines (the header has only 1)
    expect(sniffDelimiter(text).delimiter).toBe(";");
  });

  it("tab", () => {
    const text = "Debiteurnummer\tFactuurnummer\tBedrag\nC001\tF1\t1.234,56\nC002\tF2\t99,00\n";
    expect(sniffDelimiter(text)).toEqual({ delimiter: "\t", reason: "tab appears 2 times on 3 of the first lines" });
  });

  it("pipe", () => {
    const text = "id|name|amount\n1|Dupont, Fils & Cie|10.00\n2|A; B|20.00\n3|C|30.00";
    expect(sniffDelimiter(text)).toEqual({ delimiter: "|", reason: "\"|\" appears 2 times on 4 of the first lines" });
  });

  it("comma, not counting the commas inside quoted fields", () => {
    const text = [
      "Customer ID,Name,Amount",
      'C004,"Atelier ""Le Moulin""",1200.00',
      'C005,"Dupont, Fils & Cie",99.50',
      'C006,"A, B, C; and D",10.00',
      "C007,Plain,5.00",
    ].join("\n");
    expect(sniffDelimiter(text)).toEqual({ delimiter: ",", reason: "\",\" appears 2 times on 5 of the first lines" });
  });

  it("a newline inside a quoted field does not end the line", () => {
    const text = 'a,b,c\n1,"line one\nline two; with semicolons; here",3\n4,5,6\n';
    expect(sniffDelimiter(text)).toEqual({ delimiter: ",", reason: "\",\" appears 2 times on 3 of the first lines" });
  });

  it("title rows above the header (QuickBooks A/R Aging Detail) do not mislead", () => {
    const text = [
      "\uFEFFRelance Demo Ltd",
      "A/R Aging Detail",
      '"As of October 31, 2026"',
      "",
      ",Date,Transaction Type,Num,Customer,Due Date,Past Due,Amount,Open Balance",
      "Current,,,,,,,,",
      ',04/09/2026,Invoice,F2026-0200,Société Générale d\'Éclairage,03/11/2026,-3,"£136,414.30","£136,414.30"',
      ",11/09/2026,Invoice,F2026-0206,Thames Valley Fixings Ltd,10/11/2026,-10,£315.35,£315.35",
      'Total for Current,,,,,,,"£136,729.65","£136,729.65"',
    ].join("\r\n");
    expect(sniffDelimiter(text)).toEqual({ delimiter: ",", reason: "\",\" appears 8 times on 5 of the first lines" });
  });

  it("a single column: comma assumed", () => {
    expect(sniffDelimiter("Name\nAlpha\nBeta\n")).toEqual({ delimiter: ",", reason: "no delimiter found on the first lines (one column), comma assumed" });
  });

  it("only the first 40 lines are sampled", () => {
    const text = ["a;b", ...Array.from({ length: 39 }, () => "1;2"), ...Array.from({ length: 100 }, () => "x,y,z")].join("\n");
    expect(sniffDelimiter(text)).toEqual({ delimiter: ";", reason: "\";\" appears 1 times on 40 of the first lines" });
  });
});
