/**
 * Reads the workbook given with `--previous` (I/O only; parse-previous.ts understands it).
 * Every problem with the file itself is a usage error (exit 2): the option names a file the
 * user chose, and the fix is to pass the right one.
 */
import { promises as fs } from "node:fs";
import { DataError, UsageError } from "../errors.js";
import { openXlsxBook } from "../ingest/read-xlsx.js";
import { ACTIONS_SHEET, OVERRIDES_SHEET } from "../output/workbook-model.js";
import { formatDay, type Day } from "../ledger/day.js";
import { parsePrevious } from "./parse-previous.js";
import type { Grid, GridRow } from "./sheet-grid.js";
import { STATE_SHEET } from "./state-sheet.js";
import type { PreviousRun } from "./types.js";

/** A workbook written by relance for 100k customers stays far below this. */
const MAX_PREVIOUS_BYTES = 512 * 1024 * 1024;

/** The sheets the next run reads back; the others (segment lists, drafts, metrics) are never inflated. */
const SHEETS_READ = [ACTIONS_SHEET, STATE_SHEET, OVERRIDES_SHEET];

/** The previous run's workbook, for a run standing on `asOf` (a later run's workbook is refused). */
export async function readPrevious(file: string, asOf: Day): Promise<PreviousRun> {
  const hint = "Pass the .xlsx workbook written by the previous `relance run`.";
  let size: number;
  try {
    size = (await fs.stat(file)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--previous ${file}: ${code === "ENOENT" ? "no such file" : `cannot be read (${code ?? "unknown error"})`}.`, { file }, hint);
  }
  if (size > MAX_PREVIOUS_BYTES) throw new UsageError(`--previous ${file}: ${size} bytes, more than a relance workbook can be (${MAX_PREVIOUS_BYTES}).`, { file }, hint);
  const previous = parsePrevious(file, await readSheets(file, hint));
  if (previous.asOf !== null && previous.asOf > asOf) {
    throw new UsageError(
      `--previous ${file} is the run as of ${formatDay(previous.asOf)}, after --as-of ${formatDay(asOf)}.`,
      { file },
      "Pass the workbook of an earlier run (or the same day's, to run it again).",
    );
  }
  return previous;
}

/**
 * The sheets parsePrevious reads, each streamed as an export's sheet is (read-xlsx.ts: the
 * zip checked first, a damaged or hostile file refused), the others only named: at 100k
 * customers the workbook's other sheets hold most of its 380k rows. Empty rows are left out.
 */
async function readSheets(file: string, hint: string): Promise<Grid[]> {
  try {
    const book = await openXlsxBook(file);
    const grids: Grid[] = [];
    for (const name of book.sheetNames) {
      if (!SHEETS_READ.some((wanted) => wanted.toLowerCase() === name.toLowerCase())) {
        grids.push({ name, rows: [] });
        continue;
      }
      const rows: GridRow[] = [];
      await (await book.sheet(name, 0)).forEachRow((row) => {
        if (row.cells.some((c) => c !== null && c !== "")) rows.push({ number: row.line, cells: row.cells });
      });
      grids.push({ name, rows });
    }
    return grids;
  } catch (error) {
    if (!(error instanceof DataError || error instanceof UsageError)) throw error;
    throw new UsageError(`--previous ${error.message}`, { file }, hint); // the export reader's advice (export as CSV) does not fit here
  }
}
