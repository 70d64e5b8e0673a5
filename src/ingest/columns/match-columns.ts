/**
 * Finds the header row of an export and maps its columns to fields.
 * The header row is the first of the leading rows with the most recognised headers, so
 * title rows above it (report exports) are passed over. A field claimed by several columns,
 * or a required field no column claims, is a usage error that lists what was found.
 */
import { UsageError } from "../../errors.js";
import type { InputRole } from "../../ledger/types.js";
import { closest, editDistance } from "../../util/edit-distance.js";
import type { Cell, RawRow } from "../table.js";
import { FIELDS, REQUIRED, normaliseHeader, type FieldSpec } from "./fields.js";

export type MatchReason = "mapping file" | "known header" | "generic header";

export interface ColumnMatch {
  field: string;
  index: number;
  header: string;
  reason: MatchReason;
}

export interface HeaderMatch {
  /** Index of the header row in the table's `head`. */
  headIndex: number;
  /** Its 1-based line in the file. */
  line: number;
  headers: string[];
  columns: Map<string, ColumnMatch>;
  /** Headers no field claimed (kept as free attributes for customers). */
  unmapped: { index: number; header: string }[];
}

const HEADER_SCAN_ROWS = 40;

type AliasIndex = Map<string, { field: FieldSpec; weak: boolean }>;
const aliasIndexes = new Map<InputRole, AliasIndex>();

function aliasIndex(role: InputRole): AliasIndex {
  let index = aliasIndexes.get(role);
  if (!index) {
    index = new Map();
    for (const field of FIELDS[role]) {
      for (const alias of field.aliases) if (!index.has(normaliseHeader(alias))) index.set(normaliseHeader(alias), { field, weak: false });
      for (const alias of field.weak ?? []) if (!index.has(normaliseHeader(alias))) index.set(normaliseHeader(alias), { field, weak: true });
    }
    aliasIndexes.set(role, index);
  }
  return index;
}

export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return "";
  return typeof cell === "number" ? String(cell) : cell.trim();
}

/** How many cells of a row are known headers for this role (weak ones count half). */
export function headerScore(cells: readonly Cell[], role: InputRole, mapped: ReadonlySet<string> = new Set()): number {
  const index = aliasIndex(role);
  let score = 0;
  for (const cell of cells) {
    const text = cellText(cell);
    if (!text) continue;
    if (mapped.has(normaliseHeader(text))) score += 1;
    else {
      const hit = index.get(normaliseHeader(text));
      if (hit) score += hit.weak ? 0.5 : 1;
    }
  }
  return score;
}

export interface MatchOptions {
  role: InputRole;
  file: string;
  /** field → header, from the mapping file. */
  mappedColumns?: Record<string, string>;
  /** 1-based line of the header, from the mapping file. */
  headerLine?: number;
  /** Fields given as constants in the mapping file (not required as columns). */
  constants?: ReadonlySet<string>;
}

/** Picks the header row among the first rows and maps its columns. */
export function matchHeader(head: readonly RawRow[], options: MatchOptions): HeaderMatch {
  const headIndex = findHeaderRow(head, options);
  const row = head[headIndex]!;
  return { headIndex, line: row.line, ...matchColumns(row.cells.map(cellText), options, row.line) };
}

function findHeaderRow(head: readonly RawRow[], options: MatchOptions): number {
  const { file } = options;
  if (options.headerLine !== undefined) {
    const i = head.findIndex((r) => r.line === options.headerLine);
    if (i === -1) throw new UsageError(`${file}: header_row ${options.headerLine} is beyond the first rows of the file.`, { file }, "Check `header_row` in the mapping file (1-based line number).");
    return i;
  }
  const mapped = new Set(Object.values(options.mappedColumns ?? {}).map(normaliseHeader));
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < Math.min(head.length, HEADER_SCAN_ROWS); i++) {
    const score = headerScore(head[i]!.cells, options.role, mapped);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  if (best === -1 || bestScore < 2) {
    const first = head.find((r) => r.cells.some((c) => cellText(c) !== ""));
    const seen = first ? first.cells.map(cellText).filter(Boolean).slice(0, 12).map((h) => `"${h}"`).join(", ") : "nothing";
    throw new UsageError(
      `${file}: no header row recognised for the ${options.role} export in the first ${HEADER_SCAN_ROWS} lines (line ${first?.line ?? 1} has ${seen}).`,
      { file, line: first?.line ?? 1 },
      `Name the columns in a mapping file (relance init writes a template), e.g.\n  ${options.role}:\n    columns: { ${REQUIRED[options.role].map((g) => `${g[0]}: "<header>"`).join(", ")} }`,
    );
  }
  return best;
}

/** Maps header texts to fields: mapping file first, then known headers, then generic ones. */
export function matchColumns(headers: string[], options: MatchOptions, line = 1): Omit<HeaderMatch, "headIndex" | "line"> {
  const { role, file } = options;
  const columns = new Map<string, ColumnMatch>();
  const taken = new Set<number>();
  const normalised = headers.map(normaliseHeader);

  for (const [field, header] of Object.entries(options.mappedColumns ?? {})) {
    const wanted = normaliseHeader(header);
    const hits = normalised.flatMap((h, i) => (h === wanted && h !== "" ? [i] : []));
    if (hits.length === 0) {
      throw new UsageError(
        `${file}:${line}: the mapping file names column "${header}" for ${field}, but the header row has no such column.`,
        { file, line },
        `Columns found: ${headers.filter(Boolean).map((h) => `"${h}"`).join(", ")}.` + suggest(header, headers),
      );
    }
    if (hits.length > 1) throw ambiguous(file, line, field, hits.map((i) => headers[i]!), "the mapping file's header matches several columns");
    columns.set(field, { field, index: hits[0]!, header: headers[hits[0]!]!, reason: "mapping file" });
    taken.add(hits[0]!);
  }

  const index = aliasIndex(role);
  for (const weak of [false, true]) {
    const claims = new Map<string, number[]>();
    normalised.forEach((h, i) => {
      if (taken.has(i) || !h) return;
      const hit = index.get(h);
      if (!hit || hit.weak !== weak || columns.has(hit.field.name)) return;
      claims.set(hit.field.name, [...(claims.get(hit.field.name) ?? []), i]);
    });
    for (const [field, hits] of claims) {
      if (hits.length > 1) {
        throw ambiguous(file, line, field, hits.map((i) => headers[i]!), "several columns are known names for it");
      }
      columns.set(field, { field, index: hits[0]!, header: headers[hits[0]!]!, reason: weak ? "generic header" : "known header" });
      taken.add(hits[0]!);
    }
  }

  for (const group of REQUIRED[role]) {
    if (group.some((f) => columns.has(f) || options.constants?.has(f))) continue;
    throw missing(file, line, role, group, headers, taken);
  }
  const unmapped = headers.flatMap((header, i) => (taken.has(i) || header === "" ? [] : [{ index: i, header }]));
  return { headers, columns, unmapped };
}

function ambiguous(file: string, line: number, field: string, headers: string[], why: string): UsageError {
  return new UsageError(
    `${file}:${line}: which column is ${field}? ${why}: ${headers.map((h) => `"${h}"`).join(", ")}.`,
    { file, line },
    `Say which one in the mapping file, e.g.\n  columns: { ${field}: "${headers[0]}" }`,
  );
}

function missing(file: string, line: number, role: InputRole, group: readonly string[], headers: string[], taken: Set<number>): UsageError {
  const field = group[0]!;
  const spec = FIELDS[role].find((f) => f.name === field)!;
  const free = headers.filter((h, i) => h && !taken.has(i));
  const candidates = free
    .map((h) => ({ h, d: Math.min(...[...spec.aliases, ...(spec.weak ?? [])].map((a) => editDistance(normaliseHeader(h), normaliseHeader(a)))) }))
    .filter((c) => c.d <= Math.max(2, Math.floor(normaliseHeader(c.h).length / 3)))
    .sort((a, b) => a.d - b.d)
    .map((c) => `"${c.h}"`);
  const what = group.length > 1 ? `${group.join(" or ")}` : field;
  return new UsageError(
    `${file}:${line}: no column for ${what} (required in the ${role} export). Headers found: ${headers.filter(Boolean).map((h) => `"${h}"`).join(", ")}.` +
      (candidates.length ? ` Closest: ${candidates.slice(0, 3).join(", ")}.` : ""),
    { file, line },
    `Known names for ${field} include ${spec.aliases.slice(0, 6).map((a) => `"${a}"`).join(", ")}. Or map it in a mapping file:\n  ${role}:\n    columns: { ${field}: "${candidates.length ? candidates[0]!.slice(1, -1) : "<header>"}" }`,
  );
}

function suggest(header: string, headers: string[]): string {
  const near = closest(normaliseHeader(header), headers.map(normaliseHeader), 3);
  if (near.length === 0) return "";
  const original = headers.find((h) => normaliseHeader(h) === near[0]);
  return ` Did you mean "${original}"?`;
}
