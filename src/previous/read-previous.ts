/**
 * Reads the workbook given with `--previous` (I/O only; parse-previous.ts understands it).
 * Every problem with the file itself is a usage error (exit 2): the option names a file the
 * user chose, and the fix is to pass the right one.
 */
import { promises as fs } from "node:fs";
import type ExcelJS from "exceljs";
import { UsageError } from "../errors.js";
import { formatDay, type Day } from "../ledger/day.js";
import { parsePrevious } from "./parse-previous.js";
import type { Grid } from "./sheet-grid.js";
import type { PreviousRun } from "./types.js";

/** A workbook written by relance for 100k customers stays far below this. */
const MAX_PREVIOUS_BYTES = 512 * 1024 * 1024;

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
  // exceljs takes about half a second to load: only a run given --previous pays for it
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    const cause = (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 120);
    throw new UsageError(`--previous ${file}: not a readable .xlsx workbook (${cause}).`, { file }, hint);
  }
  const previous = parsePrevious(file, workbook.worksheets.map(toGrid));
  if (previous.asOf !== null && previous.asOf > asOf) {
    throw new UsageError(
      `--previous ${file} is the run as of ${formatDay(previous.asOf)}, after --as-of ${formatDay(asOf)}.`,
      { file },
      "Pass the workbook of an earlier run (or the same day's, to run it again).",
    );
  }
  return previous;
}

function toGrid(ws: ExcelJS.Worksheet): Grid {
  const rows: Grid["rows"] = [];
  ws.eachRow({ includeEmpty: false }, (row, number) => {
    const values = row.values;
    rows.push({ number, cells: Array.isArray(values) ? values.slice(1) : [] });
  });
  return { name: ws.name, rows };
}
