import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/errors.js";
import { headerScore, matchColumns, matchHeader, type MatchOptions } from "../../../src/ingest/columns/match-columns.js";
import type { RawRow } from "../../../src/ingest/table.js";

const INVOICES: MatchOptions = { role: "invoices", file: "factures.csv" };

/** field → [column index, header, reason] for a compact exact comparison. */
function mapped(headers: string[], options: MatchOptions = INVOICES): Record<string, [number, string, string]> {
  const { columns } = matchColumns(headers, options);
  return Object.fromEntries([...columns.values()].map((c) => [c.field, [c.index, c.header, c.reason]]));
}

function thrown(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error("expected a UsageError");
}

const rows = (...lines: string[][]): RawRow[] => lines.map((cells, i) => ({ cells, line: i + 1 }));

describe("matchColumns: the four languages", () => {
  it("French (Sage échéancier)", () => {
    expect(mapped(["Code client", "N° facture", "Type pièce", "Date pièce", "Date d'échéance", "Montant TTC", "Reste dû", "Date de règlement", "Litige", "Devise"])).toEqual({
      customer_id: [0, "Code client", "known header"],
      invoice_id: [1, "N° facture", "known header"],
      kind: [2, "Type pièce", "known header"],
      issue_date: [3, "Date pièce", "known header"],
      due_date: [4, "Date d'échéance", "known header"],
      amount: [5, "Montant TTC", "known header"],
      open_amount: [6, "Reste dû", "known header"],
      paid_date: [7, "Date de règlement", "known header"],
      disputed: [8, "Litige", "known header"],
      currency: [9, "Devise", "known header"],
    });
  });

  it("Dutch (Exact)", () => {
    expect(mapped(["Debiteurnummer", "Naam", "Factuurnummer", "Soort", "Factuurdatum", "Vervaldatum", "Bedrag", "Openstaand", "Betwist"])).toEqual({
      customer_id: [0, "Debiteurnummer", "known header"],
      customer_name: [1, "Naam", "known header"],
      invoice_id: [2, "Factuurnummer", "known header"],
      kind: [3, "Soort", "known header"],
      issue_date: [4, "Factuurdatum", "known header"],
      due_date: [5, "Vervaldatum", "known header"],
      amount: [6, "Bedrag", "known header"],
      open_amount: [7, "Openstaand", "known header"],
      disputed: [8, "Betwist", "known header"],
    });
  });

  it("German (DATEV)", () => {
    expect(mapped(["Kundennummer", "Rechnungsnummer", "Belegart", "Rechnungsdatum", "Fälligkeit", "Betrag", "Offener Betrag", "Bezahlt am", "Strittig", "Währung"])).toEqual({
      customer_id: [0, "Kundennummer", "known header"],
      invoice_id: [1, "Rechnungsnummer", "known header"],
      kind: [2, "Belegart", "known header"],
      issue_date: [3, "Rechnungsdatum", "known header"],
      due_date: [4, "Fälligkeit", "known header"],
      amount: [5, "Betrag", "known header"],
      open_amount: [6, "Offener Betrag", "known header"],
      paid_date: [7, "Bezahlt am", "known header"],
      disputed: [8, "Strittig", "known header"],
      currency: [9, "Währung", "known header"],
    });
  });

  it("English (Xero-like); a generic 'Type' maps kind only because nothing stronger does", () => {
    expect(mapped(["Customer ID", "InvoiceNumber", "Type", "InvoiceDate", "DueDate", "Amount", "AmountDue", "PaidDate", "Disputed", "Currency"])).toEqual({
      customer_id: [0, "Customer ID", "known header"],
      invoice_id: [1, "InvoiceNumber", "known header"],
      kind: [2, "Type", "generic header"],
      issue_date: [3, "InvoiceDate", "known header"],
      due_date: [4, "DueDate", "known header"],
      amount: [5, "Amount", "known header"],
      open_amount: [6, "AmountDue", "known header"],
      paid_date: [7, "PaidDate", "known header"],
      disputed: [8, "Disputed", "known header"],
      currency: [9, "Currency", "known header"],
    });
  });

  it("accents, case, spaces and punctuation do not matter (DATE ECHEANCE is the alias Date échéance)", () => {
    expect(mapped(["CODE CLIENT", "n° FACTURE", "date_piece", "DATE ECHEANCE", "montant-ttc", "RESTE DU", "faelligkeit"])).toEqual({
      customer_id: [0, "CODE CLIENT", "known header"],
      invoice_id: [1, "n° FACTURE", "known header"],
      issue_date: [2, "date_piece", "known header"],
      due_date: [3, "DATE ECHEANCE", "known header"],
      amount: [4, "montant-ttc", "known header"],
      open_amount: [5, "RESTE DU", "known header"],
    });
  });

  it("headers no field claims are listed as unmapped, empty ones are not", () => {
    const r = matchColumns(["Code client", "N° facture", "", "Date pièce", "Montant TTC", "Commentaire interne"], INVOICES);
    expect(r.unmapped).toEqual([{ index: 5, header: "Commentaire interne" }]);
  });

  it("customers and payments roles use their own vocabularies", () => {
    expect(mapped(["Code client", "Raison sociale", "Langue", "Délai de paiement", "Plafond de crédit", "Score"], { role: "customers", file: "clients.csv" })).toEqual({
      customer_id: [0, "Code client", "known header"],
      name: [1, "Raison sociale", "known header"],
      language: [2, "Langue", "known header"],
      payment_terms_days: [3, "Délai de paiement", "known header"],
      credit_limit: [4, "Plafond de crédit", "known header"],
      credit_score: [5, "Score", "known header"],
    });
    expect(mapped(["Customer ID", "InvoiceNumber", "Payment Date", "Amount", "Currency"], { role: "payments", file: "payments.csv" })).toEqual({
      customer_id: [0, "Customer ID", "known header"],
      invoice_id: [1, "InvoiceNumber", "known header"],
      date: [2, "Payment Date", "known header"],
      amount: [3, "Amount", "known header"],
      currency: [4, "Currency", "known header"],
    });
  });
});

describe("matchColumns: generic headers", () => {
  it("'Date' is the issue date when no stronger header exists", () => {
    expect(mapped(["Code client", "N° facture", "Date", "Montant"]).issue_date).toEqual([2, "Date", "generic header"]);
  });

  it("'Date' is left unmapped when a known issue-date header exists, whatever the order", () => {
    const r = matchColumns(["Date", "Code client", "N° facture", "Date facture", "Montant"], INVOICES);
    expect(r.columns.get("issue_date")).toEqual({ field: "issue_date", index: 3, header: "Date facture", reason: "known header" });
    expect(r.unmapped).toEqual([{ index: 0, header: "Date" }]);
  });

  it("'Total' is the amount only when there is no 'Montant TTC'", () => {
    expect(mapped(["Client ID", "Invoice", "Date", "Total"]).amount).toEqual([3, "Total", "generic header"]);
    const r = matchColumns(["Client ID", "Invoice", "Date", "Total", "Montant TTC"], INVOICES);
    expect(r.columns.get("amount")!.header).toBe("Montant TTC");
    expect(r.unmapped.map((u) => u.header)).toEqual(["Total"]);
  });

  it("two generic headers for one field are ambiguous", () => {
    const e = thrown(() => matchColumns(["Code client", "N° facture", "Date", "Datum", "Montant"], INVOICES));
    expect(e.message).toBe('factures.csv:1: which column is issue_date? several columns are known names for it: "Date", "Datum".');
  });
});

describe("matchColumns: errors", () => {
  it("a missing required column lists the headers found and a close candidate", () => {
    const e = thrown(() => matchColumns(["Code client", "N° facture", "Dat facture", "Montant"], INVOICES, 4));
    expect(e.message).toBe(
      'factures.csv:4: no column for issue_date (required in the invoices export). Headers found: "Code client", "N° facture", "Dat facture", "Montant". Closest: "Dat facture".',
    );
    expect(e.location).toEqual({ file: "factures.csv", line: 4 });
    expect(e.hint).toContain('columns: { issue_date: "Dat facture" }');
    expect(e.exitCode).toBe(2);
  });

  it("a missing group of alternatives names them all, without a candidate when none is close", () => {
    const e = thrown(() => matchColumns(["N° facture", "Date pièce", "Montant", "Zzzz"], INVOICES));
    expect(e.message).toBe('factures.csv:1: no column for customer_id or customer_name (required in the invoices export). Headers found: "N° facture", "Date pièce", "Montant", "Zzzz".');
    expect(e.hint).toContain('columns: { customer_id: "<header>" }');
  });

  it("a field given as a constant in the mapping file is not required as a column", () => {
    const r = matchColumns(["N° facture", "Date pièce", "Montant"], { ...INVOICES, constants: new Set(["customer_id"]) });
    expect([...r.columns.keys()].sort()).toEqual(["amount", "invoice_id", "issue_date"]);
  });

  it("two known headers for one field: UsageError naming both", () => {
    const e = thrown(() => matchColumns(["Code client", "N° facture", "Date pièce", "Montant TTC", "Total TTC"], INVOICES, 2));
    expect(e.message).toBe('factures.csv:2: which column is amount? several columns are known names for it: "Montant TTC", "Total TTC".');
    expect(e.hint).toBe('Say which one in the mapping file, e.g.\n  columns: { amount: "Montant TTC" }');
  });

  it("the mapping file settles what would be ambiguous", () => {
    const r = mapped(["Code client", "N° facture", "Date pièce", "Montant TTC", "Total TTC"], { ...INVOICES, mappedColumns: { amount: "Total TTC" } });
    expect(r.amount).toEqual([4, "Total TTC", "mapping file"]);
  });
});

describe("matchColumns: mapping file", () => {
  it("a mapped column overrides detection; the detected one is left unmapped", () => {
    const r = matchColumns(["Code client", "N° facture", "Date pièce", "Montant TTC", "Montant HT"], { ...INVOICES, mappedColumns: { amount: "montant ht" } });
    expect(r.columns.get("amount")).toEqual({ field: "amount", index: 4, header: "Montant HT", reason: "mapping file" });
    expect(r.unmapped).toEqual([{ index: 3, header: "Montant TTC" }]);
  });

  it("a mapped column takes a header away from the field it would otherwise mean", () => {
    const r = mapped(["Kunde", "Beleg", "Datum", "Fälligkeit", "Betrag"], { ...INVOICES, mappedColumns: { issue_date: "Fälligkeit" } });
    expect(r.issue_date).toEqual([3, "Fälligkeit", "mapping file"]);
    expect(r.due_date).toBeUndefined();
    // "Datum" (generic issue_date) is not used: the field is taken
    expect(r.customer_name).toEqual([0, "Kunde", "known header"]);
  });

  it("a mapped column absent from the header: UsageError naming the columns found and the nearest", () => {
    const e = thrown(() =>
      matchColumns(["Code client", "N° facture", "Date pièce", "Montant TTC", "Montant HT"], { ...INVOICES, mappedColumns: { amount: "Montant H.T.X" } }, 3),
    );
    expect(e.message).toBe('factures.csv:3: the mapping file names column "Montant H.T.X" for amount, but the header row has no such column.');
    expect(e.hint).toBe('Columns found: "Code client", "N° facture", "Date pièce", "Montant TTC", "Montant HT". Did you mean "Montant HT"?');
  });
});

describe("matchHeader", () => {
  it("finds the header under title rows and reports its line", () => {
    const head = rows(
      ["Openstaande posten debiteuren"],
      ["Datum: 31-10-2026"],
      [],
      ["Debiteurnummer", "Naam", "Factuurnummer", "Soort", "Factuurdatum", "Vervaldatum", "Bedrag", "Openstaand"],
      ["C001", "Alpha", "F2025-0035", "Factuur", "08-10-2025", "07-12-2025", "213879.76", "0"],
    );
    const m = matchHeader(head, { role: "invoices", file: "facturen.xlsx" });
    expect(m.headIndex).toBe(3);
    expect(m.line).toBe(4);
    expect(m.columns.get("open_amount")!.index).toBe(7);
    expect(m.headers[0]).toBe("Debiteurnummer");
  });

  it("QuickBooks: an empty first header cell and name-only customers", () => {
    const head = rows(
      ["Relance Demo Ltd"],
      ["A/R Aging Detail"],
      ["As of October 31, 2026"],
      [""],
      ["", "Date", "Transaction Type", "Num", "Customer", "Due Date", "Past Due", "Amount", "Open Balance"],
      ["Current", "", "", "", "", "", "", "", ""],
    );
    const m = matchHeader(head, { role: "invoices", file: "ar.csv" });
    expect(m.line).toBe(5);
    expect(Object.fromEntries([...m.columns.values()].map((c) => [c.field, c.index]))).toEqual({
      issue_date: 1, kind: 2, invoice_id: 3, customer_name: 4, due_date: 5, amount: 7, open_amount: 8,
    });
    expect(m.unmapped).toEqual([{ index: 6, header: "Past Due" }]);
  });

  it("header_row from the mapping file is used as given", () => {
    const head = rows(["Code client", "Montant"], ["x", "y"], ["Code client", "N° facture", "Date pièce", "Montant"]);
    expect(matchHeader(head, { ...INVOICES, headerLine: 3 }).headIndex).toBe(2);
    const e = thrown(() => matchHeader(head, { ...INVOICES, headerLine: 9 }));
    expect(e.message).toBe("factures.csv: header_row 9 is beyond the first rows of the file.");
  });

  it("no recognisable header row: UsageError showing the first non-empty line", () => {
    const e = thrown(() => matchHeader(rows([], ["foo", "bar", "baz"], ["1", "2", "3"]), INVOICES));
    expect(e.message).toBe('factures.csv: no header row recognised for the invoices export in the first 40 lines (line 2 has "foo", "bar", "baz").');
    expect(e.location).toEqual({ file: "factures.csv", line: 2 });
  });

  it("headerScore counts known headers 1 and generic ones ½", () => {
    expect(headerScore(["Code client", "Date", "Total", "Commentaire", null, 42], "invoices")).toBe(2);
    expect(headerScore(["Ma colonne", "Date"], "invoices", new Set(["macolonne"]))).toBe(1.5);
  });
});
