import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError, UsageError } from "../../../src/errors.js";
import { openXlsx } from "../../../src/ingest/read-xlsx.js";
import { readWholeSheet } from "../../../src/ingest/xlsx-whole.js";
import { rezip } from "../../bad-inputs/generate.js";
import type { RawRow, RawTable } from "../../../src/ingest/table.js";

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "relance-xlsx-"));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function writeBook(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

async function allRows(table: RawTable): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  await table.forEachRow((row) => rows.push(row));
  return rows;
}

function zipEntry(file: string, entry: string): string {
  return execFileSync("unzip", ["-p", file, entry], { encoding: "utf8" });
}

async function expectError(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the promise to reject");
}

describe("openXlsx", () => {
  it("reads typed numbers and text, untrimmed, with real row numbers", async () => {
    const file = await writeBook("typed.xlsx", (wb) => {
      const ws = wb.addWorksheet("Clients");
      ws.addRow(["Client", "Montant", "Actif"]);
      ws.addRow(["  Dupont SARL ", 1234.5, true]);
      ws.addRow(["00123", -0.1, false]);
      ws.getCell("C4").value = "only C";
    });
    const table = await openXlsx(file);
    expect(table.file).toBe(file);
    expect(table.format).toEqual({ kind: "xlsx", sheet: "Clients", date1904: false });
    const rows = await allRows(table);
    expect(rows).toEqual([
      { line: 1, cells: ["Client", "Montant", "Actif"] },
      { line: 2, cells: ["  Dupont SARL ", 1234.5, "true"] },
      { line: 3, cells: ["00123", -0.1, "false"] },
      { line: 4, cells: [null, null, "only C"] },
    ]);
    expect(typeof rows[1]?.cells[1]).toBe("number");
    expect(table.head).toEqual(rows);
  });

  it("gives the date Excel shows in the 1900 date system", async () => {
    const file = await writeBook("d1900.xlsx", (wb) => {
      const ws = wb.addWorksheet("S");
      // 45366 is 2024-03-15 in the 1900 system; written as a raw serial with a date format.
      ws.getCell("A1").value = 45366;
      ws.getCell("A1").numFmt = "dd/mm/yyyy";
      ws.getCell("B1").value = 45366.75; // with a time of day
      ws.getCell("B1").numFmt = "dd/mm/yyyy hh:mm";
      ws.getCell("C1").value = new Date(Date.UTC(2024, 11, 31));
      ws.getCell("C1").numFmt = "yyyy-mm-dd";
      ws.getCell("D1").value = 45366; // same serial, no date format: stays a number
      // Excel's phantom 1900-02-29 and the serials around it.
      ws.getCell("E1").value = 1;
      ws.getCell("F1").value = 59;
      ws.getCell("G1").value = 60;
      ws.getCell("H1").value = 61;
      for (const ref of ["E1", "F1", "G1", "H1"]) ws.getCell(ref).numFmt = "yyyy-mm-dd";
    });
    expect(zipEntry(file, "xl/workbook.xml")).not.toMatch(/date1904="1"/);
    const table = await openXlsx(file);
    expect(table.format.date1904).toBe(false);
    expect(table.head[0]?.cells).toEqual([
      "2024-03-15",
      "2024-03-15",
      "2024-12-31",
      45366,
      "1900-01-01",
      "1900-02-28",
      "1900-02-29",
      "1900-03-01",
    ]);
  });

  it("gives the date Excel shows in the 1904 date system", async () => {
    const file = await writeBook("d1904.xlsx", (wb) => {
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet("S");
      // 43904 is 2024-03-15 in the 1904 system (45366 - 1462).
      ws.getCell("A1").value = 43904;
      ws.getCell("A1").numFmt = "dd/mm/yyyy";
      ws.getCell("B1").value = 0; // 1904-01-01
      ws.getCell("B1").numFmt = "dd/mm/yyyy";
      ws.getCell("C1").value = { formula: "A1+1", result: 43905 };
      ws.getCell("C1").numFmt = "dd/mm/yyyy";
    });
    // The file really is a 1904 workbook holding the raw serials.
    expect(zipEntry(file, "xl/workbook.xml")).toMatch(/<workbookPr[^>]*date1904="1"/);
    const sheetXml = zipEntry(file, "xl/worksheets/sheet1.xml");
    expect(sheetXml).toMatch(/<c r="A1"[^>]*><v>43904<\/v>/);
    const table = await openXlsx(file);
    expect(table.format).toEqual({ kind: "xlsx", sheet: "S", date1904: true });
    expect(table.head[0]?.cells).toEqual(["2024-03-15", "1904-01-01", "2024-03-16"]);
  });

  it("gives cached formula results, never evaluating, and null without a cached result", async () => {
    const file = await writeBook("formula.xlsx", (wb) => {
      const ws = wb.addWorksheet("S");
      ws.getCell("A1").value = 10;
      ws.getCell("B1").value = { formula: "A1*2", result: 999 }; // stale cache on purpose
      ws.getCell("C1").value = { formula: 'A1&" EUR"', result: "10 EUR" };
      ws.getCell("D1").value = { formula: "DATE(2024,1,31)", result: 45322 };
      ws.getCell("D1").numFmt = "yyyy-mm-dd";
      ws.getCell("E1").value = { formula: "A1*3" };
      ws.getCell("F1").value = { formula: "NA()", result: { error: "#N/A" } };
      ws.getCell("G1").value = { formula: "A1>5", result: true };
    });
    const table = await openXlsx(file);
    // streamed: exceljs's streaming reader keeps a cached result only as text or a number,
    // so an error result is lost (an empty cell) and a true one is 1 (documented in read-xlsx.ts)
    expect(table.head[0]?.cells).toEqual([10, 999, "10 EUR", "2024-01-31", null, null, 1]);
    const whole = await readWholeSheet(file, fs.readFileSync(file), undefined, 10);
    expect(whole.head[0]?.cells).toEqual([10, 999, "10 EUR", "2024-01-31", null, "#N/A", "true"]);
  });

  it("flattens rich text and hyperlinks to their text; error cells give the error text", async () => {
    const file = await writeBook("rich.xlsx", (wb) => {
      const ws = wb.addWorksheet("S");
      ws.getCell("A1").value = {
        richText: [{ text: "Facture " }, { font: { bold: true }, text: "F-12" }, { font: { italic: true }, text: " (retard)" }],
      };
      ws.getCell("B1").value = { text: "Fiche client", hyperlink: "https://example.com/c/1" };
      ws.getCell("C1").value = { error: "#DIV/0!" };
    });
    expect(zipEntry(file, "xl/sharedStrings.xml")).toMatch(/<r>/);
    const table = await openXlsx(file);
    expect(table.head[0]?.cells).toEqual(["Facture F-12 (retard)", "Fiche client", "#DIV/0!"]);
  });

  it("shows a merged value once, in its top-left cell", async () => {
    const file = await writeBook("merged.xlsx", (wb) => {
      const ws = wb.addWorksheet("S");
      ws.getCell("A1").value = "Balance âgée";
      ws.mergeCells("A1:C1");
      ws.getCell("A2").value = "x";
    });
    const table = await openXlsx(file);
    expect(table.head[0]?.cells).toEqual(["Balance âgée"]);
  });

  it("reads a sheet by name and reports the sheets present when the name is missing", async () => {
    const file = await writeBook("sheets.xlsx", (wb) => {
      wb.addWorksheet("Notes").getCell("A1").value = "not this one";
      wb.addWorksheet("Grand livre").getCell("A1").value = "this one";
    });
    const first = await openXlsx(file);
    expect(first.format.sheet).toBe("Notes");
    expect(first.head[0]?.cells).toEqual(["not this one"]);

    const named = await openXlsx(file, { sheet: "Grand livre" });
    expect(named.format.sheet).toBe("Grand livre");
    expect(named.head[0]?.cells).toEqual(["this one"]);

    const error = await expectError(openXlsx(file, { sheet: "Balance" }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain(file);
    expect(error.message).toContain('"Balance"');
    expect(error.message).toContain('"Notes"');
    expect(error.message).toContain('"Grand livre"');
  });

  it("delivers title rows and empty rows above the header with their real row numbers", async () => {
    const file = await writeBook("titles.xlsx", (wb) => {
      const ws = wb.addWorksheet("Export");
      ws.getCell("A1").value = "Grand livre clients";
      // row 2 left empty, row 3 only formatted
      ws.getCell("B3").numFmt = "0.00";
      ws.getCell("A4").value = "Exporté le 31/03/2024";
      ws.getRow(6).values = ["Client", "Facture", "Montant"];
      ws.getRow(7).values = ["Dupont", "F-1", 100];
      ws.getRow(9).values = ["Durand", "F-2", 250.25];
    });
    const table = await openXlsx(file, { headRows: 5 });
    expect(table.head.map((r) => r.line)).toEqual([1, 2, 3, 4, 5]);
    const rows = await allRows(table);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows[0]?.cells).toEqual(["Grand livre clients"]);
    expect(rows[1]?.cells).toEqual([]);
    expect(rows[2]?.cells).toEqual([]);
    expect(rows[3]?.cells).toEqual(["Exporté le 31/03/2024"]);
    expect(rows[5]?.cells).toEqual(["Client", "Facture", "Montant"]);
    expect(rows[7]?.cells).toEqual([]);
    expect(rows[8]).toEqual({ line: 9, cells: ["Durand", "F-2", 250.25] });
  });

  it("rejects random bytes as an unreadable workbook", async () => {
    const file = path.join(dir, "random.xlsx");
    fs.writeFileSync(file, Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256)));
    const error = await expectError(openXlsx(file));
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toContain(`${file}: not a readable .xlsx workbook`);
    expect((error as DataError).hint).toContain("save it again as .xlsx");
  });

  it("rejects an empty file", async () => {
    const file = path.join(dir, "empty.xlsx");
    fs.writeFileSync(file, "");
    const error = await expectError(openXlsx(file));
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toContain("not a readable .xlsx workbook (the file is empty)");
  });

  it("rejects a truncated zip as an unreadable workbook", async () => {
    const whole = await writeBook("whole.xlsx", (wb) => {
      const ws = wb.addWorksheet("S");
      for (let i = 1; i <= 200; i++) ws.addRow([`client ${i}`, i * 10.5]);
    });
    const bytes = fs.readFileSync(whole);
    const file = path.join(dir, "truncated.xlsx");
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    const error = await expectError(openXlsx(file));
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toMatch(/^.*truncated\.xlsx: not a readable \.xlsx workbook \(.+\)\.$/);
    expect((error as DataError).hint).toMatch(/^Open it in Excel/);
  });

  it("rejects an old .xls or encrypted workbook (OLE container) before parsing", async () => {
    const file = path.join(dir, "old.xlsx");
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
    const error = await expectError(openXlsx(file));
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toContain(file);
    expect(error.message).toContain(".xls");
    expect(error.message).toContain("password");
    expect((error as DataError).hint).toContain("save it as .xlsx");
  });

  it("rejects a zip holding no worksheet", async () => {
    const file = await writeBook("nosheet.xlsx", () => {});
    const error = await expectError(openXlsx(file));
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toContain("no worksheet");
  });

  it("reports a missing file as a usage error", async () => {
    const error = await expectError(openXlsx(path.join(dir, "absent.xlsx")));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain("absent.xlsx: file not found");
  });

  describe("streamed and whole", () => {
    async function variedBook(name: string, date1904: boolean): Promise<string> {
      return writeBook(name, (wb) => {
        wb.properties.date1904 = date1904;
        wb.addWorksheet("Notes").getCell("A1").value = "not this one";
        const ws = wb.addWorksheet("Grand livre");
        ws.getCell("A1").value = "Export du 31/03/2024";
        ws.getRow(3).values = ["Client", "Facture", "Date", "Montant", "Lien", "Texte"];
        for (let i = 0; i < 450; i++) {
          const r = ws.getRow(4 + i + Math.floor(i / 100)); // a gap every 100 rows
          r.values = [`Clïent "${i}", SARL`, `F-${i}`, new Date(Date.UTC(2024, i % 12, 1 + (i % 28))), i * 10.25, { text: `=lien ${i}`, hyperlink: "https://example.com" }, { richText: [{ text: "a" }, { font: { bold: true }, text: `${i}` }] }];
          r.getCell(3).numFmt = "dd/mm/yyyy";
        }
      });
    }

    it.each([
      ["fixtures/nl-exact/facturen.xlsx", undefined],
      ["fixtures/nl-exact/debiteuren.xlsx", undefined],
    ])("gives the rows of %s as the document reader does", async (file, sheet) => {
      const streamed = await openXlsx(file, { sheet });
      const whole = await readWholeSheet(file, fs.readFileSync(file), sheet, 200);
      expect(streamed.format).toEqual(whole.format);
      expect(streamed.head).toEqual(whole.head);
      expect(await allRows(streamed)).toEqual(await allRows(whole));
    });

    it.each([false, true])("gives the same rows, dates and gaps in a workbook written by exceljs (workbook.xml stored last; 1904: %s)", async (date1904) => {
      const file = await variedBook(`varied-${date1904}.xlsx`, date1904);
      const streamed = await openXlsx(file, { sheet: "grand livre" });
      const whole = await readWholeSheet(file, fs.readFileSync(file), "grand livre", 200);
      expect(streamed.format).toEqual({ kind: "xlsx", sheet: "Grand livre", date1904 });
      const rows = await allRows(streamed);
      expect(rows).toEqual(await allRows(whole));
      expect(rows).toHaveLength(3 + 450 + 4);
      expect(rows[3]?.cells).toEqual(['Clïent "0", SARL', "F-0", "2024-01-01", 0, "=lien 0", "a0"]);
      expect(rows.at(-1)?.line).toBe(457);
      // a second walk reads the sheet again, from its first row
      expect(await allRows(streamed)).toEqual(rows);
    });

    it("refuses a sheet stored under a part name exceljs does not read, saying so", async () => {
      const source = await writeBook("renamed-src.xlsx", (wb) => {
        wb.addWorksheet("Data").addRow(["Client", 12.5]);
      });
      const renamed = rezip(fs.readFileSync(source), (parts) =>
        parts.map((p) =>
          p.name === "xl/worksheets/sheet1.xml"
            ? { ...p, name: "xl/worksheets/data.xml" }
            : p.name === "xl/_rels/workbook.xml.rels"
              ? { ...p, data: Buffer.from(p.data!.toString("utf8").replace("worksheets/sheet1.xml", "worksheets/data.xml")) }
              : p,
        ),
      );
      const file = path.join(dir, "renamed.xlsx");
      fs.writeFileSync(file, renamed);
      const error = await expectError(openXlsx(file));
      expect(error).toBeInstanceOf(DataError);
      expect(error.message).toContain('the sheet "Data" is stored as xl/worksheets/data.xml');
      // the document reader does not find it either
      expect((await expectError(readWholeSheet(file, renamed, undefined, 10))).message).toContain("no worksheet");
    });
  });
});
