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
import { emptySpans, type ColumnHint, type RawRow, type RowSpans, type SpanHint } from "../table.js";
import { knownValue, knownValues } from "../rows/span-reader.js";
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
  private readonly hints: SpanHint[];
  private readonly columns: number[];
  /** per hint, the places of a distinct-text column's texts (knownValues); null for the others, whose values are knownValue's */
  private readonly places: (((text: string, start: number, end: number) => number) | null)[];

  constructor(
    hints: ColumnHint[],
    private readonly send: (batch: RowBatch) => void,
  ) {
    this.hints = hints.map((h) => h.hint);
    this.columns = hints.map((h) => h.index);
    this.places = hints.map((h) => (h.hint.kind === "distinct" ? knownValues(h.hint) : null));
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
    const { hints, columns, places } = this;
    if (columns.length === 0) return;
    const known = (this.known = roomFor(this.known, this.knownUsed + columns.length - 1));
    for (let k = 0; k < columns.length; k++) {
      const index = columns[k]!;
      const b = row.at + 2 * index;
      const hint = hints[k]!;
      // one call site for the pure values, one for the places: each stays monomorphic
      known[this.knownUsed++] = index >= count ? NaN : hint.kind === "distinct" ? places[k]!(text, bounds[b]!, bounds[b + 1]!) : knownValue(hint, text, bounds[b]!, bounds[b + 1]!);
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
