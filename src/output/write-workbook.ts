/**
 * Writes the run's workbook (workbook-model.ts) as .xlsx with exceljs.
 *
 * - Cells are typed: dates are real Excel dates (a Day is written as the JS Date of its UTC
 *   midnight, format yyyy-mm-dd), money is a number in major units (#,##0.00), shares are
 *   percentages (0.0%), counts integers. Only text is text.
 * - Text from the input data is always a plain string value, never `{ formula }`: exceljs
 *   writes it as a string value in the cell (`t="str"`, no `<f>`; no shared-string table),
 *   so `=HYPERLINK(…)` stays the text it was.
 *   Sequences Excel would decode (`_x0041_`) are escaped, text over Excel's 32,767
 *   characters per cell is cut with a note, and XML-illegal control characters are dropped
 *   (by exceljs).
 * - Header row bold and frozen, auto-filter over each table, widths from the model widened
 *   to fit short content (at most 50 characters), wrap for long text.
 * - Deterministic: creator and dates in the document properties and the zip entries'
 *   dates are the as-of day (zip-dates.ts), so the same report gives the same bytes.
 * - Atomic: written to a temporary file beside the target and renamed over it; on failure
 *   the temporary file is removed and a UsageError names the path and the reason. Written
 *   with exceljs's streaming writer, one sheet built and written at a time; a sheet over
 *   Excel's 1,048,575 data rows is refused, and nothing is left written.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { rename, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type ExcelJS from "exceljs";
import { UsageError } from "../errors.js";
import { dayFromParts, formatDay, type Day } from "../ledger/day.js";
import { centsToNumber } from "../ledger/money.js";
import { roundHalfAway } from "./round.js";
import { refuseInput, writeFailure } from "./write-output.js";
import { stampZipEntries } from "./zip-dates.js";
import { MAX_CELL_TEXT, MAX_SHEET_ROWS, workbookSheets, type ColumnType, type RunReport, type SheetModel } from "./workbook-model.js";

const MS_PER_DAY = 86_400_000;

/**
 * exceljs's streaming writer, loaded alone and on first use: all of exceljs (its readers,
 * CSV and unzip code) takes about 0.6 s to load on the 2-core machine, the writer 0.15 s,
 * and a command that writes no workbook loads none of it.
 */
async function workbookWriter(): Promise<typeof ExcelJS.stream.xlsx.WorkbookWriter> {
  // @ts-expect-error exceljs ships no types for its files, only for its main module
  const module: { default: typeof ExcelJS.stream.xlsx.WorkbookWriter } = await import("exceljs/lib/stream/xlsx/workbook-writer.js");
  return module.default;
}
/** Excel's 1900 date system is off by one before 1900-03-01 (its phantom 29 February 1900). */
const FIRST_EXCEL_DAY = dayFromParts(1900, 3, 1)!;
const MAX_AUTO_WIDTH = 50;
const WIDTH_SAMPLE_ROWS = 1000;

const FORMAT: Record<ColumnType, string | undefined> = {
  text: undefined,
  number: "0.0",
  money: "#,##0.00",
  date: "yyyy-mm-dd",
  integer: "0",
  percent: "0.0%",
};

export async function writeWorkbook(report: RunReport, path: string, inputs: readonly string[]): Promise<void> {
  const target = resolve(path);
  await refuseInput(path, inputs); // however the path is spelled, links included
  await streamWorkbook(workbookSheets(report), new Date(report.asOf * MS_PER_DAY), path, target);
}

/** A sheet over Excel's rows is refused (the temporary file is then removed: nothing is left written). */
function refuseOversize(sheet: SheetModel, path: string): void {
  if (sheet.rows.length <= MAX_SHEET_ROWS - 1) return;
  throw new UsageError(
    `cannot write ${path}: the ${sheet.name} sheet would have ${sheet.rows.length.toLocaleString("en-US")} rows, and Excel holds at most ${(MAX_SHEET_ROWS - 1).toLocaleString("en-US")} rows below a header.`,
    { file: path },
    "Use --format csv (or json) for the action list, or run on fewer customers at a time.",
  );
}

/**
 * exceljs's streaming writer writes the temporary file row by row; then it is renamed.
 * Streamed at every size: at 20k customers (73k rows) the in-memory Workbook took 15 s and
 * 1.2 GB where the stream takes 6 s and 0.8 GB, and strings written in their cells (no
 * shared-string table kept in memory) are faster still (npm run bench, write stage).
 */
async function streamWorkbook(sheets: (() => SheetModel)[], fixedDate: Date, path: string, target: string): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  let file: WriteStream | undefined;
  try {
    // our own stream, opened before exceljs writes to it: an error (no folder, disk full)
    // rejects here instead of escaping as an unhandled 'error' event or a commit that never ends
    // "wx": never through something already at the temporary path (a planted link, a killed run's leftover)
    await unlink(temp).catch(() => {});
    const stream = createWriteStream(temp, { flags: "wx" });
    file = stream;
    let broken: unknown = null;
    const failed = new Promise<never>((_, reject) => stream.on("error", (error) => reject((broken ??= error))));
    failed.catch(() => {});
    await Promise.race([new Promise<void>((done) => stream.once("open", () => done())), failed]);
    const WorkbookWriter = await workbookWriter();
    const workbook = new WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    setProperties(workbook, fixedDate);
    for (const make of sheets) {
      const sheet = make(); // built, written, dropped: one sheet's rows at a time
      refuseOversize(sheet, path);
      await fillSheet(workbook, sheet, async () => {
        await new Promise<void>((done) => setImmediate(done));
        if (broken) throw broken; // no more rows for a file that cannot be written
      });
    }
    await Promise.race([workbook.commit(), failed]);
    if (!stream.closed) await Promise.race([new Promise<void>((done) => stream.once("close", () => done())), failed]);
    await stampZipEntries(temp, fixedDate); // the same bytes for the same inputs
    await rename(temp, target);
  } catch (error) {
    file?.destroy();
    await unlink(temp).catch(() => {});
    throw failure(path, error);
  }
}

function setProperties(workbook: ExcelJS.Workbook, date: Date): void {
  workbook.creator = "relance";
  workbook.lastModifiedBy = "relance";
  workbook.created = date;
  workbook.modified = date;
}

function failure(path: string, error: unknown): UsageError {
  if (error instanceof UsageError) return error;
  const why = (error as NodeJS.ErrnoException | null)?.code ? writeFailure(error) : error instanceof Error ? error.message : String(error);
  return new UsageError(`cannot write ${path}: ${why}.`, { file: path }, "Choose an output path in an existing folder you can write to.");
}

/** exceljs has data validations on every worksheet but leaves them out of its typings. */
interface WithValidations {
  dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void };
}

/**
 * exceljs's writer hands each row's XML to the zip (archiver, zlib) without waiting, and the
 * zip deflates a piece per turn of the event loop: written in one go, every sheet's XML
 * waited in memory until the commit (at 100k customers, 280 MB of buffers and a temporary
 * file of 2 MB until the end). Letting the loop turn every ROWS_PER_TURN rows keeps the zip
 * up with the rows: the file grows as the rows are written, and the deflating runs on the
 * other core meanwhile (L: the run's peak RSS about 180 MB lower, its time no longer).
 */
const ROWS_PER_TURN = 50;

async function fillSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheet: SheetModel, nextTurn: () => Promise<void>): Promise<void> {
  const ws = workbook.addWorksheet(sheet.name, {
    ...(sheet.frozenHeader ? { views: [{ state: "frozen", xSplit: 0, ySplit: 1, topLeftCell: "A2" }] } : {}),
    ...(sheet.hidden ? { state: "veryHidden" } : {}),
  });
  const widths = columnWidths(sheet);
  // one style object per column, shared by its cells: exceljs caches a style's id by the
  // object (a WeakMap), where a fresh object per cell cost it an XML rendering per cell
  const styles = sheet.columns.map((c): Partial<ExcelJS.Style> => {
    const numFmt = FORMAT[c.type];
    const style: Partial<ExcelJS.Style> = {};
    if (numFmt) style.numFmt = numFmt === "0.0" && c.decimals !== undefined ? numberFormat(c.decimals) : numFmt;
    if (c.wrap) style.alignment = { wrapText: true, vertical: "top" };
    return style;
  });
  // the columns keep their style too, for what the user types in them later (a promise date)
  ws.columns = sheet.columns.map((_, i): Partial<ExcelJS.Column> => ({ width: widths[i]!, style: { ...styles[i] } }));
  const header = ws.addRow(sheet.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: "top" };
  header.commit();

  const emphasis = new Set(sheet.emphasis ?? []);
  const types = sheet.columns.map((c) => c.type);
  // one array of Excel values per row, handed to exceljs at once; the few cells with a
  // format of their own (Summary's typed values, dates Excel cannot show) are set after
  const values: ExcelJS.CellValue[] = [];
  const formats: [number, string][] = [];
  for (let r = 0; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r]!;
    if (r % ROWS_PER_TURN === ROWS_PER_TURN - 1) await nextTurn();
    values.length = 0;
    formats.length = 0;
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c]!;
      if (cell === null) {
        values.push(null);
        continue;
      }
      const typed = typeof cell === "object";
      const type = typed ? cell.type : (types[c] ?? "text");
      const raw = typed ? cell.value : cell;
      const value = excelValue(type, raw);
      values.push(value);
      if (type === "date" && typeof value === "string") formats.push([c, "@"]);
      else if (typed && typeof raw === "number" && FORMAT[type] && value !== null) formats.push([c, FORMAT[type]!]);
    }
    const row = ws.addRow(values);
    const bold = emphasis.has(r);
    for (let c = 0; c < values.length; c++) {
      if (values[c] === null && !bold) continue;
      // never mutate a shared style: a cell with a format or font of its own gets its own object
      const own = formats.find(([at]) => at === c)?.[1];
      const base = styles[c] ?? NO_STYLE;
      row.getCell(c + 1).style = own !== undefined || bold ? { ...base, ...(own !== undefined ? { numFmt: own } : {}), ...(bold ? { font: BOLD } : {}) } : base;
    }
    row.commit();
  }

  const last = sheet.rows.length + 1;
  if (sheet.autoFilter && sheet.columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: last, column: sheet.columns.length } };
  const validatedLast = Math.max(last, (sheet.validatedRows ?? 0) + 1);
  sheet.columns.forEach((c, i) => {
    if (!c.validation || validatedLast < 2) return;
    const letter = ws.getColumn(i + 1).letter;
    (ws as unknown as WithValidations).dataValidations.add(`${letter}2:${letter}${validatedLast}`, {
      type: "list",
      allowBlank: true,
      formulae: [`"${c.validation.join(",")}"`],
      showErrorMessage: true,
      errorStyle: "warning",
      errorTitle: c.header,
      error: `${c.header}: one of ${c.validation.join(", ")}.`,
    });
  });
  ws.commit();
}

const NO_STYLE: Partial<ExcelJS.Style> = {};
const BOLD: Partial<ExcelJS.Font> = { bold: true };

function numberFormat(decimals: number): string {
  return decimals <= 0 ? "0" : `0.${"0".repeat(decimals)}`;
}

/** A model value as Excel stores it in a cell of that type (null: an empty cell). */
function excelValue(type: ColumnType, value: string | number): ExcelJS.CellValue {
  if (typeof value === "string") return value === "" ? null : excelText(value);
  if (!Number.isFinite(value)) return null;
  switch (type) {
    case "money":
      return centsToNumber(value);
    case "date":
      // before 1900-03-01 Excel cannot show it as a date: ISO text
      return value < FIRST_EXCEL_DAY ? formatDay(value as Day) : new Date(value * MS_PER_DAY);
    case "percent":
      return roundHalfAway(value, 6);
    case "number":
      return roundHalfAway(value, 4);
    case "integer":
      return value;
    case "text":
      return String(value);
  }
}

const CUT_NOTE = " … [cut: Excel holds at most 32,767 characters per cell]";

/**
 * Text as Excel will show it: `_xHHHH_` (which Excel and exceljs decode as a character) is
 * escaped as `_x005F_xHHHH_`, and text over the cell limit is cut with a note. Always a
 * plain string: exceljs writes it as a shared string, never as a formula.
 */
export function excelText(text: string): string {
  let out = text.replace(/_(x[0-9A-Fa-f]{4}_)/g, "_x005F_$1");
  if (out.length > MAX_CELL_TEXT) {
    out = out.slice(0, MAX_CELL_TEXT - CUT_NOTE.length);
    if (/[\ud800-\udbff]$/.test(out)) out = out.slice(0, -1);
    out += CUT_NOTE;
  }
  return out;
}

/** The model's widths, widened to fit the header and short values (sampled), at most 50. */
function columnWidths(sheet: SheetModel): number[] {
  return sheet.columns.map((c, i) => {
    let width = Math.max(c.width, Math.min(MAX_AUTO_WIDTH, c.header.length + 2));
    if (c.wrap) return width;
    for (const row of sheet.rows.slice(0, WIDTH_SAMPLE_ROWS)) {
      const v = row[i];
      const text = v === null || v === undefined ? "" : typeof v === "object" ? (typeof v.value === "string" ? v.value : "") : typeof v === "string" ? v : "";
      if (text.length + 2 > width && text.length <= MAX_AUTO_WIDTH - 2 && !text.includes("\n")) width = text.length + 2;
    }
    return width;
  });
}
