import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readExport, type ExportContent } from "../../../src/ingest/read-export.js";
import type { DocumentRow } from "../../../src/ingest/rows/to-documents.js";

const fixture = (p: string) => fileURLToPath(new URL(`../../../fixtures/${p}`, import.meta.url));

// fixtures/README.md, "Expected counts"
const SUM_AMOUNT = { EUR: 564447516, GBP: 563376, USD: 4115050 };
const SUM_OPEN = { EUR: 51157341, GBP: 89586, USD: 2240050 };

function sumBy(docs: DocumentRow[], value: (d: DocumentRow) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of docs) out[d.currency] = (out[d.currency] ?? 0) + value(d);
  return Object.fromEntries(Object.entries(out).sort());
}

/** A document without where it was read, for comparing dialects. */
const content = ({ source: _s, customer_name: _n, ...rest }: DocumentRow) => rest;

const DIALECTS = [
  ["fr-sage/factures.csv", 1],
  ["en-iso/invoices.csv", 1],
  ["de-datev/rechnungen.csv", 1],
  ["nl-exact/facturen.xlsx", 4],
] as const;

const read = new Map<string, Promise<ExportContent>>();
function invoices(file: string): Promise<ExportContent> {
  if (!read.has(file)) read.set(file, readExport(fixture(file), { role: "invoices" }));
  return read.get(file)!;
}

describe.each(DIALECTS)("readExport %s", (file, headerLine) => {
  it("gives the 386 documents with the README's totals per currency", async () => {
    const r = await invoices(file);
    expect(r.documents.length).toBe(386);
    expect(r.documents.filter((d) => d.kind === "invoice").length).toBe(366);
    expect(r.documents.filter((d) => d.kind === "credit_note").length).toBe(20);
    expect(sumBy(r.documents, (d) => d.amount)).toEqual(SUM_AMOUNT);
    expect(sumBy(r.documents, (d) => d.open_amount ?? Number.NaN)).toEqual(SUM_OPEN);
    expect(r.payments).toEqual([]);
    expect(r.rejected).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.summary).toEqual({ file: fixture(file), role: "invoices", rows_read: 386, rows_used: 386, rows_rejected: 0, rows_skipped: 0 });
    expect(r.inspection.headerLine).toBe(headerLine);
  });

  it("reads the README's open, partly paid, disputed and undated documents", async () => {
    const docs = (await invoices(file)).documents;
    const key = (d: DocumentRow) => `${d.customer_id}/${d.invoice_id}`;
    const open = docs.filter((d) => d.kind === "invoice" && d.open_amount! > 0);
    expect(open.length).toBe(64);
    expect(docs.filter((d) => d.kind === "credit_note" && d.open_amount !== 0).length).toBe(4);
    expect(open.filter((d) => d.open_amount! < d.amount).map(key).sort()).toEqual([
      "C005/F2025-0004", "C007/F2026-0193", "C014/F2026-0002", "C018/F2026-0170", "C028/F2025-0046",
    ]);
    expect(docs.filter((d) => d.disputed).map(key).sort()).toEqual([
      "C004/F2026-0041", "C004/F2026-0131", "C004/F2026-0144", "C005/F2025-0004", "C010/F2025-0049", "C010/F2026-0154", "C010/F2026-0175",
    ]);
    expect(docs.filter((d) => d.due_date === null).map(key).sort()).toEqual(["C003/F2025-0002", "C012/F2025-0033", "C026/F2026-0224"]);
    expect(docs.every((d) => (d.kind === "credit_note") === d.amount < 0)).toBe(true);
  });
});

describe("readExport: the four dialects agree", () => {
  it("fr-sage, de-datev and nl-exact give exactly the en-iso documents", async () => {
    const reference = (await invoices("en-iso/invoices.csv")).documents.map(content);
    for (const [file] of DIALECTS) {
      const docs = (await invoices(file)).documents.map(content);
      expect(docs, file).toEqual(reference);
    }
  });

  it("each dialect's customers file gives the same 40 customers", async () => {
    const files = ["fr-sage/clients.csv", "en-iso/customers.csv", "de-datev/kunden.csv", "nl-exact/debiteuren.xlsx"];
    const results = await Promise.all(files.map((f) => readExport(fixture(f), { role: "customers" })));
    const strip = (r: ExportContent) => r.customers.map(({ source: _s, extra: _e, ...c }) => c);
    for (const r of results) {
      expect(r.customers.length).toBe(40);
      expect(r.rejected).toEqual([]);
      expect(strip(r)).toEqual(strip(results[1]!));
    }
    const byId = new Map(results[0]!.customers.map((c) => [c.customer_id, c]));
    expect(byId.get("C005")!.name).toBe("Dupont, Fils & Cie");
    expect(byId.get("C008")!.name).toBe("Le Comptoir de l'€uro SPRL");
    expect(byId.get("C012")!.payment_terms_days).toBeNull();
    expect(byId.get("C006")!.credit_limit).toBeNull();
  });

  it("en-iso payments.csv: 393 rows, 16 negative, Σ per currency = Σ amount − Σ open", async () => {
    const r = await readExport(fixture("en-iso/payments.csv"), { role: "payments" });
    expect(r.payments.length).toBe(393);
    expect(r.payments.filter((p) => p.amount < 0).length).toBe(16);
    const sums: Record<string, number> = {};
    for (const p of r.payments) sums[p.currency] = (sums[p.currency] ?? 0) + p.amount;
    expect(sums).toEqual({ EUR: 513290175, GBP: 473790, USD: 1875000 });
    expect(r.rejected).toEqual([]);
  });
});

describe("readExport uk-quickbooks/ar-aging-detail.csv", () => {
  it("gives the 68 open documents; sections, totals and the footer are skipped, not rejected", async () => {
    const r = await readExport(fixture("uk-quickbooks/ar-aging-detail.csv"), { role: "invoices" });
    expect(r.documents.length).toBe(68);
    expect(r.documents.filter((d) => d.kind === "invoice").length).toBe(64);
    expect(r.documents.filter((d) => d.kind === "credit_note").length).toBe(4);
    expect(r.rejected).toEqual([]);
    // 5 section titles + 5 "Total for …" + "TOTAL" + the footer; the blank lines are not counted
    expect(r.summary).toEqual({ file: fixture("uk-quickbooks/ar-aging-detail.csv"), role: "invoices", rows_read: 68, rows_used: 68, rows_rejected: 0, rows_skipped: 12 });
    expect(r.inspection.headerLine).toBe(5);
    expect(r.inspection.dateFormat).toBe("day/month/year");
    // README: TOTAL 54117138 (Amount) and 53486977 (Open Balance) in cents, currencies mixed
    expect(r.documents.reduce((s, d) => s + d.amount, 0)).toBe(54117138);
    expect(r.documents.reduce((s, d) => s + d.open_amount!, 0)).toBe(53486977);
    // customers by name only: the name is the id
    const first = r.documents[0]!;
    expect([first.invoice_id, first.customer_id, first.customer_name, first.source.line]).toEqual(["F2026-0200", "Société Générale d'Éclairage", "Société Générale d'Éclairage", 7]);
    expect(r.documents.every((d) => d.due_date !== null)).toBe(true);
  });

  it("lists exactly the documents en-iso has open at 2026-10-31, with the same amounts", async () => {
    const uk = await readExport(fixture("uk-quickbooks/ar-aging-detail.csv"), { role: "invoices" });
    const iso = (await invoices("en-iso/invoices.csv")).documents.filter((d) => d.open_amount !== 0);
    const view = (d: DocumentRow) => [d.invoice_id, d.kind, d.issue_date, d.amount, d.open_amount];
    const sort = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(uk.documents.map(view).sort(sort)).toEqual(iso.map(view).sort(sort));
    // the USD invoice is there at its USD value
    expect(uk.documents.find((d) => d.invoice_id === "F2026-0236")!.amount).toBe(2240050);
  });
});

describe("readExport, rows too wide", () => {
  const write = async (text: string) => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "relance-wide-")), "invoices.csv");
    writeFileSync(file, text);
    return file;
  };

  it("says the line endings may be mixed when the row runs over a line break that is not the file's", async () => {
    const file = await write("Customer ID,InvoiceNumber,InvoiceDate,Amount\r\nC1,F1,2025-01-31,10.00\nC1,F2,2025-02-28,20.00\r\nC2,F3,2025-03-31,5.00\r\n");
    const r = await readExport(file, { role: "invoices" });
    expect(r.documents.map((d) => d.invoice_id)).toEqual(["F3"]);
    expect(r.rejected.map((x) => [x.line, x.reason])).toEqual([[2, "row has 7 fields but the header has 4 (it runs over a line break that is not the file's: are its line endings mixed, CRLF and LF? Save the file again with one kind)"]]);
  });

  it("suspects an unquoted delimiter otherwise", async () => {
    const file = await write("Customer ID,InvoiceNumber,InvoiceDate,Amount\nC1,F1,2025-01-31,10,00\n");
    const r = await readExport(file, { role: "invoices" });
    expect(r.rejected.map((x) => x.reason)).toEqual(["row has 5 fields but the header has 4 (a delimiter inside an unquoted value?)"]);
  });
});
