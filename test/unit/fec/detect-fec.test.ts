import { describe, expect, it } from "vitest";
import { isFecHeader } from "../../../src/ingest/fec/detect-fec.js";
import { mapFecColumns } from "../../../src/ingest/fec/fec-columns.js";

const LEGAL =
  "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise".split("|");

describe("isFecHeader", () => {
  it("accepts the 18 legal columns", () => {
    expect(isFecHeader(LEGAL)).toBe(true);
  });

  it("ignores accents, case, spaces and a BOM", () => {
    expect(isFecHeader(["\uFEFFjournalcode", "Ecriture Num", "COMPTE_NUM", "Débit", "Crédit"])).toBe(true);
  });

  it("accepts the Montant/Sens cash-basis variant with extra columns", () => {
    const bnc = [...LEGAL.slice(0, 11), "Montant", "Sens", ...LEGAL.slice(13), "DateRglt", "ModeRglt", "NatOp", "IdClient"];
    expect(isFecHeader(bnc)).toBe(true);
    const cols = mapFecColumns(bnc);
    expect(cols.variant).toBe("montant-sens");
    expect(cols.missing).toEqual([]);
    expect(cols.index.DateRglt).toBe(18);
  });

  it("accepts the renamed FEC-compatible headers", () => {
    const renamed = LEGAL.map((h) =>
      ({ JournalLib: "JournalLibelle", CompteLib: "CompteLibelle", EcritureLet: "EcritureLettrage", DateLet: "DateLettrage", Montantdevise: "MontantDevise" })[h] ?? h,
    );
    expect(isFecHeader(renamed)).toBe(true);
    const cols = mapFecColumns(renamed);
    expect(cols.index.EcritureLet).toBe(13);
    expect(cols.index.DateLet).toBe(14);
    expect(cols.index.JournalLib).toBe(1);
  });

  it("maps extra columns away and keeps the first of duplicates", () => {
    const cols = mapFecColumns([...LEGAL, "CodeEtablissement", "Debit"]);
    expect(cols.index.Debit).toBe(11);
    expect(cols.variant).toBe("debit-credit");
    expect(Object.keys(cols.index)).toHaveLength(18);
  });

  it("refuses headers that lack a key column or an amount pair", () => {
    expect(isFecHeader(LEGAL.filter((h) => h !== "JournalCode"))).toBe(false);
    expect(isFecHeader(LEGAL.filter((h) => h !== "EcritureNum"))).toBe(false);
    expect(isFecHeader(LEGAL.filter((h) => h !== "CompteNum"))).toBe(false);
    expect(isFecHeader(LEGAL.filter((h) => h !== "Credit"))).toBe(false);
    expect(isFecHeader(["JournalCode", "EcritureNum", "CompteNum", "Montant"])).toBe(false);
    expect(isFecHeader(["Invoice", "Customer", "Date", "Amount", "Debit", "Credit"])).toBe(false);
    expect(isFecHeader([])).toBe(false);
  });
});
