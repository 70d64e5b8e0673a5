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
   * and all come in file order. `hints` name the columns whose values a reader splitting
   * the rows on another thread works out there (RowSpans.known).
   */
  forEachRow(onRow: (row: RawRow) => void, onSpans?: (row: RowSpans) => void, hints?: ColumnHint[]): Promise<void>;
}

/**
 * A row as spans of a text: cell i is `text.slice(bounds[at + 2i], bounds[at + 2i + 1])`,
 * exactly the cell the reader would give. One object is reused for every row (and `text` is
 * a piece of the file): read it during the call, keep none of it.
 */
export interface RowSpans {
  text: string;
  bounds: Int32Array;
  at: number;
  /** how many cells the row has */
  count: number;
  line: number;
  /**
   * The values of the hinted columns (forEachRow's `hints`) already worked out, hint k's at
   * `known[knownAt + k]`, NaN where it was not; null when none were.
   */
  known: Float64Array | null;
  knownAt: number;
}

/** A column whose value the reader may work out as it splits the row (span-reader.ts knownValue). */
export interface ColumnHint {
  index: number;
  hint: SpanHint;
}

/**
 * What a span parser's fast path reads: a day of ten characters in that order, a plain
 * amount with that decimal mark, or, in a column whose texts repeat (words, customer ids),
 * the span's place among the column's distinct texts in the order first seen, for the
 * first `limit` of them.
 */
export type SpanHint = { kind: "date"; order: "dmy" | "mdy" | null } | { kind: "amount"; mark: number } | { kind: "distinct"; limit: number };

export function emptySpans(): RowSpans {
  return { text: "", bounds: new Int32Array(128), at: 0, count: 0, line: 0, known: null, knownAt: 0 };
}

/** The cells of a RowSpans, for the rows whose reading needs them. */
export function spanCells(row: RowSpans): RawRow {
  const cells: Cell[] = [];
  for (let i = 0, b = row.at; i < row.count; i++, b += 2) cells.push(row.text.slice(row.bounds[b], row.bounds[b + 1]));
  return { cells, line: row.line };
}
