/**
 * Properties of the CSV reader (src/ingest/read-csv.ts) on random tables:
 *
 * 1. any field content round-trips through quoting: a table written by an RFC 4180 writer
 *    (every delimiter, LF / CRLF / CR, quoting everything or only what needs it, UTF-8 with
 *    or without BOM, UTF-16 with BOM) reads back cell for cell, each row with the physical
 *    line it starts on;
 * 2. with the delimiter not given, sniffing finds it whenever the fields holding a candidate
 *    delimiter are quoted (as every spreadsheet writes them);
 * 3. the project's own CSV writer (src/output/csv.ts) is read back exactly, with its
 *    CSV-injection guard applied once;
 * 4. on arbitrary content the reader returns rows or throws a DataError (binary content,
 *    an unclosed quote), never anything else.
 */
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import iconv from "iconv-lite";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openCsv } from "../../../src/ingest/read-csv.js";
import type { RawRow } from "../../../src/ingest/table.js";
import { DataError } from "../../../src/errors.js";
import { csvText, toCsv } from "../../../src/output/csv.js";

const dir = mkdtempSync(join(tmpdir(), "relance-csv-prop-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;
const file = () => join(dir, `t${seq++}.csv`);

const DELIMITERS = [",", ";", "\t", "|"] as const;
type Delimiter = (typeof DELIMITERS)[number];
const NEWLINES = ["\n", "\r\n", "\r"] as const;
type Newline = (typeof NEWLINES)[number];

/** Characters a field of a real export may hold, hostile ones over-represented. */
const UNITS = [
  ..."abcXYZ019 .-_/'=+@#",
  ",", ";", "\t", "|", '"', '""', "\n", "\r", "\r\n",
  "é", "ß", "€", "\u00a0", "\u202f", "\u2028", "\ufeff", "😀", "中", "\\",
];
const field = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constant("") },
);
const table = (minCols: number) =>
  fc.integer({ min: minCols, max: 6 }).chain((cols) => fc.array(fc.array(field, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 8 }));

type Quoting = "all" | "needed";

interface Written {
  text: string;
  /** offset in `text` where each row starts */
  starts: number[];
}

/** RFC 4180 with a choice of delimiter, line end and quoting. */
function writeCsv(rows: string[][], delimiter: string, newline: Newline, quoting: Quoting, trailingNewline: boolean, quoteCandidates = false): Written {
  const special = quoteCandidates ? /[",;\t|\r\n]|^\ufeff/ : new RegExp(`["\\r\\n${delimiter === "\t" ? "\\t" : delimiter === "|" ? "\\|" : delimiter}]|^\\ufeff`);
  const cell = (v: string, onlyCell: boolean) =>
    quoting === "all" || special.test(v) || (onlyCell && v === "") ? `"${v.replace(/"/g, '""')}"` : v;
  let text = "";
  const starts: number[] = [];
  rows.forEach((r, i) => {
    starts.push(text.length);
    text += r.map((v) => cell(v, r.length === 1)).join(delimiter);
    if (i < rows.length - 1 || trailingNewline) text += newline;
  });
  return { text, starts };
}

async function readAll(path: string, endsWithNewline: boolean, options: Parameters<typeof openCsv>[1] = {}): Promise<{ rows: RawRow[]; delimiter: string | undefined }> {
  const table = await openCsv(path, options);
  const rows: RawRow[] = [];
  await table.forEachRow((r) => rows.push(r));
  // a newline at the end of the file gives papaparse one last empty row: blank, skipped later
  const last = rows.at(-1);
  if (endsWithNewline && last && last.cells.length === 1 && last.cells[0] === "") rows.pop();
  return { rows, delimiter: table.format.delimiter };
}

/** 1-based physical line of an offset: line ends counted before it (CR for CR files, else LF). */
function lineAt(text: string, offset: number, newline: Newline): number {
  const mark = newline === "\r" ? "\r" : "\n";
  let line = 1;
  for (let i = text.indexOf(mark); i !== -1 && i < offset; i = text.indexOf(mark, i + 1)) line++;
  return line;
}

type Encoding = "utf-8" | "utf-8-bom" | "utf-16le-bom" | "windows-1252" | "utf-8-cut";
function bytes(text: string, encoding: Encoding): Buffer {
  if (encoding === "utf-8") return Buffer.from(text, "utf8");
  if (encoding === "windows-1252") return iconv.encode(text, "windows-1252");
  // UTF-8 whose every line ends in a character cut short (the lead byte of é alone), read as UTF-8 (a mapping file's `encoding:`)
  if (encoding === "utf-8-cut") return Buffer.concat(text.split("\n").flatMap((line, i) => [...(i > 0 ? [Buffer.from([0xc3]), Buffer.from("\n")] : []), Buffer.from(line, "utf8")]));
  if (encoding === "utf-8-bom") return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}

describe("the CSV reader on random tables", () => {
  it("any field content round-trips through quoting, each row on its physical line (given delimiter)", async () => {
    await fc.assert(
      fc.asyncProperty(
        table(1),
        fc.constantFrom(...DELIMITERS),
        fc.constantFrom(...NEWLINES),
        fc.constantFrom<Quoting>("all", "needed"),
        fc.boolean(),
        fc.constantFrom<Encoding>("utf-8", "utf-8-bom", "utf-16le-bom"),
        async (rows, delimiter, newline, quoting, trailing, encoding) => {
          const written = writeCsv(rows, delimiter, newline, quoting, trailing);
          fc.pre(written.text.trim() !== ""); // a file of blank lines is refused as empty (a catalogue case)
          const path = file();
          writeFileSync(path, bytes(written.text, encoding));
          const read = await readAll(path, trailing, { delimiter });
          expect(read.rows.map((r) => r.cells)).toEqual(rows);
          expect(read.rows.map((r) => r.line)).toEqual(written.starts.map((s) => lineAt(written.text, s, newline)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("sniffing finds the delimiter when fields holding a candidate are quoted", async () => {
    await fc.assert(
      fc.asyncProperty(table(2), fc.constantFrom(...DELIMITERS), fc.constantFrom<Newline>("\n", "\r\n"), fc.constantFrom<Quoting>("all", "needed"), async (rows, delimiter, newline, quoting) => {
        const written = writeCsv(rows, delimiter, newline, quoting, true, true);
        fc.pre(written.text.trim() !== "");
        const path = file();
        writeFileSync(path, written.text);
        const read = await readAll(path, true);
        expect(read.delimiter).toBe(delimiter);
        expect(read.rows.map((r) => r.cells)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it("what src/output/csv.ts writes reads back exactly, guarded once against formulas", async () => {
    await fc.assert(
      fc.asyncProperty(table(2), async (rows) => {
        const [header, ...body] = rows as [string[], ...string[][]];
        const path = file();
        writeFileSync(path, toCsv(header, body));
        const read = await readAll(path, true, { delimiter: "," });
        const expected = rows.map((r) => r.map(csvText));
        expect(read.rows.map((r) => r.cells)).toEqual(expected);
        for (const cells of read.rows.map((r) => r.cells)) for (const c of cells) expect(String(c)).not.toMatch(/^[=+\-@\t\r]/);
      }),
      { numRuns: 300 },
    );
  });

  it("read in pieces of any size, a file gives the rows, lines and errors of the whole text", async () => {
    const table = fc.integer({ min: 1, max: 4 }).chain((cols) => fc.array(fc.array(field, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 12 }));
    const outcome = async (path: string, options: Parameters<typeof openCsv>[1]) => {
      try {
        const t = await openCsv(path, options);
        const rows: RawRow[] = [];
        await t.forEachRow((r) => rows.push(r));
        return { rows, head: t.head, format: t.format };
      } catch (error) {
        return { error: (error as Error).message };
      }
    };
    await fc.assert(
      fc.asyncProperty(
        table,
        fc.constantFrom(...NEWLINES),
        fc.constantFrom<Quoting>("all", "needed"),
        fc.constantFrom<Encoding>("utf-8", "utf-8-bom", "utf-16le-bom", "windows-1252", "utf-8-cut"),
        fc.integer({ min: 1, max: 40 }),
        fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }), // cut the file there: an unclosed quote, a cut character
        fc.integer({ min: 1, max: 20 }),
        async (rows, newline, quoting, encoding, chunkBytes, cutAt, headRows) => {
          const written = writeCsv(rows, ",", newline, quoting, true);
          let data = bytes(written.text, encoding);
          if (cutAt !== undefined) data = data.subarray(0, Math.min(data.length, cutAt));
          const path = file();
          writeFileSync(path, data);
          const forced = encoding === "windows-1252" || encoding === "utf-8-cut" ? { encoding: encoding === "utf-8-cut" ? ("utf-8" as const) : encoding } : {};
          const whole = await outcome(path, { delimiter: ",", headRows, ...forced });
          expect(await outcome(path, { delimiter: ",", headRows, chunkBytes, ...forced })).toEqual(whole);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("arbitrary content gives rows or a DataError, never another error", async () => {
    const content = fc.oneof(
      fc.string({ unit: "binary", maxLength: 200 }).filter((s) => !/[\ud800-\udfff]/.test(s)),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.string({ unit: fc.constantFrom(...UNITS, "\u0000", "\u0001", "\u001b", "\u007f"), maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(content, fc.option(fc.constantFrom(...DELIMITERS), { nil: undefined }), async (data, delimiter) => {
        const path = file();
        writeFileSync(path, data);
        try {
          const read = await readAll(path, false, delimiter ? { delimiter } : {});
          for (const r of read.rows) {
            expect(Number.isInteger(r.line) && r.line >= 1).toBe(true);
            for (const c of r.cells) expect(typeof c).toBe("string");
          }
        } catch (error) {
          expect(error).toBeInstanceOf(DataError);
          expect((error as DataError).message.startsWith(`${path}`)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
