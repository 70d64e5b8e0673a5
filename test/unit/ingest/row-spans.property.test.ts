/**
 * The CSV rows read as spans (read-csv.ts splitPiece, rows/read-rows.ts, rows/span-reader.ts)
 * are the rows read as cells:
 *
 * 1. on any text, in pieces of any size, the rows handed on as spans plus those handed on
 *    as cells are papaparse's rows, cell for cell and line for line, in order, with the
 *    same error when there is one;
 * 2. an export read with spans gives exactly what it gives read as cells only: records,
 *    rejected rows and their reasons, warnings, counts — on random exports full of the
 *    values the fast paths must refuse (padded, quoted, invalid, repeated headers, totals,
 *    short and long rows), and on every CSV fixture.
 */
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openCsv } from "../../../src/ingest/read-csv.js";
import { spanCells, type RawRow } from "../../../src/ingest/table.js";
import { readExport, type ReadOptions } from "../../../src/ingest/read-export.js";

const dir = mkdtempSync(join(tmpdir(), "relance-spans-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;
const file = (text: string | Buffer) => {
  const path = join(dir, `t${seq++}.csv`);
  writeFileSync(path, text);
  return path;
};

type Read = { rows: { cells: RawRow["cells"]; line: number; as: "cells" | "spans" }[] } | { error: string };

async function readRows(path: string, chunkBytes: number | undefined, spans: boolean): Promise<Read> {
  try {
    const table = await openCsv(path, { delimiter: ",", ...(chunkBytes ? { chunkBytes } : {}) });
    const rows: { cells: RawRow["cells"]; line: number; as: "cells" | "spans" }[] = [];
    await table.forEachRow(
      (r) => rows.push({ cells: r.cells, line: r.line, as: "cells" }),
      spans ? (s) => rows.push({ ...spanCells(s), as: "spans" }) : undefined,
    );
    return { rows };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const without = (read: Read) => ("rows" in read ? { rows: read.rows.map(({ cells, line }) => ({ cells, line })) } : read);

describe("CSV rows as spans", () => {
  const pieces = ["a", "b1", "é", " ", ",", ",,", '"', '""', '"x,y"', "\n", "\r", "\r\n", "\n\n", "\u00a0", "😀"];
  it("are papaparse's rows, cells, lines and errors, in pieces of any size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined }), async (parts, chunkBytes) => {
        const text = parts.join("");
        fc.pre(text.trim() !== "");
        const path = file(text);
        const cells = await readRows(path, chunkBytes, false);
        const spans = await readRows(path, chunkBytes, true);
        expect(without(spans)).toEqual(without(cells));
      }),
      { numRuns: 600 },
    );
  });

  it("carry the plain rows of a large file and leave the quoted ones to papaparse", async () => {
    const lines = ["id,name,amount"];
    for (let i = 0; i < 3000; i++) lines.push(i % 500 === 7 ? `C${i},"Dupont, fils",${i}.5` : `C${i},Name ${i},${i}.5`);
    const path = file(lines.join("\r\n") + "\r\n");
    const spans = await readRows(path, 4096, true);
    expect(without(spans)).toEqual(without(await readRows(path, 4096, false)));
    if (!("rows" in spans)) throw new Error("no rows");
    const quoted = spans.rows.filter((r) => String(r.cells[1]).includes(","));
    expect(quoted.length).toBe(6);
    expect(quoted.every((r) => r.as === "cells")).toBe(true);
    expect(spans.rows.filter((r) => r.as === "spans").length).toBeGreaterThan(2900);
  });

  it("leave the rest of a piece to papaparse past a few rows it must read, quoted or with another line break", async () => {
    const lines = ["id,name,amount"];
    for (let i = 0; i < 3000; i++) lines.push(i % 3 === 0 ? `C${i},"Dupont\r\n& fils",${i}` : i % 3 === 1 ? `C${i},Name\n${i},${i}.5` : `C${i},Name ${i},${i}.5`);
    const path = file(lines.join("\r\n") + "\r\n");
    for (const chunkBytes of [4096, 1 << 20, undefined]) {
      const spans = await readRows(path, chunkBytes, true);
      expect(without(spans), String(chunkBytes)).toEqual(without(await readRows(path, chunkBytes, false)));
      if (!("rows" in spans)) throw new Error("no rows");
      expect(spans.rows.length).toBe(3002);
      if (chunkBytes === 4096) expect(spans.rows.filter((r) => r.as === "spans").length).toBeGreaterThan(100); // each piece starts split
    }
  });
});

const fixture = (p: string) => fileURLToPath(new URL(`../../../fixtures/${p}`, import.meta.url));

/** What readExport gives, minus the inspection (the same object either way, built before any row). */
async function outcome(path: string, options: ReadOptions) {
  try {
    const { inspection: _i, ...rest } = await readExport(path, options);
    return rest;
  } catch (error) {
    return { error: (error as Error).message };
  }
}

async function bothWays(path: string, options: ReadOptions) {
  const cells = await outcome(path, { ...options, cellsOnly: true });
  const spans = await outcome(path, options);
  return { cells, spans };
}

describe("an export read with spans", () => {
  it("gives what it gives read as cells, on every CSV fixture", async () => {
    const files: [string, ReadOptions["role"]][] = [
      ["fr-sage/clients.csv", "customers"], ["fr-sage/factures.csv", "invoices"],
      ["en-iso/customers.csv", "customers"], ["en-iso/invoices.csv", "invoices"], ["en-iso/payments.csv", "payments"],
      ["de-datev/kunden.csv", "customers"], ["de-datev/rechnungen.csv", "invoices"],
      ["uk-quickbooks/ar-aging-detail.csv", "invoices"],
    ];
    for (const [f, role] of files) {
      const { cells, spans } = await bothWays(fixture(f), { role });
      expect(spans, f).toEqual(cells);
    }
    const bad = fileURLToPath(new URL("../../bad-inputs/", import.meta.url));
    for (const f of readdirSync(bad).filter((f) => f.endsWith(".csv"))) {
      const role = f.includes("customers") ? "customers" : "invoices";
      const { cells, spans } = await bothWays(join(bad, f), { role });
      expect(spans, f).toEqual(cells);
    }
  });

  const ids = ["C1", "C2", " C3", "C4 ", "", "Ç5", "=C6", '"C7"', "C 8"];
  const numbers = ["INV-1", "INV-2", "INV-2", "", " INV-3", "F/4", '"5,6"'];
  const kinds = ["Invoice", "Invoice", "Credit Note", "Payment", "credit", "Rechnung", "", "??", " Invoice"];
  const dates = ["2025-01-31", "2025-02-30", "31/01/2025", "01/02/2025", "2025-1-5", " 2025-03-01", "2025-03-01 10:00", "", "20250301", "45000", "3000-01-01", "1899-12-31"];
  const amounts = ["100.50", "-20", "1,5", "1 000.25", "€12", "12 EUR", "(30.00)", "1e5", "", "0.001", "12345678901234.00", "-0", "+5", "1.234,56"];
  const yesNo = ["No", "Yes", "", "maybe", "1", "TRUE"];
  const currencies = ["EUR", "USD", "", "eur", "XX", "€"];
  const header = ["Customer ID", "InvoiceNumber", "Type", "InvoiceDate", "DueDate", "Amount", "AmountDue", "PaidDate", "Disputed", "Currency"];
  const cell = (pool: string[]) => fc.constantFrom(...pool);
  const row = fc.oneof(
    { weight: 12, arbitrary: fc.tuple(cell(ids), cell(numbers), cell(kinds), cell(dates), cell(dates), cell(amounts), cell(amounts), cell(dates), cell(yesNo), cell(currencies)).map((r) => r.join(",")) },
    { weight: 1, arbitrary: fc.constantFrom("", header.join(","), "Total,,,,,100.00,,,,", "C1,INV-9,Invoice,2025-01-01", "C1,INV-8,Invoice,2025-01-01,,5,5,,No,EUR,extra", "C1,INV-7,Invoice,2025-01-01,,5,5,,No,EUR,", ",,,,,,,,,", "Section A") },
  );

  it("gives what it gives read as cells, on random documents exports", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), fc.constantFrom("\n", "\r\n"), fc.boolean(), async (rows, newline, customerName) => {
        const head = customerName ? header.map((h) => (h === "Customer ID" ? "Customer" : h)) : header;
        const path = file([head.join(","), ...rows].join(newline) + newline);
        const { cells, spans } = await bothWays(path, { role: "invoices" });
        expect(spans).toEqual(cells);
      }),
      { numRuns: 300 },
    );
  });

  it("skips a header repeated on every page even when each of its cells reads as a value", async () => {
    const path = file(["Customer ID,Name", "C1,Dupont", "Customer ID,Name", "C2,Martin", "Customer ID,Name "].join("\n"));
    const { cells, spans } = await bothWays(path, { role: "customers" });
    expect(spans).toEqual(cells);
    expect("customers" in spans && spans.customers.map((c) => c.customer_id)).toEqual(["C1", "C2"]);
  });

  it("gives what it gives read as cells, on random payments and customers exports", async () => {
    const payment = fc.tuple(cell(ids), cell(numbers), cell(dates), cell(amounts), cell(currencies)).map((r) => r.join(","));
    const customer = fc.tuple(cell(ids), cell(["Dupont", " Müller ", "", "=HYPERLINK()"]), cell(["fr", "nl", "xx", ""]), cell(amounts), cell(["30", "Net 60", "", "x"]), cell(dates)).map((r) => r.join(","));
    await fc.assert(
      fc.asyncProperty(fc.array(payment, { minLength: 1, maxLength: 30 }), fc.array(customer, { minLength: 1, maxLength: 30 }), async (payments, customers) => {
        const p = await bothWays(file(["Customer ID,InvoiceNumber,PaymentDate,Amount,Currency", ...payments].join("\n")), { role: "payments" });
        expect(p.spans).toEqual(p.cells);
        const c = await bothWays(file(["Customer ID,Name,Language,Credit Limit,Payment Terms,Created Date", ...customers].join("\n")), { role: "customers" });
        expect(c.spans).toEqual(c.cells);
      }),
      { numRuns: 200 },
    );
  });
});
