/**
 * The same ledger exported by four packages (a French CSV in Windows-1252, an English ISO
 * CSV, a German CSV, a Dutch .xlsx) must read into identical ledgers: same customers,
 * same documents, to the cent and the day. Only where each row was read differs.
 */
import { describe, expect, it } from "vitest";
import { loadLedger } from "../../src/ingest/load-ledger.js";
import type { Ledger } from "../../src/ledger/types.js";
import { parseIsoDay } from "../../src/ledger/day.js";

const asOf = parseIsoDay("2026-10-31")!;
const DIALECTS = {
  fr: { customers: "fixtures/fr-sage/clients.csv", invoices: "fixtures/fr-sage/factures.csv" },
  en: { customers: "fixtures/en-iso/customers.csv", invoices: "fixtures/en-iso/invoices.csv" },
  de: { customers: "fixtures/de-datev/kunden.csv", invoices: "fixtures/de-datev/rechnungen.csv" },
  nl: { customers: "fixtures/nl-exact/debiteuren.xlsx", invoices: "fixtures/nl-exact/facturen.xlsx" },
};

/** The ledger without source positions and without free columns (their headers differ by language). */
function content(ledger: Ledger) {
  return {
    customers: ledger.customers.map(({ source: _s, extra, ...c }) => ({ ...c, extra: Object.values(extra) })),
    documents: ledger.documents.map(({ source: _s, ...d }) => d),
    rejected: ledger.rejected.length,
    warnings: ledger.warnings.map((w) => [w.code, w.line, w.message.replace(/fixtures\/\S+/g, "")]),
  };
}

describe("the same data in four dialects", () => {
  it("reads into identical ledgers", async () => {
    const read = async (files: { customers: string; invoices: string }) => content((await loadLedger({ ...files, asOf })).ledger);
    const ledgers = { fr: await read(DIALECTS.fr), en: await read(DIALECTS.en), de: await read(DIALECTS.de), nl: await read(DIALECTS.nl) };
    expect(ledgers.en.customers).toHaveLength(40);
    expect(ledgers.en.documents).toHaveLength(386);
    expect(ledgers.en.rejected).toBe(0);
    // the xlsx has three title rows above its header, so its line numbers are shifted by 3
    const nlWarnings = ledgers.nl.warnings.map(([code, line, msg]) => [code, typeof line === "number" ? line - 3 : line, msg]);
    expect(ledgers.fr.customers).toEqual(ledgers.en.customers);
    expect(ledgers.de.customers).toEqual(ledgers.en.customers);
    expect(ledgers.nl.customers).toEqual(ledgers.en.customers);
    expect(ledgers.fr.documents).toEqual(ledgers.en.documents);
    expect(ledgers.de.documents).toEqual(ledgers.en.documents);
    expect(ledgers.nl.documents).toEqual(ledgers.en.documents);
    expect(ledgers.fr.warnings).toEqual(ledgers.en.warnings);
    expect(nlWarnings).toEqual(ledgers.en.warnings);
  });

  it("reads a customer name with quotes, commas, accents and a leading = as plain text", async () => {
    const { ledger } = await loadLedger({ ...DIALECTS.fr, asOf });
    const names = ledger.customers.map((c) => c.name);
    expect(names).toContain('Atelier "Le Moulin"');
    expect(names).toContain("Dupont, Fils & Cie");
    expect(names).toContain("Société Générale d'Éclairage");
    expect(names.some((n) => n.startsWith("=HYPERLINK("))).toBe(true);
  });

  it("finds the QuickBooks report's open items among the same documents", async () => {
    const en = (await loadLedger({ ...DIALECTS.en, asOf })).ledger;
    const qb = (await loadLedger({ invoices: "fixtures/uk-quickbooks/ar-aging-detail.csv", asOf })).ledger;
    const nameOf = new Map(en.customers.map((c) => [c.customer_id, c.name]));
    const open = en.documents.filter((d) => (d.open_amount ?? 0) !== 0);
    expect(qb.documents).toHaveLength(open.length);
    const key = (name: string, id: string) => `${name}|${id}`;
    const qbByKey = new Map(qb.documents.map((d) => [key(d.customer_id, d.invoice_id), d]));
    for (const d of open) {
      const q = qbByKey.get(key(nameOf.get(d.customer_id)!, d.invoice_id));
      expect(q, d.invoice_id).toBeDefined();
      expect([q!.open_amount, q!.amount, q!.due_date, q!.issue_date, q!.kind, q!.currency]).toEqual([d.open_amount, d.amount, d.due_date, d.issue_date, d.kind, d.currency]);
    }
    expect(qb.rejected).toHaveLength(0);
  });
});
