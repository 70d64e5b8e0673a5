/**
 * Compiles, once per file, one parser per mapped column (its type, date order, decimal mark
 * and the mapping file's words are fixed then), and applies them to each row.
 */
import { amountFromNumber, parseAmount, type ParsedAmount } from "../parse/amount.js";
import { parseDate } from "../parse/date.js";
import { parseBoolean } from "../parse/boolean.js";
import { parseNumber, parseTermsDays } from "../parse/number.js";
import { fail, ok, type Parsed, OK_NULL } from "../parse/result.js";
import type { Cell } from "../table.js";
import type { ValueType } from "../columns/fields.js";
import { cellText } from "../columns/match-columns.js";
import { currencyCode, kindExamples, kindResolver, languageResolver, normaliseWord } from "../columns/vocabulary.js";
import type { ColumnFormats } from "./column-formats.js";
import { detached } from "../../util/detached.js";
import { compileSpan, knownTaker, spanHint, type KnownTaker, type SpanParser } from "./span-reader.js";
import type { SpanHint } from "../table.js";

export interface FieldReader {
  field: string;
  index: number;
  header: string;
  read: (cell: Cell) => Parsed<unknown>;
  /** the same over a span of a row's text (span-reader.ts) */
  readSpan: SpanParser;
  /** what readSpan's fast path reads, which the thread splitting the rows may work out for it; null when it has none */
  hint: SpanHint | null;
  /** how a value so worked out is taken without calling readSpan; null when it has none */
  take: KnownTaker | null;
}

export interface ReaderContext {
  formats: ColumnFormats;
  /** mapping file `values:` (field → canonical → words) */
  values: Record<string, Record<string, string[]>>;
}

/** The reader of a mapped column: its cell parser and its span parser. */
export function fieldReader(column: { field: string; index: number; header: string; type: ValueType }, ctx: ReaderContext): FieldReader {
  const read = compileCell(column.type, column.index, column.field, ctx);
  const hint = spanHint(column.type, column.index, ctx, column.field);
  const take = knownTaker(column.type, hint);
  return { field: column.field, index: column.index, header: column.header, read, readSpan: compileSpan(column.type, read, hint, take), hint, take };
}

/** A compiled cell parser for a field of that type, memoised for columns of few distinct words. */
export function compileCell(type: ValueType, index: number, field: string, ctx: ReaderContext): (cell: Cell) => Parsed<unknown> {
  const parse = compileUncached(type, index, field, ctx);
  return WORD_TYPES.has(type) ? memoise(parse) : parse;
}

/** Columns whose cells repeat a handful of words (Invoice/Credit Note, yes/no, EUR) or terms (30, "Net 60"), parsed by regular expressions. */
const WORD_TYPES = new Set<ValueType>(["boolean", "language", "kind", "currency", "sign", "terms"]);
const MEMO_LIMIT = 256;

function memoise(parse: (cell: Cell) => Parsed<unknown>): (cell: Cell) => Parsed<unknown> {
  const memo = new Map<Cell, Parsed<unknown>>();
  return (cell) => {
    let hit = memo.get(cell);
    if (hit === undefined) {
      hit = parse(cell);
      if (memo.size < MEMO_LIMIT) memo.set(cell, hit);
    }
    return hit;
  };
}

/** A cell parser for a field of that type. Empty cells give OK_NULL. */
function compileUncached(type: ValueType, index: number, field: string, ctx: ReaderContext): (cell: Cell) => Parsed<unknown> {
  const words = ctx.values[field] ?? {};
  switch (type) {
    case "text":
    case "id":
      return (cell) => ok(cell === null ? null : detached(cellText(cell)) || null); // kept: not a view into the file's text
    case "date":
      return (cell) => (cell === null || cellText(cell) === "" ? OK_NULL : parseDate(typeof cell === "number" ? cell : cell.trim(), ctx.formats.date));
    case "amount": {
      const format = { decimal: ctx.formats.decimal.get(index) ?? "." };
      return (cell): Parsed<ParsedAmount | null> => {
        if (cell === null) return OK_NULL;
        if (typeof cell === "number") return amountFromNumber(cell);
        const text = cell.trim();
        return text === "" ? OK_NULL : parseAmount(text, format);
      };
    }
    case "number": {
      const decimal = ctx.formats.decimal.get(index) ?? ".";
      return (cell) => (cell === null ? OK_NULL : typeof cell === "number" ? ok(cell) : cell.trim() === "" ? OK_NULL : parseNumber(cell.trim(), decimal));
    }
    case "terms":
      return (cell) => (cell === null || cellText(cell) === "" ? OK_NULL : parseTermsDays(typeof cell === "number" ? cell : cell.trim()));
    case "boolean": {
      const yes = new Set((words["true"] ?? []).map(normaliseWord));
      const no = new Set((words["false"] ?? []).map(normaliseWord));
      return (cell) => {
        const text = cellText(cell);
        const w = normaliseWord(text);
        if (yes.has(w)) return ok(true);
        if (no.has(w)) return ok(false);
        return parseBoolean(text);
      };
    }
    case "language": {
      const resolve = languageResolver(words);
      return (cell) => {
        const text = cellText(cell);
        if (text === "") return OK_NULL;
        const lang = resolve(text);
        return lang ? ok(lang) : fail(`unknown language "${text}" (use fr, nl, de or en)`);
      };
    }
    case "kind": {
      const resolve = kindResolver(words);
      return (cell) => {
        const text = cellText(cell);
        if (text === "") return OK_NULL;
        const kind = resolve(text);
        return kind ? ok(kind) : fail(`unknown document type "${text}" (known: ${kindExamples()}; map other words under values.kind in the mapping file)`);
      };
    }
    case "currency":
      return (cell) => {
        const text = cellText(cell);
        if (text === "") return OK_NULL;
        const code = currencyCode(text);
        return code ? ok(code) : fail(`unknown currency "${text}" (use an ISO code such as EUR)`);
      };
    case "sign": {
      const debit = new Set(["d", "debit", "debet", "s", "soll", "dr", "+", ...(words["debit"] ?? [])].map(normaliseWord));
      const credit = new Set(["c", "credit", "h", "haben", "cr", "k", "-", ...(words["credit"] ?? [])].map(normaliseWord));
      return (cell) => {
        const raw = cellText(cell);
        const w = raw === "+" || raw === "-" ? raw : normaliseWord(raw);
        if (debit.has(w)) return ok(1);
        if (credit.has(w)) return ok(-1);
        return fail(`unknown debit/credit mark "${raw}" (use D/C, S/H or Debit/Credit)`);
      };
    }
  }
}

/** Raw text of a cell for a Rejected record. */
export function rawValue(cell: Cell | undefined): string {
  return cell === null || cell === undefined ? "" : String(cell);
}
