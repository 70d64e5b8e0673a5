/**
 * The run's streamed path (documents folded into the metrics as they are read,
 * loadMeasured) gives what the held path gives (every document read, then the ledger built
 * and measured: loadLedger + computeMetrics), on a generated ledger with every behaviour
 * profile and on every fixture dialect; and the same data read from .xlsx gives the same
 * metrics as from CSV.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvToXlsx } from "../../src/bench/csv-to-xlsx.js";
import { generateLedger, type GeneratedFiles } from "../../src/bench/generate-ledger.js";
import { loadLedger, loadMeasured, type LedgerFiles } from "../../src/ingest/load-ledger.js";
import { parseIsoDay, type Day } from "../../src/ledger/day.js";
import { computeMetrics } from "../../src/metrics/compute-metrics.js";
import { writeAgingWithPayments } from "../helpers/held-inputs.js";

const AS_OF = "2025-06-30";
const D = parseIsoDay(AS_OF) as Day;
const OPTIONS = { asOf: D, windowDays: 365, graceDays: 0 };

async function bothPaths(files: LedgerFiles) {
  const held = await loadLedger(files);
  const { documents, payments, ...head } = held.ledger;
  const streamed = await loadMeasured(files, OPTIONS);
  return { held: { ledger: head, metrics: computeMetrics(held.ledger, OPTIONS), documents, payments }, streamed };
}

let dir: string;
let generated: GeneratedFiles;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "relance-streamed-"));
  generated = (await generateLedger(dir, { customers: 300, documents: 8_000, asOf: AS_OF })).files;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("streamed and held ledgers agree", () => {
  it("on a generated ledger settled from its payments export", async () => {
    const { held, streamed } = await bothPaths({ ...generated, asOf: D });
    expect(streamed.streamed).toBe(true);
    expect(streamed.heldBecause).toBeNull();
    expect(held.documents.length).toBeGreaterThan(7_000);
    expect(streamed.ledger).toEqual(held.ledger);
    expect(streamed.metrics).toEqual(held.metrics);
    expect(streamed.metrics.rows.some((r) => r.open_balance > 0 && r.paid_count > 0)).toBe(true);
  });

  it("on the same ledger settled from the documents (paid dates, open amounts)", async () => {
    const { held, streamed } = await bothPaths({ customers: generated.customers, invoices: generated.invoices, asOf: D });
    expect(streamed.streamed).toBe(true);
    expect(streamed.ledger).toEqual(held.ledger);
    expect(streamed.metrics).toEqual(held.metrics);
  });

  it("on the same ledger with its invoices in issue-date order, customers interleaved (and the metrics of the customer order)", async () => {
    const [header, ...lines] = readFileSync(generated.invoices, "utf8").trim().split("\n");
    const dateColumn = header!.split(",").indexOf("InvoiceDate");
    const byDate = lines.map((line, i) => ({ line, i, day: line.split(",")[dateColumn]! })).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.i - b.i));
    const invoices = join(dir, "invoices-by-date.csv");
    writeFileSync(invoices, [header, ...byDate.map((x) => x.line)].join("\n") + "\n");
    for (const payments of [undefined, generated.payments]) {
      const { held, streamed } = await bothPaths({ customers: generated.customers, invoices, payments, asOf: D });
      expect(streamed.streamed).toBe(true);
      expect(streamed.ledger).toEqual(held.ledger);
      expect(streamed.metrics).toEqual(held.metrics);
      const inCustomerOrder = await loadMeasured({ customers: generated.customers, invoices: generated.invoices, payments, asOf: D }, OPTIONS);
      expect(streamed.metrics.rows).toEqual(inCustomerOrder.metrics.rows);
    }
  });

  const fixtures: Record<string, LedgerFiles> = {
    "fr-sage (cp1252, ;)": { customers: "fixtures/fr-sage/clients.csv", invoices: "fixtures/fr-sage/factures.csv" },
    "en-iso with payments": { customers: "fixtures/en-iso/customers.csv", invoices: "fixtures/en-iso/invoices.csv", payments: "fixtures/en-iso/payments.csv" },
    "de-datev": { customers: "fixtures/de-datev/kunden.csv", invoices: "fixtures/de-datev/rechnungen.csv" },
    "nl-exact (.xlsx)": { customers: "fixtures/nl-exact/debiteuren.xlsx", invoices: "fixtures/nl-exact/facturen.xlsx" },
    "uk-quickbooks (payments among the documents)": { invoices: "fixtures/uk-quickbooks/ar-aging-detail.csv" },
    FEC: { invoices: "fixtures/fec/123456782FEC20261031.txt" },
  };
  for (const [name, files] of Object.entries(fixtures)) {
    it(`on ${name}`, async () => {
      const asOf = parseIsoDay("2026-10-31") as Day;
      const held = await loadLedger({ ...files, asOf });
      const { documents: _d, payments: _p, ...head } = held.ledger;
      const options = { ...OPTIONS, asOf };
      const streamed = await loadMeasured({ ...files, asOf }, options);
      expect(streamed.ledger).toEqual(head);
      expect(streamed.metrics).toEqual(computeMetrics(held.ledger, options));
    });
  }

  it("when payments name only their invoice: streamed (their customers found in a first reading of the documents), same results", async () => {
    const lines = readFileSync("fixtures/en-iso/payments.csv", "utf8").trim().split("\n");
    const path = join(dir, "payments-without-customer.csv");
    writeFileSync(path, lines.map((l) => l.split(",").slice(1).join(",")).join("\n") + "\n");
    const files = { customers: "fixtures/en-iso/customers.csv", invoices: "fixtures/en-iso/invoices.csv", payments: path };
    const asOf = parseIsoDay("2026-10-31") as Day;
    const held = await loadLedger({ ...files, asOf });
    const { documents: _d, payments, ...head } = held.ledger;
    const options = { ...OPTIONS, asOf };
    const streamed = await loadMeasured({ ...files, asOf }, options);
    expect(streamed.streamed).toBe(true);
    expect(streamed.heldBecause).toBeNull();
    expect(payments.length).toBe(lines.length - 1);
    expect(streamed.ledger).toEqual(head);
    expect(streamed.metrics).toEqual(computeMetrics(held.ledger, options));
    // and the customers found through the invoices settle as the export with customer ids does
    const withIds = await loadMeasured({ ...files, payments: "fixtures/en-iso/payments.csv", asOf }, options);
    expect(streamed.metrics.rows).toEqual(withIds.metrics.rows);
  });

  it("when the generated payments name only their invoice: streamed, the same ledger and metrics as with customer ids", async () => {
    const lines = readFileSync(generated.payments, "utf8").trim().split("\n");
    const path = join(dir, "generated-payments-by-invoice.csv");
    writeFileSync(path, lines.map((l) => l.split(",").slice(1).join(",")).join("\n") + "\n");
    const { held, streamed } = await bothPaths({ ...generated, payments: path, asOf: D });
    expect(streamed.streamed).toBe(true);
    expect(streamed.ledger).toEqual(held.ledger);
    expect(streamed.metrics).toEqual(held.metrics);
    expect(held.payments.length).toBe(lines.length - 1); // every one found its customer
    const withIds = await loadMeasured({ ...generated, asOf: D }, OPTIONS);
    expect(streamed.metrics).toEqual(withIds.metrics);
  });

  it("when payments name only their invoice and some numbers are ambiguous, unknown or a rejected document's: streamed, same rejections and metrics as held", async () => {
    const customers = join(dir, "owners-customers.csv");
    writeFileSync(customers, "Customer ID,Name\nC1,One\nC2,Two\nC3,Three\n");
    const invoices = join(dir, "owners-invoices.csv");
    writeFileSync(invoices, [
      "Customer ID,Invoice Number,Invoice Date,Due Date,Amount",
      "C1,F1,2025-04-01,2025-05-01,100.00",
      "C2,F1,2025-04-02,2025-05-02,200.00", // F1: two customers
      "C1,F2,2025-04-03,2025-05-03,300.00",
      "C1,F2,2025-04-03,2025-05-03,300.00", // repeated: one owner still
      "C9,F3,2025-04-04,2025-05-04,400.00", // not a customer of the export: rejected, owns nothing
      "C3,F4,2025-04-05,2025-05-05,500.00",
      "C3,F5,not a date,2025-05-05,600.00", // rejected row
    ].join("\n") + "\n");
    const payments = join(dir, "owners-payments.csv");
    writeFileSync(payments, [
      "Invoice Number,Payment Date,Amount",
      "F1,2025-05-10,50.00", // ambiguous
      "F2,2025-05-01,300.00",
      "F3,2025-05-02,400.00", // its document was rejected
      "F4,2025-05-20,100.00",
      "F4,2025-05-20,400.00", // same day: settles F4 on the 20th
      "F5,2025-05-03,600.00", // its row was rejected
      "F9,2025-05-04,10.00", // no such invoice
    ].join("\n") + "\n");
    for (const files of [{ customers, invoices, payments }, { invoices, payments }]) {
      const { held, streamed } = await bothPaths({ ...files, asOf: D });
      expect(streamed.streamed).toBe(true);
      expect(streamed.ledger).toEqual(held.ledger);
      expect(streamed.metrics).toEqual(held.metrics);
      const reasons = streamed.ledger.rejected.filter((r) => r.file === payments).map((r) => [r.line, r.reason]);
      expect(reasons).toContainEqual([2, "payment for invoice number F1, which several customers have (C1, C2); give the customer id"]);
      expect(reasons).toContainEqual([8, "payment for invoice F9, which no document has, and no customer id"]);
      expect(reasons.some(([line]) => line === 3 || line === 5)).toBe(false); // F2 and F4 found their customer
    }
  });

  it("with what is kept of documents past their row (credit notes matched at the end, warnings, rejections): the same lines", async () => {
    // the streamed reader hands one record rewritten for every row (RecordSink.keepsNoRecord): what is kept past the row must be a copy
    const path = join(dir, "credit-notes.csv");
    writeFileSync(path, [
      "Customer ID,InvoiceNumber,Type,InvoiceDate,DueDate,Amount,AmountDue,PaidDate",
      "C1,CN-1,Credit Note,2026-09-01,2026-09-01,-10.00,-10.00,",
      "C1,F-1,Invoice,2026-09-02,,100.00,100.00,",
      "C2,CN-2,Credit Note,2026-09-03,2026-09-03,-20.00,-20.00,",
      "C2,CN-2,Credit Note,2026-09-03,2026-09-03,-21.00,-21.00,",
      "C3,CN-3,Credit Note,2026-09-04,2026-09-04,-30.00,0.00,2026-09-05",
      "C3,F-3,Invoice,2026-12-01,2026-12-31,50.00,50.00,",
      "C3,F-4,Invoice,2026-09-05,2026-10-05,70.00,70.00,",
      "C4,CN-4,Credit Note,2026-09-06,2026-09-06,-40.00,-40.00,",
    ].join("\n") + "\n");
    const asOf = parseIsoDay("2026-10-31") as Day;
    const options = { ...OPTIONS, asOf };
    const held = await loadLedger({ invoices: path, asOf });
    const { documents, payments: _p, ...head } = held.ledger;
    const streamed = await loadMeasured({ invoices: path, asOf }, options);
    expect(streamed.streamed).toBe(true);
    expect(streamed.ledger).toEqual(head);
    expect(streamed.metrics).toEqual(computeMetrics(held.ledger, options));
    expect(documents.map((d) => d.source.line)).toEqual([2, 3, 4, 6, 7, 8, 9]);
    const lines = (code: string) => streamed.ledger.warnings.filter((w) => w.code === code).map((w) => w.line);
    expect(lines("credit-note-unmatched")).toEqual([4, 9]); // C2 and C4 have no invoice
    expect(lines("due-date-derived")).toEqual([3]);
    expect(lines("future-dated")).toEqual([7]);
    expect(streamed.ledger.rejected.map((r) => r.line)).toEqual([5]);
  });

  it("when the documents export holds payments naming an invoice and a payments export is given: held, same results", async () => {
    const { invoices, payments } = writeAgingWithPayments(dir);
    const asOf = parseIsoDay("2026-10-31") as Day;
    const options = { ...OPTIONS, asOf };
    const held = await loadLedger({ invoices, payments, asOf });
    const { documents: _d, payments: heldPayments, ...head } = held.ledger;
    const streamed = await loadMeasured({ invoices, payments, asOf }, options);
    expect(heldPayments.map((p) => p.invoice_id)).toEqual(["F1", "F1"]);
    expect(streamed.streamed).toBe(false);
    expect(streamed.heldBecause).toMatch(/aging-with-payments\.csv holds payment rows naming an invoice while a payments export is also given/);
    expect(streamed.ledger).toEqual(head);
    expect(streamed.metrics).toEqual(computeMetrics(held.ledger, options));
    // F1 is settled on 2026-10-10 by the two payments together: 9 days late
    expect(streamed.metrics.rows[0]!.avg_days_late).toBe(9);
  });
});

describe("the same export as CSV and as .xlsx", () => {
  it("gives the same metrics", async () => {
    // written as the benchmark writes its .xlsx inputs: typed cells, shared strings, streamed
    const asXlsx = async (csv: string, name: string) => {
      await csvToXlsx(csv, join(dir, name));
      return join(dir, name);
    };
    const xlsx = {
      customers: await asXlsx(generated.customers, "customers.xlsx"),
      invoices: await asXlsx(generated.invoices, "invoices.xlsx"),
      payments: await asXlsx(generated.payments, "payments.xlsx"),
    };
    const fromCsv = await loadMeasured({ ...generated, asOf: D }, OPTIONS);
    const fromXlsx = await loadMeasured({ ...xlsx, asOf: D }, OPTIONS);
    expect(fromXlsx.ledger.rejected).toEqual([]);
    expect(fromXlsx.metrics).toEqual(fromCsv.metrics);
    expect(fromXlsx.ledger.customers.length).toBe(fromCsv.ledger.customers.length);
  }, 60_000);
});

describe("a FEC's due dates, from the customers export's terms", () => {
  it("take the terms of the customer's first row when its id is repeated (the row the ledger keeps), held and streamed", async () => {
    const customers = join(dir, "fec-customers.csv");
    writeFileSync(customers, "Customer ID,Name,Payment Terms\nC0001,Boulangerie Martin,45\nC0001,Boulangerie Martin,10\nC0004,\"Martin, Fils et Associés\",\n");
    const files = { customers, invoices: "fixtures/fec/123456782FEC20261031.txt", asOf: parseIsoDay("2026-10-31") as Day };
    const options = { ...OPTIONS, asOf: files.asOf };
    const held = await loadLedger(files);
    expect(held.ledger.rejected.filter((r) => r.reason.startsWith("duplicate customer id")).map((r) => [r.line, r.reason])).toEqual([[3, expect.stringMatching(/^duplicate customer id C0001 with different content/)]]);
    const invoice = held.ledger.documents.find((d) => d.invoice_id === "FA26-00006")!;
    expect(invoice.due_date - invoice.issue_date).toBe(45);
    const noTerms = held.ledger.documents.filter((d) => d.customer_id === "C0004");
    expect(noTerms.length).toBeGreaterThan(0);
    for (const d of noTerms) expect(d.due_date - d.issue_date).toBe(30); // no terms: the default
    const streamed = await loadMeasured(files, options);
    const open = [...streamed.metrics.openItems.values()].flat().filter((i) => i.customer_id === "C0001");
    expect(open.length).toBeGreaterThan(0);
    for (const item of open) expect(item.due_date - item.issue_date).toBe(45);
  });
});


describe("several bad exports", () => {
  const bad = () => {
    const path = join(dir, `bom-then-latin1-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("Customer ID,InvoiceNumber\nC1,F\xe9-1\n", "latin1")]));
    return path;
  };

  it("are reported in the reading order: the customers', then the payments', then the documents'", async () => {
    const missing = join(dir, "no-such-customers.csv");
    await expect(loadMeasured({ customers: missing, invoices: bad(), payments: bad(), asOf: D }, OPTIONS)).rejects.toThrow(/no-such-customers\.csv: file not found/);
    const payments = bad();
    await expect(loadMeasured({ customers: generated.customers, invoices: bad(), payments, asOf: D }, OPTIONS)).rejects.toThrow(new RegExp(`${payments.split("/").pop()}:2: the file starts with a UTF-8 byte order mark`));
    const invoices = bad();
    await expect(loadMeasured({ customers: generated.customers, invoices, asOf: D }, OPTIONS)).rejects.toThrow(new RegExp(`${invoices.split("/").pop()}:2: the file starts with a UTF-8 byte order mark`));
  });
});
