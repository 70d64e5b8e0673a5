import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { hasStackTrace, runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "relance-mapping-"));
const write = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

// An export no alias knows: title rows, odd headers, words for the document kind, 2-digit years.
const EXPORT = [
  "Boekhouding Janssens;;;;;",
  "Lijst per 31-10-26;;;;;",
  "Klant;Doc;Srt;Dt;Verv.;Bedr. incl.",
  "K1;VF-1;VF;03-04-26;03-05-26;1.234,50",
  "K1;CN-1;CN;10-04-26;10-05-26;100,00",
  "K2;MEMO-1;MEMO;11-04-26;11-05-26;0,00",
  "K2;VF-2;VF;12-04-26;12-05-26;99,99",
].join("\r\n");

const MAPPING = `invoices:
  header_row: 3
  columns: { customer_id: Klant, invoice_id: Doc, kind: Srt, issue_date: Dt, due_date: "Verv.", amount: "Bedr. incl." }
  date_format: dd-mm-yy
  encoding: windows-1252
  values:
    kind: { invoice: [VF], credit_note: [CN], ignore: [MEMO] }
  constants: { currency: EUR }
`;

describe("a mapping file reads what detection cannot", () => {
  it("maps columns, the header row, kind words, date order and constants", () => {
    const file = write("export.csv", iconv.encode(EXPORT, "windows-1252"));
    const mapping = write("mapping.yaml", MAPPING.replace("dd-mm-yy", "d/m/yy"));
    const r = runCli(["inspect", file, "--role", "invoices", "--mapping", mapping, "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.headerLine).toBe(3);
    expect(report.columns.every((c: { reason: string }) => c.reason === "mapping file")).toBe(true);
    expect(report.summary).toMatchObject({ rows_read: 3, rows_used: 3, rows_rejected: 0, rows_skipped: 1 });
    expect(report.samples).toEqual([
      expect.objectContaining({ customer_id: "K1", invoice_id: "VF-1", kind: "invoice", issue_date: "2026-04-03", due_date: "2026-05-03", amount: "1234.50", currency: "EUR" }),
      expect.objectContaining({ invoice_id: "CN-1", kind: "credit_note", amount: "-100.00" }),
      expect.objectContaining({ invoice_id: "VF-2", amount: "99.99" }),
    ]);
  });

  it("reports every problem of the mapping file at once with file:line:column", () => {
    const mapping = write("bad.yaml", "invoices:\n  colums: { customer_id: Klant }\n  date_format: someday\n  decimal: ';'\n");
    const r = runCli(["inspect", write("x.csv", EXPORT), "--mapping", mapping]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bad.yaml: the mapping file has 3 problems");
    expect(r.stderr).toMatch(/bad\.yaml:2:3: unknown key "colums" in invoices \(did you mean "columns"\?\)/);
    expect(r.stderr).toMatch(/bad\.yaml:3:16: invoices\.date_format: unknown date format "someday"/);
    expect(r.stderr).toMatch(/bad\.yaml:4:12: invoices\.decimal: decimal is "," or "."/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("refuses a mapped column the file does not have, naming the columns found", () => {
    const mapping = write("wrong.yaml", "invoices:\n  header_row: 3\n  columns: { amount: Bedrag }\n");
    const r = runCli(["inspect", write("y.csv", EXPORT), "--role", "invoices", "--mapping", mapping]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('names column "Bedrag" for amount, but the header row has no such column');
    expect(r.stderr).toContain('Columns found: "Klant", "Doc", "Srt", "Dt", "Verv.", "Bedr. incl."');
  });
});
