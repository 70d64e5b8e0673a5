/**
 * Cell parsers over a span of a row's text (the CSV rows read-csv.ts splits itself): the
 * same values as the cell parsers of record-reader.ts, without a string or a result object
 * per cell for the shapes that fill large exports (ISO and d/m/y dates, plain amounts, a
 * handful of repeated words). Anything else is sliced and read by the cell parser itself,
 * so no value can differ between the two.
 */
import { fastCents, markCode, type ParsedAmount } from "../parse/amount.js";
import { dayOfTenChars } from "../parse/date.js";
import type { Parsed } from "../parse/result.js";
import type { ValueType } from "../columns/fields.js";
import type { Cell, SpanHint } from "../table.js";
import { detached } from "../../util/detached.js";
import type { ReaderContext } from "./record-reader.js";

/**
 * A span's value; SPAN_FAILED when the cell parser refuses it (the row is then read again as
 * cells, for the reasons). `known` is the value knownValue gave for this span on the thread
 * that split the row, NaN when it gave none (or nobody asked it).
 */
export type SpanParser = (text: string, start: number, end: number, known: number) => unknown;

export const SPAN_FAILED: unique symbol = Symbol("the cell parser refuses this value");

/** Distinct words a word column remembers (more is not a column of words). */
const WORDS_KEPT = 16;

/**
 * The span parser of a column whose cell parser is `read`. An amount's value is one object
 * per column, rewritten for each row: the row's converter reads it and keeps none of it
 * (RowConverter).
 */
export function compileSpan(type: ValueType, index: number, ctx: ReaderContext, read: (cell: Cell) => Parsed<unknown>): SpanParser {
  const viaCell = (text: string, start: number, end: number): unknown => {
    const parsed = read(text.slice(start, end));
    return parsed.ok ? parsed.value : SPAN_FAILED;
  };
  switch (type) {
    case "text":
    case "id":
      return (text, start, end) => (start === end ? null : isPlain(text.charCodeAt(start)) && isPlain(text.charCodeAt(end - 1)) ? detached(text.slice(start, end)) : viaCell(text, start, end));
    case "date": {
      const hint = spanHint(type, index, ctx)!;
      return (text, start, end, known) => {
        if (start === end) return null;
        const day = known === known ? known : knownValue(hint, text, start, end);
        return day === day ? day : viaCell(text, start, end);
      };
    }
    case "amount": {
      const hint = spanHint(type, index, ctx)!;
      const amount: ParsedAmount = { cents: 0, currency: null };
      return (text, start, end, known) => {
        if (start === end) return null;
        const cents = known === known ? known : knownValue(hint, text, start, end);
        if (cents !== cents) return viaCell(text, start, end);
        amount.cents = cents;
        return amount;
      };
    }
    case "boolean":
    case "language":
    case "kind":
    case "currency":
    case "sign":
    case "terms":
      return wordColumn(viaCell);
    case "number":
      return viaCell;
  }
}

/** What the fast path of a column's span parser reads, for the columns that have one (dates, amounts). */
export function spanHint(type: ValueType, index: number, ctx: ReaderContext): SpanHint | null {
  if (type === "date") return { kind: "date", order: ctx.formats.date.order };
  if (type === "amount") return { kind: "amount", mark: markCode(ctx.formats.decimal.get(index) ?? ".") };
  return null;
}

/**
 * The fast path of a date or amount span parser: the day or the cents of a non-empty span
 * in the common shapes, NaN for any other (which the cell parser then reads). Pure, so the
 * thread that splits the rows may work it out (RowSpans.known) for the one that reads them.
 */
export function knownValue(hint: SpanHint, text: string, start: number, end: number): number {
  if (hint.kind === "date") return end - start === 10 ? (dayOfTenChars(text, start, hint.order) ?? NaN) : NaN;
  return fastCents(text, hint.mark, start, end) ?? NaN;
}

/** Printable ASCII other than space: a cell that starts and ends with one is its own trimmed text. */
export function isPlain(code: number): boolean {
  return code > 32 && code < 127;
}

/** A column of few distinct words: each word's value is remembered, found again by comparing the span with the words seen. */
function wordColumn(viaCell: (text: string, start: number, end: number) => unknown): SpanParser {
  const words: string[] = [];
  const values: unknown[] = [];
  return (text, start, end) => {
    const length = end - start;
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      if (word.length === length && text.startsWith(word, start)) return values[i];
    }
    const value = viaCell(text, start, end);
    if (words.length < WORDS_KEPT) {
      words.push(text.slice(start, end));
      values.push(value);
    }
    return value;
  };
}
