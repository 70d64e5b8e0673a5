import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../../src/errors.js";
import { loadMappingFile } from "../../../src/ingest/mapping/mapping-file.js";
import { rejection } from "../../helpers/expect-error.js";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "relance-mapping-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

const usageError = (p: Promise<unknown>) => rejection(p, UsageError);

describe("loadMappingFile: a valid file", () => {
  it("is normalised: delimiter tab, encoding names, date_format, values as lists, constants as text", async () => {
    const file = write("ok.yaml", [
      "invoices:",
      "  columns:",
      '    customer_id: "Kunde Nr."',
      "    amount: Brutto",
      "  date_format: tt.mm.jjjj",
      '  decimal: ","',
      "  encoding: cp1252",
      "  delimiter: tab",
      "  header_row: 3",
      "  values:",
      "    kind:",
      "      invoice: [RE, Rechnung]",
      "      credit_note: GS",
      "    disputed:",
      '      "true": ja',
      "  constants:",
      "    currency: EUR",
      "    customer_id: 1001",
      "customers:",
      "  encoding: Latin9",
      "  date_format: mm/dd/yyyy",
      "  sheet: Debiteuren",
      "payments:",
      "  delimiter: '|'",
      "  encoding: UTF8",
      "  date_format: yyyy-mm-dd",
    ]);
    const m = await loadMappingFile(file);
    expect(m.invoices).toEqual({
      columns: { customer_id: "Kunde Nr.", amount: "Brutto" },
      dateFormat: { order: "dmy" },
      decimal: ",",
      encoding: "windows-1252",
      delimiter: "\t",
      headerLine: 3,
      sheet: undefined,
      values: { kind: { invoice: ["RE", "Rechnung"], credit_note: ["GS"] }, disputed: { true: ["ja"] } },
      constants: { currency: "EUR", customer_id: "1001" },
      journals: undefined,
    });
    expect(m.customers).toMatchObject({ encoding: "iso-8859-15", dateFormat: { order: "mdy" }, sheet: "Debiteuren", columns: {}, values: {}, constants: {} });
    expect(m.customers!.delimiter).toBeUndefined();
    expect(m.payments).toMatchObject({ delimiter: "|", encoding: "utf-8", dateFormat: { order: null } });
  });

  it("an empty file is an empty mapping", async () => {
    expect(await loadMappingFile(write("empty.yaml", ["# nothing yet"]))).toEqual({});
  });
});

describe("loadMappingFile: problems", () => {
  it("an unknown key: file:line:column and a 'did you mean'", async () => {
    const file = write("typo.yaml", ["invoices:", "  colums:", "    amount: Brutto"]);
    const e = await usageError(loadMappingFile(file));
    expect(e.message).toBe(`${file}: the mapping file has 1 problem:\n  ${file}:2:3: unknown key "colums" in invoices (did you mean "columns"?)`);
    expect(e.location).toEqual({ file, line: 2, column: 3 });
  });

  it("an unknown top-level section suggests the right role", async () => {
    const file = write("role.yaml", ["invoice:", "  decimal: ','"]);
    const e = await usageError(loadMappingFile(file));
    expect(e.message).toContain(`${file}:1:1: unknown key "invoice" (did you mean "invoices"?)`);
  });

  it("an unknown field under columns: its line and column, and the fields of the role", async () => {
    const file = write("field.yaml", ["invoices:", "  columns:", "    customer_id: Kunde", "    amout: Brutto"]);
    const e = await usageError(loadMappingFile(file));
    expect(e.message).toBe(
      `${file}: the mapping file has 1 problem:\n  ${file}:4:12: invoices.columns.amout: unknown field "amout" in columns ` +
        "(fields of invoices: customer_id, customer_name, invoice_id, kind, issue_date, due_date, amount, open_amount, paid_date, disputed, currency, reference, debit, credit, sign)",
    );
  });

  it("a field of another role is unknown in this one", async () => {
    const file = write("role-field.yaml", ["invoices:", "  constants:", "    payment_terms_days: 30"]);
    const e = await usageError(loadMappingFile(file));
    expect(e.message).toContain(`${file}:3:25: invoices.constants.payment_terms_days: unknown field "payment_terms_days" in constants`);
  });

  it("a bad date_format, at the value's position", async () => {
    const file = write("date.yaml", ["customers:", "  date_format: dd/mm/yyy"]);
    const e = await usageError(loadMappingFile(file));
    expect(e.message).toBe(
      `${file}: the mapping file has 1 problem:\n  ${file}:2:16: customers.date_format: unknown date format "dd/mm/yyy" (use dd/mm/yyyy, mm/dd/yyyy, yyyy-mm-dd, dd.mm.yyyy, dd-mm-yyyy, yyyymmdd or d/m/yy)`,
    );
  });

  it("several problems are reported at once, sorted by position", async () => {
    const file = write("many.yaml", [
      "payments:",
      "  encoding: ebcdic",
      "invoices:",
      "  date_format: yyyy/dd",
      "  columns:",
      "    amout: Brutto",
      "  values:",
      "    kind:",
      "      refund: [RB]",
      "    currency:",
      "      EUR: ['€']",
      "  constants:",
      "    colour: blue",
    ]);
    const e = await usageError(loadMappingFile(file));
    const lines = e.message.split("\n");
    expect(lines[0]).toBe(`${file}: the mapping file has 6 problems:`);
    expect(lines.slice(1).map((l) => l.trim().slice(file.length + 1).split(": ")[0])).toEqual(["2:13", "4:16", "6:12", "9:15", "11:7", "13:13"]);
    expect(lines[1]).toContain('unknown encoding "ebcdic"');
    expect(lines[4]).toContain('"refund" is not a value of kind (use invoice, credit_note, payment, ignore)');
    expect(lines[5]).toContain('values can be given for kind, disputed, sign, language, not "currency"');
    expect(lines[6]).toContain('invoices.constants.colour: unknown field "colour" in constants');
    expect(e.location).toEqual({ file, line: 2, column: 13 });
  });

  it("several schema problems at once too", async () => {
    const file = write("schema.yaml", ["invoices:", "  delimiter: ':'", "  header_row: 0", "  decimals: ','"]);
    const e = await usageError(loadMappingFile(file));
    expect(e.message.split("\n")[0]).toBe(`${file}: the mapping file has 3 problems:`);
    expect(e.message).toContain(`${file}:2:14: invoices.delimiter:`);
    expect(e.message).toContain(`${file}:3:15: invoices.header_row:`);
    expect(e.message).toContain(`${file}:4:3: unknown key "decimals" in invoices (did you mean "decimal"?)`);
  });

  it("an unknown key and a bad value in the same file are both reported", async () => {
    const file = write("mixed.yaml", ["invoices:", "  colums:", "    amount: Brutto", "  date_format: yyyy"]);
    const e = await usageError(loadMappingFile(file));
    expect(e.message).toBe(
      `${file}: the mapping file has 2 problems:\n` +
        `  ${file}:2:3: unknown key "colums" in invoices (did you mean "columns"?)\n` +
        `  ${file}:4:16: invoices.date_format: unknown date format "yyyy" (use dd/mm/yyyy, mm/dd/yyyy, yyyy-mm-dd, dd.mm.yyyy, dd-mm-yyyy, yyyymmdd or d/m/yy)`,
    );
  });

  it("a YAML syntax error gives its position", async () => {
    const file = write("syntax.yaml", ["invoices:", "  columns:", "    amount: [Brutto", "  decimal: ','"]);
    const e = await usageError(loadMappingFile(file));
    expect(e.message).toBe(
      `${file}: the mapping file has 1 problem:\n  ${file}:4:3: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    );
    expect(e.location).toEqual({ file, line: 4, column: 3 });
  });

  it("a tab-indented line is a syntax error at its line", async () => {
    const file = write("tab.yaml", ["invoices:", "\tdecimal: ','"]);
    const e = await usageError(loadMappingFile(file));
    expect(e.location).toEqual({ file, line: 2, column: 1 });
    expect(e.message).toContain(`${file}:2:1: Tabs are not allowed as indentation`);
  });

  it("a key given twice is refused where it repeats", async () => {
    const file = write("dup.yaml", ["invoices:", "  decimal: ','", "  decimal: '.'"]);
    const e = await usageError(loadMappingFile(file));
    expect(e.message).toContain(`${file}:3:3: Map keys must be unique`);
  });

  it("a missing file is a UsageError", async () => {
    const e = await usageError(loadMappingFile(path.join(dir, "none.yaml")));
    expect(e.message).toBe(`${path.join(dir, "none.yaml")}: cannot read the mapping file (file not found).`);
  });
});
