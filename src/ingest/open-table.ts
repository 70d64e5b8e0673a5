/**
 * Opens an export as a RawTable, by its extension: .xlsx with exceljs, everything else
 * (.csv, .txt, .tsv, a FEC) as delimited text.
 */
import { stat } from "node:fs/promises";
import { extname } from "node:path";
import { UsageError } from "../errors.js";
import { openCsv } from "./read-csv.js";
import { openXlsx } from "./read-xlsx.js";
import type { RawTable } from "./table.js";
import type { ImportProfile } from "./mapping/mapping-file.js";

export async function openTable(file: string, profile?: ImportProfile, sheet?: string): Promise<RawTable> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new UsageError(`${file}: not a file.`, { file }, "Give the path of an export file.");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file}: file not found.`, { file }, "Check the path (it is relative to the current directory).");
  }
  const ext = extname(file).toLowerCase();
  if (ext === ".xlsx" || ext === ".xlsm") return openXlsx(file, { sheet: sheet ?? profile?.sheet });
  if (ext === ".xls") {
    throw new UsageError(`${file}: old Excel .xls workbooks are not read.`, { file }, "Open it in Excel or LibreOffice and save it as .xlsx, or export it as CSV.");
  }
  return openCsv(file, { encoding: profile?.encoding, delimiter: profile?.delimiter });
}
