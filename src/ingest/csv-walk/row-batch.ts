/**
 * The rows of a CSV walk as they cross from the worker thread that splits them to the
 * thread that reads them: one batch per piece of the file, the piece's text once and, for
 * each row in file order, either its spans into that text (RowSpans) or its cells (the rows
 * papaparse read). Replaying a batch calls onSpans and onRow exactly as the walk did, the
 * spans read where they lie in the batch (no copy).
 *
 * For each span row the worker also works out the hinted columns' values (knownValue), the
 * part of reading a row that needs no string: the reading thread then only takes them.
 */
import { emptySpans, type ColumnHint, type RawRow, type RowSpans } from "../table.js";
import { knownValue } from "../rows/span-reader.js";
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

  constructor(
    private readonly hints: ColumnHint[],
    private readonly send: (batch: RowBatch) => void,
  ) {}

  spans(row: RowSpans): void {
    if (row.text !== this.text) {
      this.flush();
      this.text = row.text;
    }
    const count = row.count;
    const rows = (this.rows = roomFor(this.rows, this.used + 1 + 2 * count));
    let at = this.used;
    rows[at++] = count;
    rows[at++] = row.line;
    rows.set(row.bounds.subarray(row.at, row.at + 2 * count), at);
    this.used = at + 2 * count;
    const hints = this.hints;
    if (hints.length === 0) return;
    this.known = roomFor(this.known, this.knownUsed + hints.length - 1);
    for (let k = 0; k < hints.length; k++) {
      const { index, hint } = hints[k]!;
      const b = row.at + 2 * index;
      this.known[this.knownUsed++] = index < count ? knownValue(hint, row.text, row.bounds[b]!, row.bounds[b + 1]!) : NaN;
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
