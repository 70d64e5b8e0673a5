/**
 * CSV out: RFC 4180 quoting, comma, LF, and the CSV-injection guard of the contract: a text
 * field starting with = + - @ TAB or CR gets a leading ' so a spreadsheet does not run it.
 */
/** A number already written as text (e.g. "1234.50"): output as is, never guarded or quoted. */
export interface NumericText {
  numeric: string;
}
export type CsvValue = string | number | NumericText | null;

/** A text field as a spreadsheet can open it safely. Numbers are not text: pass them as numbers. */
export function csvText(text: string): string {
  return startsFormula(text.charCodeAt(0)) ? `'${text}` : text;
}

/** = + - @ TAB CR: what a spreadsheet may take for the start of a formula. By code, not a regular expression: a CSV of 100k rows asks 200k times. */
function startsFormula(code: number): boolean {
  return code === 61 || code === 43 || code === 45 || code === 64 || code === 9 || code === 13;
}

export function csvField(value: CsvValue): string {
  if (value === null) return "";
  if (typeof value === "object") return value.numeric;
  if (typeof value === "number") return String(value); // digits, a sign, a point, an exponent: nothing to quote
  const text = csvText(value);
  // quoted too: a leading U+FEFF, which a reader would take for a byte order mark at the start of the file
  return needsQuotes(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A quote, a comma or a line break in it, or a leading U+FEFF. */
function needsQuotes(text: string): boolean {
  if (text.charCodeAt(0) === 0xfeff) return true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34 || code === 44 || code === 10 || code === 13) return true;
  }
  return false;
}

/** A row's fields as one CSV line (no line break). */
export function csvLine(row: readonly CsvValue[]): string {
  let line = row.length > 0 ? csvField(row[0]!) : "";
  for (let i = 1; i < row.length; i++) line += "," + csvField(row[i]!);
  return line;
}

/** About how many characters a piece of csvPieces holds. */
export const PIECE_CHARS = 64 * 1024;

/**
 * The CSV text of a header and rows, in pieces made as they are asked for, so a file is
 * written piece by piece: at 100k customers the whole text, flattened and encoded for
 * writing, took about 40 MB. The rows may be made one at a time too (a generator): an array
 * of every row's fields took about 90 MB.
 */
export function* csvPieces(header: readonly string[], rows: Iterable<readonly CsvValue[]>): Generator<string> {
  let text = csvLine(header) + "\n";
  for (const row of rows) {
    text += csvLine(row) + "\n";
    if (text.length >= PIECE_CHARS) {
      yield text;
      text = "";
    }
  }
  yield text;
}

/** The CSV text of a header and rows, whole. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  let text = "";
  for (const piece of csvPieces(header, rows)) text += piece;
  return text;
}
