import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError } from "../../../src/errors.js";
import { openCsv } from "../../../src/ingest/read-csv.js";
import { spanCells, type RawRow, type RawTable } from "../../../src/ingest/table.js";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "relance-csv-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function allRows(table: RawTable): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  await table.forEachRow((r) => rows.push(r));
  return rows;
}

/** Rows with at least one non-empty cell (papaparse gives a final [""] after a trailing newline). */
const filled = (rows: RawRow[]) => rows.filter((r) => r.cells.some((c) => c !== "" && c !== null));

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("openCsv: line numbers", () => {
  it("a row after a multi-line quoted field starts on its physical line (LF)", async () => {
    const file = write("multi-lf.csv", 'id,note,amount\nC1,"first line\nsecond line\nthird line",10.00\nC2,plain,20.00\nC3,"a ""quoted"" word",30.00\n');
    const rows = filled(await allRows(await openCsv(file)));
    expect(rows).toEqual([
      { cells: ["id", "note", "amount"], line: 1 },
      { cells: ["C1", "first line\nsecond line\nthird line", "10.00"], line: 2 },
      { cells: ["C2", "plain", "20.00"], line: 5 },
      { cells: ["C3", 'a "quoted" word', "30.00"], line: 6 },
    ]);
  });

  it("a blank line is a row of one empty cell, wherever the file's pieces are cut (as papaparse over the whole text)", async () => {
    for (const newline of ["\n", "\r\n", "\r"]) {
      const file = write("blank-lines.csv", ["h,x", "a,1", "", "b,2", "", "", "c,3", ""].join(newline));
      const expected = [["h", "x"], ["a", "1"], [""], ["b", "2"], [""], [""], ["c", "3"], [""]].map((cells, i) => ({ cells, line: i + 1 }));
      for (const chunkBytes of [undefined, 1, 2, 3, 4, 5, 7, 11]) {
        const table = await openCsv(file, { delimiter: ",", ...(chunkBytes ? { chunkBytes } : {}) });
        expect(await allRows(table), `${JSON.stringify(newline)}, ${chunkBytes ?? "default"} bytes a piece`).toEqual(expected);
        const spans: RawRow[] = []; // the walk that splits rows itself, as a large export is read
        await table.forEachRow((r) => spans.push(r), (s) => spans.push(spanCells(s)));
        expect(spans, `${JSON.stringify(newline)}, ${chunkBytes ?? "default"} bytes a piece, as spans`).toEqual(expected);
      }
    }
  });

  it("keeps a U+FEFF opening a row past the first, wherever the pieces are cut (papaparse drops one opening its text)", async () => {
    const text = 'h,x\n\ufeffa,1\n\ufeff","",\n"\ufeff",3\n';
    const file = write("feff-rows.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])); // and the file's own mark
    const expected = [["h", "x"], ["\ufeffa", "1"], ['\ufeff"', "", ""], ["\ufeff", "3"], [""]].map((cells, i) => ({ cells, line: i + 1 }));
    for (const chunkBytes of [undefined, 1, 2, 3, 4, 6, 9]) {
      const table = await openCsv(file, { delimiter: ",", ...(chunkBytes ? { chunkBytes } : {}) });
      expect(await allRows(table), `${chunkBytes ?? "default"} bytes a piece`).toEqual(expected);
      const spans: RawRow[] = [];
      await table.forEachRow((r) => spans.push(r), (s) => spans.push(spanCells(s)));
      expect(spans, `${chunkBytes ?? "default"} bytes a piece, as spans`).toEqual(expected);
    }
  });

  it("the same with CRLF line ends, and blank lines counted", async () => {
    const file = write("multi-crlf.csv", 'id;note;amount\r\n\r\nC1;"x\r\ny";1,00\r\nC2;z;2,00\r\n');
    const table = await openCsv(file);
    expect(table.format.delimiter).toBe(";");
    const rows = filled(await allRows(table));
    expect(rows.map((r) => r.line)).toEqual([1, 3, 5]);
    expect(rows[1]!.cells).toEqual(["C1", "x\r\ny", "1,00"]);
    expect(rows[2]!.cells).toEqual(["C2", "z", "2,00"]);
  });

  it("LF and CRLF give the same rows and lines", async () => {
    const lines = ["a,b", "1,2", "", "3,4", '5,"six', 'six"', "7,8"];
    const lf = filled(await allRows(await openCsv(write("same-lf.csv", lines.join("\n")))));
    const crlf = filled(await allRows(await openCsv(write("same-crlf.csv", lines.join("\r\n")))));
    expect(lf.map((r) => r.line)).toEqual([1, 2, 4, 5, 7]);
    expect(crlf.map((r) => r.line)).toEqual([1, 2, 4, 5, 7]);
    expect(lf[3]!.cells).toEqual(["5", "six\nsix"]);
    expect(crlf[3]!.cells).toEqual(["5", "six\r\nsix"]);
  });

  it("old Mac CR-only line ends", async () => {
    const rows = filled(await allRows(await openCsv(write("cr.csv", 'a;b\r1;"x\ry"\r\r2;3\r'))));
    expect(rows).toEqual([
      { cells: ["a", "b"], line: 1 },
      { cells: ["1", "x\ry"], line: 2 },
      { cells: ["2", "3"], line: 5 },
    ]);
  });

  it("a UTF-8 BOM does not shift the first line or leak into the first header", async () => {
    const file = write("bom.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("Kundennummer;Betrag\r\nC001;1,00\r\n")]));
    const table = await openCsv(file);
    expect(table.head[0]).toEqual({ cells: ["Kundennummer", "Betrag"], line: 1 });
    expect(table.format.encoding).toBe("utf-8");
    expect(table.format.encodingReason).toBe("UTF-8 byte order mark");
  });

  it("head and forEachRow deliver the same rows; forEachRow can be called twice", async () => {
    const file = write("twice.csv", "a,b\n1,2\n3,4\n");
    const table = await openCsv(file);
    const first = await allRows(table);
    const second = await allRows(table);
    expect(second).toEqual(first);
    expect(filled(first)).toEqual(filled(table.head));
    expect(filled(first).map((r) => r.cells)).toEqual([["a", "b"], ["1", "2"], ["3", "4"]]);
  });
});

describe("openCsv: errors", () => {
  it("an unclosed quote is a DataError naming file:line of the row where it starts", async () => {
    const file = write("unclosed.csv", 'id,name,amount\nC1,Alpha,1.00\nC2,"Beta,2.00\nC3,Gamma,3.00\n');
    const e = await rejection(openCsv(file));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message.startsWith(`${file}:3: a quoted field that starts on this line is never closed`)).toBe(true);
    expect((e as DataError).location).toEqual({ file, line: 3 });
  });

  it("the unclosed quote is found after a multi-line field too, and by forEachRow beyond the head", async () => {
    const body = ["id,note", 'C1,"a\nb"', ...Array.from({ length: 10 }, (_, i) => `C${i + 2},ok`), 'C99,"never closed', "C100,x"];
    const file = write("unclosed-late.csv", body.join("\n"));
    // head of 3 rows does not reach the bad row
    const table = await openCsv(file, { headRows: 3 });
    expect(table.head.map((r) => r.line)).toEqual([1, 2, 4]);
    const e = await rejection(allRows(table));
    expect(e).toBeInstanceOf(DataError);
    // lines: 1 header, 2-3 C1, 4..13 C2..C11, 14 C99
    expect((e as DataError).location).toEqual({ file, line: 14 });
    expect(e.message).toContain(`${file}:14:`);
  });

  it("a missing file rejects (readFile error)", async () => {
    await expect(openCsv(path.join(dir, "nope.csv"))).rejects.toThrow(/ENOENT/);
  });
});

describe("openCsv: head and format", () => {
  it("head holds 200 rows by default, forEachRow all of them", async () => {
    const lines = ["id,amount", ...Array.from({ length: 299 }, (_, i) => `C${i + 1},${i}.00`)];
    const table = await openCsv(write("big.csv", lines.join("\n")));
    expect(table.head.length).toBe(200);
    expect(table.head[199]).toEqual({ cells: ["C199", "198.00"], line: 200 });
    const rows = await allRows(table);
    expect(rows.length).toBe(300);
    expect(rows[299]).toEqual({ cells: ["C299", "298.00"], line: 300 });
  });

  it("headRows sets the head size", async () => {
    const table = await openCsv(write("small-head.csv", "a,b\n1,2\n3,4\n5,6\n"), { headRows: 2 });
    expect(table.head).toEqual([
      { cells: ["a", "b"], line: 1 },
      { cells: ["1", "2"], line: 2 },
    ]);
  });

  it("a given delimiter and encoding are used as given", async () => {
    // 0xE9 (é in Windows-1252) read as ISO-8859-15 is é too; 0xA4 is € only in ISO-8859-15
    const bytes = Buffer.from([...Buffer.from("a,b|c\n1,", "latin1"), 0xa4, ...Buffer.from("|", "latin1"), 0xe9, 0x0a]);
    const table = await openCsv(write("given.txt", bytes), { delimiter: "|", encoding: "iso-8859-15" });
    expect(table.format).toEqual({
      kind: "csv",
      encoding: "iso-8859-15",
      encodingReason: "given in the mapping file",
      delimiter: "|",
      delimiterReason: "given in the mapping file",
    });
    expect(filled(table.head).map((r) => r.cells)).toEqual([["a,b", "c"], ["1,€", "é"]]);
  });

  it("a sniffed delimiter and a detected encoding are reported with their reasons", async () => {
    const bytes = Buffer.from([...Buffer.from("Nom\tMontant\r\nCaf", "latin1"), 0xe9, ...Buffer.from("\t1,00\r\n", "latin1")]);
    const table = await openCsv(write("sniffed.tsv", bytes));
    expect(table.format).toEqual({
      kind: "csv",
      encoding: "windows-1252",
      encodingReason: "not UTF-8, so Windows-1252 (Excel's ANSI CSV)",
      delimiter: "\t",
      delimiterReason: "tab appears 1 times on 2 of the first lines",
    });
    expect(table.head[1]).toEqual({ cells: ["Café", "1,00"], line: 2 });
  });
});

describe("openCsv: estimated rows (room reserved before the walk)", () => {
  it("counts the lines of a file its first megabyte holds whole", async () => {
    expect((await openCsv(write("count.csv", "a,b\n1,2\n3,4\n"))).estimatedRows).toBe(4); // papaparse's last empty row too
    expect((await openCsv(write("count-cr.csv", "a,b\r1,2\r3,4"))).estimatedRows).toBe(3);
  });

  it("extrapolates a larger file's rows from its first megabyte, a little high rather than low", async () => {
    // rows of varying length, the longer ones later: the estimate still errs high by at most a fifth
    const lines = ["id,name,amount", ...Array.from({ length: 60_000 }, (_, i) => `C${i},${"x".repeat(10 + (i % 17) + Math.floor(i / 20_000))},${i}.50`)];
    const table = await openCsv(write("estimate.csv", lines.join("\n") + "\n"));
    const rows = (await allRows(table)).length;
    expect(table.estimatedRows).toBeGreaterThanOrEqual(rows);
    expect(table.estimatedRows).toBeLessThanOrEqual(rows * 1.2);
  });
});
