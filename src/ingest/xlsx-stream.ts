/**
 * Reads one worksheet of an .xlsx workbook as a stream of rows, with exceljs's streaming
 * WorkbookReader: memory holds the shared strings and the styles, never the sheet.
 *
 * That reader takes the parts in the order the zip stores them, and Excel and exceljs store
 * `xl/workbook.xml` (sheet names, the 1904 flag) and `xl/styles.xml` (which numbers are
 * dates) after the sheets: read in that order, dates would come out as numbers and sheet
 * names as "Sheet1". So it is never handed the file itself but the parts it needs, in the
 * order it needs them — workbook, its relations, styles, shared strings, then the one sheet
 * asked for — each as the bytes stored in the archive (nothing is inflated twice or
 * re-compressed), followed by the central directory (see zip-guard's `reorderedEntries`).
 *
 * Also unlike the document reader, it leaves a cached formula result that is a date as a
 * number: the result is converted here, as the document reader does, from the cell's format.
 */
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import type { RawRow } from "./table.js";
import { reorderedEntries, type ZipEntry } from "./zip-guard.js";
import { cellsOf, isRecord, type ExcelCell, type ExcelRow } from "./excel-cell.js";

const require = createRequire(import.meta.url);

/** What is used of exceljs's WorkbookReader (lib/stream/xlsx/workbook-reader.js, untyped). */
interface WorkbookReader {
  parse(): AsyncIterable<unknown>;
  [Symbol.asyncIterator](): AsyncIterator<AsyncIterable<ExcelRow>>;
  sharedStrings?: unknown[];
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { name: string; rId: string }[] };
  properties?: { model?: { date1904?: boolean } };
}
type WorkbookReaderClass = new (input: Readable, options: Record<string, string>) => WorkbookReader;
interface DateUtils {
  isDateFmt(format: string | undefined): boolean;
  excelToDate(serial: number, date1904: boolean): Date;
}

/** The parts the streamed reading takes from the archive. */
export interface WorkbookParts {
  workbook: ZipEntry;
  relations: ZipEntry;
  styles?: ZipEntry;
  sharedStrings?: ZipEntry;
}

/** A worksheet the workbook lists: its name, the part it points to, and the archive entry holding it (null: none exceljs takes). */
export interface ListedSheet {
  name: string;
  path: string;
  part: ZipEntry | null;
}

/** The only part names exceljs's readers (streaming and document) recognise as worksheets. */
const STREAMED_SHEET = /^xl\/worksheets\/sheet\d+\.xml$/;

/** A part the streaming reader can read as a worksheet. */
export function isSheetPart(entry: ZipEntry): boolean {
  return STREAMED_SHEET.test(entry.name);
}

/** The names the streaming reader looks parts up by. */
export function workbookParts(entries: readonly ZipEntry[]): WorkbookParts | null {
  const named = (name: string) => entries.find((e) => e.name === name);
  const workbook = named("xl/workbook.xml");
  const relations = named("xl/_rels/workbook.xml.rels");
  if (!workbook || !relations) return null;
  return { workbook, relations, styles: named("xl/styles.xml"), sharedStrings: named("xl/sharedStrings.xml") };
}

function reader(data: Buffer, entries: readonly ZipEntry[], order: ZipEntry[], options: Record<string, string>): WorkbookReader {
  const WorkbookReader = require("exceljs/lib/stream/xlsx/workbook-reader.js") as WorkbookReaderClass;
  const input = Readable.from(reorderedEntries(data, entries, order), { objectMode: false });
  return new WorkbookReader(input, { hyperlinks: "ignore", entries: "ignore", ...options });
}

/** The workbook's sheets in its own order (the first is the default one), and its date system. */
export async function listSheets(data: Buffer, entries: readonly ZipEntry[], parts: WorkbookParts): Promise<{ sheets: ListedSheet[]; date1904: boolean }> {
  const book = reader(data, entries, [parts.workbook, parts.relations], { worksheets: "ignore", sharedStrings: "ignore", styles: "ignore" });
  for await (const _ of book.parse());
  const targets = new Map((book.workbookRels ?? []).map((r) => [r.Id, r.Target]));
  const sheets = (book.model?.sheets ?? []).map((sheet): ListedSheet => {
    const target = targets.get(sheet.rId);
    // relations are relative to xl/, or absolute from the archive's root
    const path = target === undefined ? "" : target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`;
    const part = STREAMED_SHEET.test(path) ? (entries.find((e) => e.name === path) ?? null) : null;
    return { name: sheet.name, path, part };
  });
  return { sheets, date1904: book.properties?.model?.date1904 === true };
}

/**
 * The rows of the sheet stored in `sheet`, numbered as in Excel; a row missing from the
 * file, or only formatted, comes as a row without cells when a filled row follows it.
 */
export async function* streamSheetRows(data: Buffer, entries: readonly ZipEntry[], parts: WorkbookParts, sheet: ZipEntry, date1904: boolean): AsyncGenerator<RawRow> {
  const order = [parts.workbook, parts.relations, parts.styles, parts.sharedStrings, sheet].filter((e): e is ZipEntry => e !== undefined);
  const book = reader(data, entries, order, { worksheets: "emit", sharedStrings: "cache", styles: "cache" });
  // Without a shared-strings part the reader would park the sheet in a temporary file,
  // waiting for strings that never come.
  if (!parts.sharedStrings) book.sharedStrings = [];
  const dates = require("exceljs/lib/utils/utils.js") as DateUtils;
  const valueOf = (cell: ExcelCell): unknown => {
    const value = cell.value;
    if (isRecord(value) && typeof value.result === "number" && dates.isDateFmt(cell.numFmt)) {
      return { ...value, result: dates.excelToDate(value.result, date1904) };
    }
    return value;
  };
  let next = 1;
  for await (const worksheet of { [Symbol.asyncIterator]: () => book[Symbol.asyncIterator]() }) {
    for await (const row of worksheet) {
      const cells = cellsOf(row, date1904, valueOf);
      if (cells.length === 0) continue;
      for (; next < row.number; next++) yield { cells: [], line: next };
      yield { cells, line: row.number };
      next = row.number + 1;
    }
  }
}
