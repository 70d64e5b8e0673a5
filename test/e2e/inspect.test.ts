import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasStackTrace, runCli } from "../helpers/run-cli.js";

/** Each fixture dialect is read with zero configuration and shows the right mapping. */
const DIALECTS: { file: string; expect: Record<string, string>; role: string }[] = [
  { file: "fixtures/fr-sage/factures.csv", role: "invoices", expect: { "Code client": "customer_id", "N° facture": "invoice_id", "Date d'échéance": "due_date", "Montant TTC": "amount", "Reste dû": "open_amount", "Date de règlement": "paid_date" } },
  { file: "fixtures/fr-sage/clients.csv", role: "customers", expect: { "Code client": "customer_id", "Raison sociale": "name", "Délai de paiement": "payment_terms_days", "Plafond de crédit": "credit_limit" } },
  { file: "fixtures/en-iso/invoices.csv", role: "invoices", expect: { "Customer ID": "customer_id", InvoiceNumber: "invoice_id", DueDate: "due_date", AmountDue: "open_amount" } },
  { file: "fixtures/en-iso/payments.csv", role: "payments", expect: { InvoiceNumber: "invoice_id", PaymentDate: "date", Amount: "amount" } },
  { file: "fixtures/de-datev/rechnungen.csv", role: "invoices", expect: { Kundennummer: "customer_id", Rechnungsnummer: "invoice_id", "Fälligkeit": "due_date", Betrag: "amount", "Offener Betrag": "open_amount" } },
  { file: "fixtures/de-datev/kunden.csv", role: "customers", expect: { Kundennummer: "customer_id", Zahlungsziel: "payment_terms_days", Kreditlimit: "credit_limit" } },
  { file: "fixtures/nl-exact/facturen.xlsx", role: "invoices", expect: { Debiteurnummer: "customer_id", Factuurnummer: "invoice_id", Vervaldatum: "due_date", Openstaand: "open_amount" } },
  { file: "fixtures/nl-exact/debiteuren.xlsx", role: "customers", expect: { Debiteurnummer: "customer_id", Naam: "name", Betalingstermijn: "payment_terms_days" } },
  { file: "fixtures/uk-quickbooks/ar-aging-detail.csv", role: "invoices", expect: { Num: "invoice_id", Customer: "customer_name", "Due Date": "due_date", "Open Balance": "open_amount" } },
];

describe("relance inspect on every fixture dialect", () => {
  for (const d of DIALECTS) {
    it(`reads ${d.file} with zero configuration`, () => {
      const r = runCli(["inspect", d.file, "--format", "json", "--as-of", "2026-10-31"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.role).toBe(d.role);
      const mapped = Object.fromEntries(report.columns.map((c: { header: string; field: string }) => [c.header, c.field]));
      for (const [header, field] of Object.entries(d.expect)) expect(mapped[header], header).toBe(field);
      expect(report.summary.rows_rejected).toBe(0);
      expect(report.summary.rows_read).toBe(report.summary.rows_used);
      expect(report.samples.length).toBe(5);
    });
  }

  it("reads the FEC: customers, documents and lettering", () => {
    const r = runCli(["inspect", "fixtures/fec/123456782FEC20261031.txt", "--format", "json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.fec).toBe(true);
    expect(report.format.encoding).toBe("iso-8859-15");
    expect(report.format.delimiter).toBe("\t");
    expect(report.summary.rows_rejected).toBe(0);
  });

  it("prints a readable report on a terminal-less stdout too", () => {
    const r = runCli(["inspect", "fixtures/uk-quickbooks/ar-aging-detail.csv"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Header\s+line 5 \(lines above it are titles\)/);
    expect(r.stdout).toMatch(/layout rows skipped/);
    expect(r.stdout).toMatch(/Dates\s+day\/month\/year/);
  });
});

describe("bad input: one clear paragraph, the contract's exit code, no stack trace", () => {
  const dir = mkdtempSync(join(tmpdir(), "relance-e2e-"));
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it("a missing file is a usage error (2)", () => {
    const r = runCli(["inspect", join(dir, "nope.csv")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.csv: file not found/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("a missing required column names the headers found and the closest candidate (2)", () => {
    const f = file("factures.csv", "Code client;N° facture;Date pièce;Montnt TTC\nC1;F1;01/02/2026;10,00\n");
    const r = runCli(["inspect", f, "--role", "invoices"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("factures.csv:1: no column for amount");
    expect(r.stderr).toContain('Headers found: "Code client", "N° facture", "Date pièce", "Montnt TTC"');
    expect(r.stderr).toContain('Closest: "Montnt TTC"');
    expect(r.stderr).toMatch(/how to fix:.*mapping file/s);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("an ambiguous date column asks for date_format (2)", () => {
    const f = file("dates.csv", "Customer ID,InvoiceNumber,InvoiceDate,Amount\nC1,F1,03/04/2026,10.00\nC1,F2,05/06/2026,12.00\n");
    const r = runCli(["inspect", f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dates\.csv:2: ambiguous dates: "03\/04\/2026"/);
    expect(r.stderr).toContain("date_format");
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("a binary file named .csv is refused as data (3)", () => {
    const f = file("binary.csv", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 9, 8, 7]));
    const r = runCli(["inspect", f]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/binary\.csv: this is a zip archive/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("a corrupt .xlsx is refused as data (3)", () => {
    const f = file("broken.xlsx", "PK\u0003\u0004 this is not really a workbook");
    const r = runCli(["inspect", f]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/broken\.xlsx: not a readable \.xlsx workbook/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("an unclosed quote names its line (3)", () => {
    const f = file("quotes.csv", 'Customer ID,InvoiceNumber,InvoiceDate,Amount\nC1,F1,2026-01-02,10.00\nC1,"F2,2026-01-03,12.00\nC1,F3,2026-01-04,1.00\n');
    const r = runCli(["inspect", f]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/quotes\.csv:3: a quoted field that starts on this line is never closed/);
  });

  it("an unparseable value is a rejected row with file, line and column, not a failure", () => {
    const f = file("values.csv", "Customer ID,InvoiceNumber,InvoiceDate,Amount\nC1,F1,2026-01-02,10.00\nC1,F2,2026-02-31,12.00\nC1,F3,2026-01-04,--5\n");
    const r = runCli(["inspect", f, "--format", "json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ rows_read: 3, rows_used: 1, rows_rejected: 2 });
    expect(report.rejected.map((x: { line: number; column: string }) => [x.line, x.column])).toEqual([[3, "InvoiceDate"], [4, "Amount"]]);
  });

  it("an unknown option is a usage error (2)", () => {
    const r = runCli(["inspect", "--bogus"]);
    expect(r.code).toBe(2);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
