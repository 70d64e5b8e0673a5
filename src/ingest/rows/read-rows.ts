/**
 * The generic walk over an export's data rows: skips layout rows, refuses rows whose field
 * count does not fit the header, parses every mapped cell, and hands the values (or the
 * problems) to a role-specific converter. Counts everything for the summary.
 */
import type { Rejected } from "../../ledger/types.js";
import { spanCells, type Cell, type ColumnHint, type RawRow, type RawTable, type RowSpans } from "../table.js";
import { cellText } from "../columns/match-columns.js";
import type { FieldReader } from "./record-reader.js";
import { rawValue } from "./record-reader.js";
import { layoutKind } from "./layout.js";
import { isPlain, SPAN_FAILED, TAKE_CENTS, TAKE_DAY, TAKE_PLACE, takenCents, takenPlace, type TakeHow } from "./span-reader.js";

export interface CellProblem {
  field: string;
  header: string;
  value: string;
  reason: string;
}

export interface RowCounts {
  read: number;
  used: number;
  rejected: number;
  skipped: number;
  /**
   * Rejected rows that had fewer fields than the header (line → field count). A short row is
   * read (trailing empty cells are often left out), but when it is rejected the reason should
   * say so: another delimiter or a cut line is likelier than the missing value it shows as.
   */
  shortRejected: Map<number, number>;
}

/** What a converter did with a row: used it, rejected it (after reporting it), or skipped it as the mapping file asks. */
export type RowOutcome = "used" | "rejected" | "skipped";

/**
 * Converts one row's values into records. `values` holds each mapped field's value at its
 * slot (SlotOf). It is the same array for every row of a file: read it, keep none of it.
 */
export type RowConverter = (values: readonly unknown[], problems: CellProblem[], row: RawRow) => RowOutcome;

/**
 * Where a field's value is in a row's values: the place of its reader, or, for a field no
 * column is mapped to, the place past them all, which stays empty. A converter looks its
 * fields' slots up once; the walk then writes each value into an array by its place, not
 * into an object by a key that changes from cell to cell (which V8 cannot store fast).
 */
export type SlotOf = (field: string) => number;

export function slotsOf(readers: readonly FieldReader[]): SlotOf {
  const at = new Map(readers.map((r, k) => [r.field, k]));
  return (field) => at.get(field) ?? readers.length;
}

/** The slots of a converter's fields, looked up once. */
export function slotsFor<F extends string>(fields: readonly F[], slotOf: SlotOf): Record<F, number> {
  return Object.fromEntries(fields.map((f) => [f, slotOf(f)])) as Record<F, number>;
}

export interface WalkOptions {
  table: RawTable;
  headerLine: number;
  headers: string[];
  readers: FieldReader[];
  idColumns: number[];
  reject: (r: Rejected) => void;
  convert: RowConverter;
  /**
   * Rows may come as spans (RowSpans): the converter then gets a row without cells (it
   * must read only `line`). Rows that need more care than the common case are read as
   * cells all the same.
   */
  spans?: boolean;
  /** told the rows read so far, every PROGRESS_EVERY rows and at the end (progress display) */
  onRows?: (rows: number) => void;
}

export const PROGRESS_EVERY = 10_000;

const NO_PROBLEMS: CellProblem[] = Object.freeze([]) as unknown as CellProblem[];

export async function walkRows(o: WalkOptions): Promise<RowCounts> {
  const counts: RowCounts = { read: 0, used: 0, rejected: 0, skipped: 0, shortRejected: new Map() };
  const width = o.headers.length;
  const file = o.table.file;
  const delimited = o.table.format.kind === "csv"; // a spreadsheet row simply ends at its last filled cell
  // One array of values for every row, a slot a reader and an empty one past them (SlotOf),
  // written for each row (converters read it and keep nothing of it): no object per row.
  const readers = o.readers;
  const values: unknown[] = new Array<unknown>(readers.length + 1).fill(undefined);
  const tally = (outcome: RowOutcome, fields: number, line: number) => {
    if (outcome === "used") counts.used++;
    else if (outcome === "rejected") {
      counts.rejected++;
      if (delimited && fields < width) counts.shortRejected.set(line, fields);
    } else {
      counts.read--;
      counts.skipped++;
    }
  };
  const onRow = (row: RawRow) => {
    if (row.line <= o.headerLine) return;
    const layout = layoutKind(row.cells, o.idColumns, o.headers);
    if (layout) {
      if (layout !== "blank") counts.skipped++;
      return;
    }
    counts.read++;
    if (o.onRows && counts.read % PROGRESS_EVERY === 0) o.onRows(counts.read);
    if (row.cells.length > width && row.cells.slice(width).some((c) => cellText(c) !== "")) {
      counts.rejected++;
      o.reject({
        file, line: row.line, column: null,
        value: row.cells.map(rawValue).join(o.table.format.delimiter ?? " | "),
        reason: `row has ${row.cells.length} fields but the header has ${width} (${delimited && row.cells.some(holdsLineBreak) ? MIXED_LINE_ENDINGS : "a delimiter inside an unquoted value?"})`,
      });
      return;
    }
    let problems: CellProblem[] = NO_PROBLEMS;
    for (let k = 0; k < readers.length; k++) {
      const r = readers[k]!;
      const cell = r.index < row.cells.length ? row.cells[r.index]! : null;
      const parsed = r.read(cell);
      if (parsed.ok) values[k] = parsed.value;
      else {
        values[k] = undefined;
        if (problems === NO_PROBLEMS) problems = [];
        problems.push({ field: r.field, header: r.header, value: rawValue(cell), reason: parsed.reason });
      }
    }
    tally(o.convert(values, problems, row), row.cells.length, row.line);
  };
  // The common row, as spans: as wide as the header, its ids filled, not the header again,
  // every value read without a problem. Any other is read as cells, from the start.
  const spanRow: RawRow = { cells: NO_CELLS, line: 0 };
  const isCommon = commonRowTest(o);
  const hints: ColumnHint[] = [];
  const hintAt = readers.map((r) => (r.hint ? hints.push({ index: r.index, hint: r.hint }) - 1 : -1)); // a reader's place among the hints, -1 without
  // The readers by how a value worked out on the splitting thread is taken (span-reader.ts
  // takenCents, takenPlace): a loop a kind, each taking values of one shape, not one loop over readers of
  // every kind by turns (as row-batch.ts does with the hints on the other side).
  const slotsOfKind = (how: TakeHow) => readers.flatMap((r, k) => (r.take?.how === how ? [{ slot: k, hint: hintAt[k]!, column: r.index, reader: r, take: r.take }] : []));
  const days = slotsOfKind(TAKE_DAY);
  const cents = slotsOfKind(TAKE_CENTS);
  const places = slotsOfKind(TAKE_PLACE);
  const others = readers.flatMap((r, k) => (r.take === null ? [{ slot: k, column: r.index, reader: r }] : []));
  /** The reader's value of the span into its slot; false when it refuses the span (the row is then read as cells). */
  const readInto = (row: RowSpans, slot: number, column: number, reader: FieldReader, known: number): boolean => {
    const b = row.at + 2 * column;
    const value = reader.readSpan(row.text, row.bounds[b]!, row.bounds[b + 1]!, known);
    values[slot] = value;
    return value !== SPAN_FAILED;
  };
  /** every reader's value of the row (none was worked out for it) */
  const readAll = (row: RowSpans): boolean => {
    for (let k = 0; k < readers.length; k++) if (!readInto(row, k, readers[k]!.index, readers[k]!, NaN)) return false;
    return true;
  };
  /** readAll with the values worked out for it: most cells call no parser */
  const readKnown = (row: RowSpans, known: Float64Array): boolean => {
    const base = row.knownAt;
    for (let j = 0; j < days.length; j++) {
      const { slot, hint, column, reader } = days[j]!;
      const kv = known[base + hint]!;
      if (kv === kv) values[slot] = kv; // a day is its known value (taken)
      else if (!readInto(row, slot, column, reader, kv)) return false;
    }
    for (let j = 0; j < cents.length; j++) {
      const { slot, hint, column, reader, take } = cents[j]!;
      const kv = known[base + hint]!;
      if (kv === kv) values[slot] = takenCents(take, kv);
      else if (!readInto(row, slot, column, reader, kv)) return false;
    }
    for (let j = 0; j < places.length; j++) {
      const { slot, hint, column, reader, take } = places[j]!;
      const kv = known[base + hint]!;
      const value = kv === kv ? takenPlace(take, kv) : undefined; // SPAN_FAILED for a text its parser refused before
      if (value === undefined) {
        if (!readInto(row, slot, column, reader, kv)) return false;
      } else if (value === SPAN_FAILED) return false;
      else values[slot] = value;
    }
    for (let j = 0; j < others.length; j++) {
      const { slot, column, reader } = others[j]!;
      if (!readInto(row, slot, column, reader, NaN)) return false;
    }
    return true;
  };
  const onSpans = (row: RowSpans) => {
    if (!isCommon(row)) return onRow(spanCells(row));
    const known = row.known;
    if (!(known !== null ? readKnown(row, known) : readAll(row))) return onRow(spanCells(row));
    counts.read++;
    if (o.onRows && counts.read % PROGRESS_EVERY === 0) o.onRows(counts.read);
    spanRow.line = row.line;
    tally(o.convert(values, NO_PROBLEMS, spanRow), width, row.line);
  };
  await o.table.forEachRow(onRow, o.spans && o.idColumns.length > 0 ? onSpans : undefined, hints);
  o.onRows?.(counts.read);
  return counts;
}

const NO_CELLS: Cell[] = Object.freeze([]) as unknown as Cell[];

/**
 * Why a CSV row that holds a line break may be too wide: the file mixes line endings (some
 * lines end in CRLF, others in LF alone), and a line ending that is not the file's is read
 * as part of a value, joining two lines into one row.
 */
const MIXED_LINE_ENDINGS = "it runs over a line break that is not the file's: are its line endings mixed, CRLF and LF? Save the file again with one kind";

function holdsLineBreak(cell: Cell): boolean {
  return typeof cell === "string" && (cell.includes("\n") || cell.includes("\r"));
}

/**
 * Whether a row of spans is one layoutKind passes at once and that is as wide as the
 * header: after the header, its id cells filled (their first character is not a space),
 * and its first cell not the header's first (which a repeated header would start with).
 */
function commonRowTest(o: WalkOptions): (row: RowSpans) => boolean {
  const width = o.headers.length;
  const firstHeader = o.headers.find((h) => h !== "");
  return (row) => {
    if (row.count !== width || row.line <= o.headerLine) return false;
    const { bounds, at } = row;
    for (const i of o.idColumns) {
      const start = bounds[at + 2 * i]!;
      if (start === bounds[at + 2 * i + 1] || !isPlain(row.text.charCodeAt(start))) return false;
    }
    const start = bounds[at]!;
    if (start === bounds[at + 1] || !isPlain(row.text.charCodeAt(start))) return false;
    return firstHeader === undefined || !row.text.startsWith(firstHeader, start);
  };
}

/** A Rejected record for a cell problem. */
export function rejectedFor(file: string, line: number, p: CellProblem): Rejected {
  return { file, line, column: p.header, value: p.value, reason: `${p.field}: ${p.reason}` };
}

/** The reason of a row rejected while shorter than the header, with its field count. */
export function shortRowReason(reason: string, fields: number, width: number): string {
  return `${reason} (the row has ${fields} field${fields === 1 ? "" : "s"}, the header ${width}: another delimiter, or a cut line?)`;
}
