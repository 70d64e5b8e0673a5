/**
 * Delimited text (.csv, .txt, .tsv) → RawTable, with papaparse. The whole file is decoded
 * once (see decode.ts); rows are then delivered one by one with the physical line each
 * starts on, so a rejected row can be found in a text editor.
 */
import { readFile } from "node:fs/promises";
import Papa from "papaparse";
import { DataError } from "../errors.js";
import { decode, type Encoding } from "./decode.js";
import { sniffDelimiter, type Delimiter } from "./sniff-delimiter.js";
import type { RawRow, RawTable } from "./table.js";

export interface CsvOptions {
  encoding?: Encoding;
  delimiter?: string;
  /** How many rows `head` holds (default 200). */
  headRows?: number;
}

export async function openCsv(file: string, options: CsvOptions = {}): Promise<RawTable> {
  const decoded = decode(await readFile(file), file, options.encoding);
  const text = decoded.text;
  if (text.trim() === "") {
    throw new DataError(`${file}: the file holds only blank lines.`, { file }, "Export the data again from the accounting package.");
  }
  const sniffed = options.delimiter ? null : sniffDelimiter(text);
  const delimiter = options.delimiter ?? (sniffed!.delimiter as Delimiter);
  const format = {
    kind: "csv" as const,
    encoding: decoded.encoding,
    encodingReason: decoded.reason,
    delimiter,
    delimiterReason: sniffed ? sniffed.reason : "given in the mapping file",
  };
  const head: RawRow[] = [];
  parseRows(text, delimiter, file, (row) => head.push(row), options.headRows ?? 200);
  return {
    file,
    format,
    head,
    forEachRow: async (onRow) => parseRows(text, delimiter, file, onRow),
  };
}

/** Runs papaparse over `text`, calling `onRow` with each row and its starting line. */
function parseRows(text: string, delimiter: string, file: string, onRow: (row: RawRow) => void, limit = Infinity): void {
  let line = 1;
  let counted = 0; // offset up to which newlines have been counted into `line`
  let rowStart = 0;
  let newline = "\n";
  let failure: DataError | null = null;
  Papa.parse<string[]>(text, {
    delimiter,
    preview: limit === Infinity ? 0 : limit,
    step: (results, handle) => {
      if (results.meta.linebreak) newline = results.meta.linebreak === "\r" ? "\r" : "\n";
      for (let i = text.indexOf(newline, counted); i !== -1 && i < rowStart; i = text.indexOf(newline, i + 1)) line++;
      counted = rowStart;
      const quoteError = results.errors.find((e) => e.type === "Quotes");
      if (quoteError) {
        failure = new DataError(
          `${file}:${line}: a quoted field that starts on this line is never closed (${quoteError.message}).`,
          { file, line },
          "A field that begins with a double quote must end with one; a quote inside a field is written twice (\"\"). Fix the line or re-export the file.",
        );
        handle.abort();
        return;
      }
      onRow({ cells: results.data, line });
      rowStart = results.meta.cursor;
    },
  });
  if (failure) throw failure;
}
