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
  forEachRow(onRow: (row: RawRow) => void): Promise<void>;
}
