import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasStackTrace, runCli } from "../helpers/run-cli.js";
import { writeAgingWithPayments } from "../helpers/held-inputs.js";

const DIALECTS = {
  fr: ["--customers", "fixtures/fr-sage/clients.csv", "--invoices", "fixtures/fr-sage/factures.csv"],
  en: ["--customers", "fixtures/en-iso/customers.csv", "--invoices", "fixtures/en-iso/invoices.csv"],
  de: ["--customers", "fixtures/de-datev/kunden.csv", "--invoices", "fixtures/de-datev/rechnungen.csv"],
  nl: ["--customers", "fixtures/nl-exact/debiteuren.xlsx", "--invoices", "fixtures/nl-exact/facturen.xlsx"],
};
const AS_OF = ["--as-of", "2026-10-31"];

describe("relance metrics", () => {
  it("gives identical output for the same data in every dialect, and with the payments file as the source of settlement", () => {
    const outputs = Object.values(DIALECTS).map((args) => runCli(["metrics", ...args, ...AS_OF, "--format", "csv", "--quiet"]));
    const withPayments = runCli(["metrics", ...DIALECTS.en, "--payments", "fixtures/en-iso/payments.csv", ...AS_OF, "--format", "csv", "--quiet"]);
    for (const r of [...outputs, withPayments]) {
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe(outputs[0]!.stdout);
    }
  });

  it("writes the contract's JSON: fields in order, sorted by customer then currency, amounts in major units, nulls", () => {
    const r = runCli(["metrics", ...DIALECTS.en, ...AS_OF, "--format", "json", "--quiet"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(Object.keys(rows[0]!)).toEqual([
      "customer_id", "currency", "paid_count", "avg_days_to_pay", "avg_days_late", "wavg_days_late", "on_time_rate",
      "open_balance", "overdue_balance", "open_count", "overdue_count", "max_days_past_due",
      "aging_not_due", "aging_1_30", "aging_31_60", "aging_61_90", "aging_90_plus",
      "dispute_count", "revenue", "tenure_days", "credit_limit_use", "dso", "trend_days_late",
    ]);
    const keys = rows.map((x) => `${x.customer_id}|${x.currency}`);
    expect(keys).toEqual([...keys].sort());
    // C002 is billed in EUR and USD: two rows
    expect(rows.filter((x) => x.customer_id === "C002").map((x) => x.currency)).toEqual(["EUR", "USD"]);
    // the new customers have no paid invoice yet: means are null, not 0
    const fresh = rows.find((x) => x.customer_id === "C040")!;
    expect(fresh).toMatchObject({ paid_count: 0, avg_days_to_pay: null, avg_days_late: null, on_time_rate: null, trend_days_late: null });
    // Σ open balance per currency reconciles with the fixture (cents → major units)
    const open = (cur: string) => rows.filter((x) => x.currency === cur).reduce((s, x) => s + Math.round((x.open_balance as number) * 100), 0);
    expect([open("EUR"), open("GBP"), open("USD")]).toEqual([51157341, 89586, 2240050]);
    for (const x of rows) {
      const buckets = ["aging_not_due", "aging_1_30", "aging_31_60", "aging_61_90", "aging_90_plus"].reduce((s, k) => s + Math.round((x[k] as number) * 100), 0);
      expect(buckets).toBe(Math.round((x.open_balance as number) * 100));
    }
  });

  it("writes CSV with a header, dot decimals and empty cells for null; --out writes the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "relance-metrics-"));
    const out = join(dir, "m.csv");
    const r = runCli(["metrics", ...DIALECTS.fr, ...AS_OF, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const lines = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(lines[0]!.startsWith("customer_id,currency,paid_count,avg_days_to_pay")).toBe(true);
    const c040 = lines.find((l) => l.startsWith("C040,"))!;
    expect(c040).toMatch(/^C040,EUR,0,,,,,2099\.52,0\.00,/);
  });

  it("shows the earlier picture with an earlier --as-of", () => {
    const now = JSON.parse(runCli(["metrics", ...DIALECTS.en, ...AS_OF, "--format", "json", "--quiet"]).stdout);
    const then = JSON.parse(runCli(["metrics", ...DIALECTS.en, "--as-of", "2026-06-30", "--format", "json", "--quiet"]).stdout);
    // the new customers (created in Sept/Oct 2026) did not exist on 30 June
    expect(then.some((x: { customer_id: string }) => x.customer_id === "C040")).toBe(false);
    expect(now.some((x: { customer_id: string }) => x.customer_id === "C040")).toBe(true);
  });

  it("refuses to write over an input, and leaves nothing behind when the output folder is missing", () => {
    const same = runCli(["metrics", ...DIALECTS.en, ...AS_OF, "--out", "fixtures/en-iso/invoices.csv"]);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain("is one of the input files");
    const missing = join(tmpdir(), "no-such-dir-relance", "m.csv");
    const r = runCli(["metrics", ...DIALECTS.en, ...AS_OF, "--out", missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("its folder does not exist");
    expect(existsSync(missing)).toBe(false);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("fails under --strict when a row is rejected (3), and needs --invoices (2)", () => {
    expect(runCli(["metrics", ...AS_OF]).code).toBe(2);
    const r = runCli(["metrics", "--invoices", "test/bad-inputs/one-bad-date.csv", ...AS_OF, "--strict"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("one-bad-date.csv:3 (column \"InvoiceDate\")");
  });
  it("says with --verbose when every document had to be held in memory, and why (payment rows among the documents)", () => {
    const dir = mkdtempSync(join(tmpdir(), "relance-metrics-held-"));
    const { invoices, payments } = writeAgingWithPayments(dir);
    const args = ["metrics", "--invoices", invoices, "--payments", payments, ...AS_OF, "--format", "csv"];
    const verbose = runCli([...args, "--verbose"]);
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toContain(`note: every document was held in memory, and memory then grows with the whole export (same results): ${invoices} holds payment rows naming an invoice while a payments export is also given`);
    const plain = runCli(args);
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toContain("held in memory");
    expect(plain.stdout).toBe(verbose.stdout);
    // payments naming only their invoice are not held: their customers are found first
    const byInvoice = join(dir, "payments-by-invoice.csv");
    writeFileSync(byInvoice, "Invoice Number,Payment Date,Amount\nF1,2026-10-10,60.00\n");
    const streamed = runCli(["metrics", "--invoices", invoices, "--payments", byInvoice, ...AS_OF, "--format", "csv", "--verbose"]);
    expect(streamed.code).toBe(0);
    expect(streamed.stderr).toContain("held in memory"); // the documents still hold a payment row
    const docsOnly = join(dir, "documents.csv");
    writeFileSync(docsOnly, "Customer ID,Invoice Number,Invoice Date,Due Date,Amount\nC1,F1,2026-09-01,2026-10-01,100.00\n");
    const none = runCli(["metrics", "--invoices", docsOnly, "--payments", byInvoice, ...AS_OF, "--format", "csv", "--verbose"]);
    expect(none.code).toBe(0);
    expect(none.stderr).not.toContain("held in memory");
  });
});
