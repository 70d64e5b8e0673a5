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
 * How the value of a span with a known value (RowSpans.known) is taken without calling its
 * parser, as the walk over a file's rows does (a call a cell to a dozen different parsers
 * cannot be inlined; one loop a kind of taker, each calling one small function, can be). The
 * value is the known day itself (TAKE_DAY); the known cents, written into the column's one
 * amount (TAKE_CENTS); or the value the parser kept for that place among the column's
 * distinct texts (TAKE_PLACE), undefined until the parser has read one of them. The parser
 * takes its values from the same `amount` and `values`.
 */
export interface KnownTaker {
  how: TakeHow;
  amount: ParsedAmount;
  values: unknown[];
}
export const TAKE_DAY = 0;
export const TAKE_CENTS = 1;
export const TAKE_PLACE = 2;
export type TakeHow = typeof TAKE_DAY | typeof TAKE_CENTS | typeof TAKE_PLACE;

/** An amount's value from its known cents (TAKE_CENTS), written into the column's one amount. */
export function takenCents(take: KnownTaker, known: number): ParsedAmount {
  take.amount.cents = known;
  return take.amount;
}

/** A distinct text's value (TAKE_PLACE): the one kept for that place; undefined before the parser read a text there (it then reads the span). */
export function takenPlace(take: KnownTaker, known: number): unknown {
  return take.values[known];
}

/** How a column's known values are taken (KnownTaker), null for a column without any. */
export function knownTaker(type: ValueType, hint: SpanHint | null): KnownTaker | null {
  if (hint === null) return null;
  const how = hint.kind === "distinct" ? TAKE_PLACE : type === "date" ? TAKE_DAY : TAKE_CENTS;
  return { how, amount: { cents: 0, currency: null }, values: [] };
}

/**
 * The span parser of a column whose cell parser is `read`, whose fast path reads what `hint`
 * says (spanHint), taking known values as `take` says. An amount's value is one object per
 * column, rewritten for each row: the row's converter reads it and keeps none of it
 * (RowConverter).
 */
export function compileSpan(type: ValueType, read: (cell: Cell) => Parsed<unknown>, hint: SpanHint | null, take = knownTaker(type, hint)): SpanParser {
  const viaCell = (text: string, start: number, end: number): unknown => {
    const parsed = read(text.slice(start, end));
    return parsed.ok ? parsed.value : SPAN_FAILED;
  };
  switch (type) {
    case "text":
    case "id": {
      const plain: SpanParser = (text, start, end) => (start === end ? null : isPlain(text.charCodeAt(start)) && isPlain(text.charCodeAt(end - 1)) ? detached(text.slice(start, end)) : viaCell(text, start, end));
      return take?.how === TAKE_PLACE ? byPlace(plain, take.values) : plain;
    }
    case "date": {
      const fast = hint as DateHint;
      return (text, start, end, known) => {
        if (start === end) return null;
        const day = known === known ? known : knownValue(fast, text, start, end);
        return day === day ? day : viaCell(text, start, end);
      };
    }
    case "amount": {
      const fast = hint as AmountHint;
      const amount = take?.amount ?? { cents: 0, currency: null };
      return (text, start, end, known) => {
        if (start === end) return null;
        const cents = known === known ? known : knownValue(fast, text, start, end);
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
      return byPlace(wordColumn(viaCell), take?.values ?? []);
    case "number":
      return viaCell;
  }
}

type DateHint = Extract<SpanHint, { kind: "date" }>;
type AmountHint = Extract<SpanHint, { kind: "amount" }>;

/** Distinct words a column of words is numbered for (more is not a column of words). */
const DISTINCT_WORDS = 256;
/** Distinct customer ids numbered, at most (past them, each id is read as it comes). */
const DISTINCT_CUSTOMERS = 1 << 18;

/**
 * What the fast path of a column's span parser reads, for the columns that have one: dates,
 * amounts, and the columns whose texts repeat, numbered by distinct text: the word columns,
 * and the customer id. (In the customers export each id is one row, so numbering them
 * gains nothing there; it costs a map of ids the export holds anyway, and is left so that
 * a reader needs no role.)
 */
export function spanHint(type: ValueType, index: number, ctx: ReaderContext, field = ""): SpanHint | null {
  if (type === "date") return { kind: "date", order: ctx.formats.date.order };
  if (type === "amount") return { kind: "amount", mark: markCode(ctx.formats.decimal.get(index) ?? ".") };
  if (WORD_TYPES.has(type)) return { kind: "distinct", limit: DISTINCT_WORDS };
  if (type === "id" && field === "customer_id") return { kind: "distinct", limit: DISTINCT_CUSTOMERS };
  return null;
}

const WORD_TYPES = new Set<ValueType>(["boolean", "language", "kind", "currency", "sign", "terms"]);

/**
 * The fast path of a date or amount span parser: the day or the cents of a non-empty span
 * in the common shapes, NaN for any other (which the cell parser then reads). Pure, so the
 * thread that splits the rows may work it out (RowSpans.known) for the one that reads them.
 */
export function knownValue(hint: DateHint | AmountHint, text: string, start: number, end: number): number {
  return hint.kind === "date" ? knownDay(text, start, end, hint.order) : knownCents(text, start, end, hint.mark);
}

/** knownValue of a date span. */
export function knownDay(text: string, start: number, end: number, order: DateHint["order"]): number {
  return end - start === 10 ? (dayOfTenChars(text, start, order) ?? NaN) : NaN;
}

/** knownValue of an amount span. */
export function knownCents(text: string, start: number, end: number, mark: number): number {
  return fastCents(text, mark, start, end) ?? NaN;
}

/**
 * What the thread splitting a file's rows works out for a hinted column, span by span:
 * knownValue, or the span's place among the column's distinct texts (numbered in the
 * order first seen; NaN for an empty span and past `limit` texts). One per column and
 * walk: the numbers are the walk's own.
 */
export function knownValues(hint: SpanHint): (text: string, start: number, end: number) => number {
  if (hint.kind !== "distinct") return (text, start, end) => knownValue(hint, text, start, end);
  // A column of a few words finds its span among them by comparing, without a string; one
  // of more texts (customer ids) looks the span's text up in a map once it has shown more.
  const words: string[] = [];
  let places: Map<string, number> | null = null;
  const limit = hint.limit;
  // the text found last and its place: the rows of one customer come together, and comparing is cheaper than a look-up
  // (`last` may be a view into its piece: it keeps one piece alive at most)
  let last = "";
  let lastPlace = NaN;
  return (text, start, end) => {
    if (start === end) return NaN;
    const length = end - start;
    if (places === null) {
      for (let i = 0; i < words.length; i++) {
        const word = words[i]!;
        if (word.length === length && holds(text, start, word)) return i;
      }
      if (words.length < WORDS_KEPT && words.length < limit) return words.push(detached(text.slice(start, end))) - 1;
      places = new Map(words.map((w, i) => [w, i]));
    }
    if (last.length === length && holds(text, start, last)) return lastPlace;
    const key = text.slice(start, end);
    let place = places.get(key);
    if (place === undefined) {
      if (places.size >= limit) return NaN;
      place = places.size;
      places.set(detached(key), place); // kept: not a view into the piece
    }
    last = key;
    lastPlace = place;
    return place;
  };
}

/**
 * Whether `text` holds `word` from `start` on, by character codes: `text.startsWith(word,
 * start)` is a call into the runtime (in a profile of the reading thread at L, about a
 * quarter of the time of the known values; measured with the loops of row-batch.ts).
 */
function holds(text: string, start: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (text.charCodeAt(start + i) !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * A span parser that reads each distinct text once, when given its place (knownValues),
 * and keeps its value for the spans of the same place: a word's value, or a customer id as
 * one string for all its rows (whose look-ups then compare no characters).
 */
function byPlace(parse: SpanParser, values: unknown[]): SpanParser {
  return (text, start, end, known) => {
    if (known !== known) return parse(text, start, end, NaN);
    let value = values[known];
    if (value === undefined) values[known] = value = parse(text, start, end, NaN);
    return value;
  };
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
