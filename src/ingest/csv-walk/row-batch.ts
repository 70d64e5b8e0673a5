/**
 * The rows of a CSV walk as they cross from the worker thread that splits them to the
 * thread that reads them: one batch per piece of the file, the piece's text once and, for
 * each row in file order, either its spans into that text (RowSpans) or its cells (the rows
 * papaparse read). Replaying a batch calls onSpans and onRow exactly as the walk did, the
 * spans read where they lie in the batch (no copy).
 *
 * For each span row the worker also works out the hinted columns' values (knownValues), the
 * part of reading a row that needs no string kept: the reading thread then only takes them.
 */
import { emptySpans, type ColumnHint, type RawRow, type RowSpans } from "../table.js";
import { knownCents, knownDay, knownValues } from "../rows/span-reader.js";
import type { DateOrder } from "../parse/date.js";
import { roomFor } from "../../util/typed-arrays.js";

export interface RowBatch {
  /** the piece the span rows are spans of ("" when the batch has none) */
  text: string;
  /**
   * Per row: a span row is [cell count, line, start₀, end₀, start₁, end₁, …]; a row of
   * cells is [CELLS, its index in `cells`].
   */
  rows: Int32Array;
  cells: RawRow[];
  /** per span row, in order, one value per hint (NaN when it has none, or the cell is not there) */
  known: Float64Array;
}

const CELLS = -1;

/** Gathers a walk's rows into batches, handing each on when the piece changes. */
export class BatchWriter {
  private text = "";
  private rows = new Int32Array(1 << 16);
  private used = 0;
  private known = new Float64Array(1 << 14);
  private knownUsed = 0;
  private cells: RawRow[] = [];
  /** the hints: known values a span row */
  private readonly hints: number;
  /**
   * The hints by kind, each with its place among the hints (where its value goes in a
   * row's known values) and what it reads with: one loop a kind, each calling one function
   * with values of one shape, not one loop calling a date's, an amount's or a place's by
   * turns. With holds() in span-reader.ts, 0.08 G fewer instructions on the reading
   * thread at M (4.31 → 4.23 G, cachegrind); the known values are about 1.9 G of it.
   */
  private readonly dates: { at: number; column: number; order: DateOrder | null }[] = [];
  private readonly amounts: { at: number; column: number; mark: number }[] = [];
  /** a distinct-text column's places (knownValues) */
  private readonly distinct: { at: number; column: number; place: (text: string, start: number, end: number) => number }[] = [];

  constructor(
    hints: ColumnHint[],
    private readonly send: (batch: RowBatch) => void,
  ) {
    this.hints = hints.length;
    hints.forEach(({ index: column, hint }, at) => {
      if (hint.kind === "date") this.dates.push({ at, column, order: hint.order });
      else if (hint.kind === "amount") this.amounts.push({ at, column, mark: hint.mark });
      else this.distinct.push({ at, column, place: knownValues(hint) });
    });
  }

  spans(row: RowSpans): void {
    if (row.text !== this.text) {
      this.flush();
      this.text = row.text;
    }
    const { count, bounds, text } = row;
    const rows = (this.rows = roomFor(this.rows, this.used + 1 + 2 * count));
    let at = this.used;
    rows[at++] = count;
    rows[at++] = row.line;
    for (let i = row.at, end = row.at + 2 * count; i < end; i++) rows[at++] = bounds[i]!; // not set(subarray()): an object a row
    this.used = at;
    const hints = this.hints;
    if (hints === 0) return;
    const base = this.knownUsed;
    const known = (this.known = roomFor(this.known, base + hints - 1));
    this.knownUsed = base + hints;
    const first = row.at;
    for (let j = 0; j < this.dates.length; j++) {
      const { at: k, column, order } = this.dates[j]!;
      const b = first + 2 * column;
      known[base + k] = column >= count ? NaN : knownDay(text, bounds[b]!, bounds[b + 1]!, order);
    }
    for (let j = 0; j < this.amounts.length; j++) {
      const { at: k, column, mark } = this.amounts[j]!;
      const b = first + 2 * column;
      known[base + k] = column >= count ? NaN : knownCents(text, bounds[b]!, bounds[b + 1]!, mark);
    }
    for (let j = 0; j < this.distinct.length; j++) {
      const { at: k, column, place } = this.distinct[j]!;
      const b = first + 2 * column;
      known[base + k] = column >= count ? NaN : place(text, bounds[b]!, bounds[b + 1]!);
    }
  }

  row(row: RawRow): void {
    this.rows = roomFor(this.rows, this.used + 1);
    this.rows[this.used++] = CELLS;
    this.rows[this.used++] = this.cells.length;
    this.cells.push(row);
  }

  flush(): void {
    if (this.used === 0) return;
    this.send({ text: this.text, rows: this.rows.slice(0, this.used), cells: this.cells, known: this.known.slice(0, this.knownUsed) });
    this.used = 0;
    this.knownUsed = 0;
    this.cells = [];
  }
}

/** Calls onSpans and onRow for a batch's rows, in order, with one RowSpans for all. */
export function replayBatch(batch: RowBatch, hints: number, onRow: (row: RawRow) => void, onSpans: (row: RowSpans) => void): void {
  const { rows, cells } = batch;
  const spans = emptySpans();
  spans.text = batch.text;
  spans.bounds = rows;
  spans.known = hints > 0 ? batch.known : null;
  for (let at = 0; at < rows.length; ) {
    const count = rows[at++]!;
    if (count === CELLS) {
      onRow(cells[rows[at++]!]!);
      continue;
    }
    spans.line = rows[at++]!;
    spans.at = at;
    spans.count = count;
    onSpans(spans);
    at += 2 * count;
    spans.knownAt += hints;
  }
}
