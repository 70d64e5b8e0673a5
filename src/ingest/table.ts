/**
 * A raw table as a reader delivers it, before any column is understood.
 * CSV readers deliver text cells; the xlsx reader delivers numbers for numeric cells and
 * ISO `YYYY-MM-DD` text for date cells, so value parsers see one shape for both.
 */

/** A cell: text as written, a number from a numeric spreadsheet cell, or null when empty. */
export type Cell = string | number | null;

/** One physical row and the 1-based line (CSV) or row number (xlsx) it starts on. */
export interface RawRow {
  cells: Cell[];
  line: number;
}

/** How the file was decoded, for `inspect` and for error messages. */
export interface TableFormat {
  kind: "csv" | "xlsx";
  /** csv: the encoding used to decode, and how it was chosen. */
  encoding?: string;
  encodingReason?: string;
  /** csv: the field delimiter and how it was chosen. */
  delimiter?: string;
  delimiterReason?: string;
  /** xlsx: the sheet read and the workbook's date system. */
  sheet?: string;
  date1904?: boolean;
}

/**
 * A table opened for reading. `head` holds the first rows (up to a few hundred) so the
 * header row and column formats can be decided before the whole file is walked;
 * `forEachRow` then delivers every row from the first one, `head` included, in order.
 */
export interface RawTable {
  file: string;
  format: TableFormat;
  head: RawRow[];
  /**
   * About how many rows the file holds, when the reader can tell before walking it (CSV:
   * its size × the line breaks of its first megabyte ÷ that megabyte), so that what is
   * kept per row can be reserved once instead of grown by copies. Never relied on.
   */
  estimatedRows?: number;
  /**
   * With `onSpans`, a reader that can (CSV) hands the rows it splits without a quote as
   * spans of its text instead of cells (RowSpans); every other row still goes to `onRow`,
   * and all come in file order.
   */
  forEachRow(onRow: (row: RawRow) => void, onSpans?: (row: RowSpans) => void): Promise<void>;
}

/**
 * A row as spans of a text: cell i is `text.slice(starts[i], ends[i])`, exactly the cell
 * the reader would give. One object is reused for every row (and `text` is a piece of the
 * file): read it during the call, keep none of it.
 */
export interface RowSpans {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
  /** how many cells the row has */
  count: number;
  line: number;
}

/** The cells of a RowSpans, for the rows whose reading needs them. */
export function spanCells(row: RowSpans): RawRow {
  const cells: Cell[] = [];
  for (let i = 0; i < row.count; i++) cells.push(row.text.slice(row.starts[i], row.ends[i]));
  return { cells, line: row.line };
}
