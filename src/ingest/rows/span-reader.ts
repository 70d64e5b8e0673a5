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
import type { Cell } from "../table.js";
import { detached } from "../../util/detached.js";
import type { ReaderContext } from "./record-reader.js";

/** A span's value; SPAN_FAILED when the cell parser refuses it (the row is then read again as cells, for the reasons). */
export type SpanParser = (text: string, start: number, end: number) => unknown;

export const SPAN_FAILED: unique symbol = Symbol("the cell parser refuses this value");

/** Distinct words a word column remembers (more is not a column of words). */
const WORDS_KEPT = 16;

/**
 * The span parser of a column whose cell parser is `read`. An amount's value is one object
 * per column, rewritten for each row: the row's converter reads it and keeps none of it
 * (RowConverter).
 */
export function compileSpan(type: ValueType, index: number, ctx: ReaderContext, read: (cell: Cell) => Parsed<unknown>): SpanParser {
  const viaCell: SpanParser = (text, start, end) => {
    const parsed = read(text.slice(start, end));
    return parsed.ok ? parsed.value : SPAN_FAILED;
  };
  switch (type) {
    case "text":
    case "id":
      return (text, start, end) => (start === end ? null : isPlain(text.charCodeAt(start)) && isPlain(text.charCodeAt(end - 1)) ? detached(text.slice(start, end)) : viaCell(text, start, end));
    case "date": {
      const order = ctx.formats.date.order;
      return (text, start, end) => {
        if (start === end) return null;
        const day = end - start === 10 ? dayOfTenChars(text, start, order) : null;
        return day !== null ? day : viaCell(text, start, end);
      };
    }
    case "amount": {
      const mark = markCode(ctx.formats.decimal.get(index) ?? ".");
      const amount: ParsedAmount = { cents: 0, currency: null };
      return (text, start, end) => {
        if (start === end) return null;
        const cents = fastCents(text, mark, start, end);
        if (cents === undefined) return viaCell(text, start, end);
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

/** Printable ASCII other than space: a cell that starts and ends with one is its own trimmed text. */
export function isPlain(code: number): boolean {
  return code > 32 && code < 127;
}

/** A column of few distinct words: each word's value is remembered, found again by comparing the span with the words seen. */
function wordColumn(viaCell: SpanParser): SpanParser {
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
