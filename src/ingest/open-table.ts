/**
 * Opens an export as a RawTable, by its extension: .xlsx with exceljs, everything else
 * (.csv, .txt, .tsv, a FEC) as delimited text. A file is read whole, so one over
 * MAX_INPUT_BYTES (what a JavaScript string can hold once decoded, with a margin) is
 * refused before a byte is read, and spreadsheet formats that are not read are named.
 */
import { stat } from "node:fs/promises";
import { extname } from "node:path";
import { DataError, UsageError } from "../errors.js";
import { openCsv } from "./read-csv.js";
import type { RawTable } from "./table.js";
import type { ImportProfile } from "./mapping/mapping-file.js";

/** Largest input file read: V8 strings hold at most 2^29 − 24 characters. */
export const MAX_INPUT_BYTES = 500 * 1024 * 1024;

/** Spreadsheet formats that are not read, and what they are. */
const UNREAD_FORMATS: Record<string, string> = {
  ".xls": "an old Excel .xls workbook",
  ".xlsb": "an Excel binary (.xlsb) workbook",
  ".ods": "an OpenDocument (.ods) spreadsheet",
  ".numbers": "an Apple Numbers file",
};

export async function openTable(file: string, profile?: ImportProfile, sheet?: string): Promise<RawTable> {
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new UsageError(`${file}: not a file.`, { file }, "Give the path of an export file.");
    size = s.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM") throw new UsageError(`${file}: permission denied.`, { file }, "Check the file's permissions.");
    throw new UsageError(`${file}: file not found.`, { file }, "Check the path (it is relative to the current directory).");
  }
  if (size > MAX_INPUT_BYTES) {
    throw new DataError(
      `${file}: the file is ${formatSize(size)}, more than relance reads in one file (${formatSize(MAX_INPUT_BYTES)}).`,
      { file },
      "Export a shorter period or fewer columns, or split the export into several files and run them one by one.",
    );
  }
  const ext = extname(file).toLowerCase();
  if (ext === ".xlsx" || ext === ".xlsm") {
    // exceljs takes about half a second to load: only runs that read a workbook pay for it
    const { openXlsx } = await import("./read-xlsx.js");
    return openXlsx(file, { sheet: sheet ?? profile?.sheet });
  }
  const unread = Object.hasOwn(UNREAD_FORMATS, ext) ? UNREAD_FORMATS[ext] : undefined;
  if (unread) {
    throw new DataError(`${file}: this is ${unread}, which is not read.`, { file }, "Open it in Excel or LibreOffice and save it as .xlsx, or export it as CSV.");
  }
  return openCsv(file, { encoding: profile?.encoding, delimiter: profile?.delimiter });
}

function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}
