import { describe, expect, it } from "vitest";
import { classifyJournal } from "../../../src/ingest/fec/classify-journal.js";

describe("classifyJournal", () => {
  it.each([
    ["VE", "Ventes", "sales"],
    ["VT", "", "sales"],
    ["VTE", "Journal des ventes", "sales"],
    ["VE2", "", "sales"],
    ["INV", "Customer Invoices", "sales"],
    ["BQ1", "", "bank"],
    ["BQCIC", "", "bank"],
    ["BNQ", "", "bank"],
    ["BPM", "", "bank"],
    ["CA", "", "bank"],
    ["BNK1", "Bank", "bank"],
    ["AN", "", "opening"],
    ["OUV", "Balance initiale", "opening"],
    ["RAN", "", "opening"],
    ["OD", "Opérations diverses", "other"],
    ["ACH", "Achats", "other"],
  ] as const)("code %s (%s) → %s", (code, lib, expected) => {
    expect(classifyJournal(code, lib)).toBe(expected);
  });

  it.each([
    ["J7", "VENTES FRANCE", "sales"],
    ["X1", "Facturation", "sales"],
    ["CL", "Banque Crédit Lyonnais", "bank"],
    ["C2", "Caisse magasin", "bank"],
    ["T1", "Trésorerie", "bank"],
    ["Z9", "À nouveaux", "opening"],
    ["Z8", "Journal d'ouverture", "opening"],
    ["Z7", "Salaires", "other"],
    ["", "", "other"],
  ] as const)("unknown code %s falls back to JournalLib %s → %s", (code, lib, expected) => {
    expect(classifyJournal(code, lib)).toBe(expected);
  });

  it("lets the user's override win, case-insensitively", () => {
    expect(classifyJournal("CL", "Crédit Lyonnais", { cl: "bank" })).toBe("bank");
    expect(classifyJournal("VE", "Ventes", { VE: "other" })).toBe("other");
    expect(classifyJournal(" od ", "Divers", { OD: "sales" })).toBe("sales");
  });
});
