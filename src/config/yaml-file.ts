/**
 * Loads a YAML file the user edits (mapping, matrix) into a zod-checked value, reporting
 * every problem at once as `file:line:column: message`, pointing at the offending node (or
 * its parent for a missing key). Aliases are capped, custom tags are refused and
 * `__proto__`-style keys never reach an object prototype (yaml builds plain data; zod then
 * copies only known keys).
 */
import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument, isCollection, isMap, isNode, isScalar, visit, type Document, type Node } from "yaml";
import type { z } from "zod";
import { UsageError } from "../errors.js";
import { closest } from "../util/edit-distance.js";

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

export interface LoadedYaml<T> {
  value: T;
  doc: Document;
  lineCounter: LineCounter;
}

/** Reads and validates; throws one UsageError listing every diagnostic. */
export async function loadYamlFile<S extends z.ZodType>(file: string, schema: S, what: string): Promise<LoadedYaml<z.infer<S>>> {
  return parseYaml(await readConfigText(file, what), file, schema, what);
}

/** A configuration file's text, or a usage error saying why it cannot be read. */
export async function readConfigText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "it is a folder" : code === "EACCES" ? "permission denied" : (code ?? "error");
    throw new UsageError(`${file}: cannot read the ${what} (${why}).`, { file }, "Check the path.");
  }
}

export function parseYaml<S extends z.ZodType>(text: string, file: string, schema: S, what: string): LoadedYaml<z.infer<S>> {
  const read = readYaml(text, file, schema);
  if (read.value === undefined) throw yamlError(file, what, read.diagnostics);
  return { value: read.value, doc: read.doc, lineCounter: read.lineCounter };
}

/** Keys that name JavaScript object internals: refused anywhere in a user's YAML. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export interface ReadYaml<T> {
  /** undefined when there are diagnostics */
  value: T | undefined;
  doc: Document;
  lineCounter: LineCounter;
  diagnostics: Diagnostic[];
}

/** Parses and validates without throwing: syntax errors first, then every schema issue. */
export function readYaml<S extends z.ZodType>(text: string, file: string, schema: S): ReadYaml<z.infer<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, customTags: [], merge: false, strict: true });
  const diagnostics: Diagnostic[] = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    const message = e.message.split("\n")[0]!;
    return { file, line: pos.line, column: pos.col, message: /call stack/i.test(message) ? "nested too deeply to be read (lists or maps inside each other thousands of times)" : message };
  });
  if (diagnostics.length > 0) return { value: undefined, doc, lineCounter, diagnostics };
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null;
      if (isCollection(pair.key)) {
        // `? [a, b]: 1`: JavaScript objects cannot have such keys (yaml would stringify it, with a runtime warning)
        const pos = lineCounter.linePos(pair.key.range?.[0] ?? 0);
        diagnostics.push({ file, line: pos.line, column: pos.col, message: "a key must be a plain name, not a list or a map" });
      }
      if (key !== null && FORBIDDEN_KEYS.has(key)) {
        const pos = lineCounter.linePos((pair.key as Node).range?.[0] ?? 0);
        diagnostics.push({ file, line: pos.line, column: pos.col, message: `"${key}" is not allowed as a key (it could reach the runtime's object prototypes)` });
      }
    },
  });
  if (diagnostics.length > 0) return { value: undefined, doc, lineCounter, diagnostics };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    diagnostics.push({ file, line: 1, column: 1, message: `cannot be read as plain data: ${(error as Error).message}` });
    return { value: undefined, doc, lineCounter, diagnostics };
  }
  const result = schema.safeParse(data ?? {});
  if (result.success) return { value: result.data, doc, lineCounter, diagnostics };
  for (const issue of result.error.issues) diagnostics.push(...issueDiagnostics(issue, schema, doc, lineCounter, file));
  return { value: undefined, doc, lineCounter, diagnostics };
}

export function yamlError(file: string, what: string, diagnostics: Diagnostic[]): UsageError {
  const sorted = [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  return new UsageError(
    `${file}: the ${what} has ${sorted.length} problem${sorted.length === 1 ? "" : "s"}:\n${sorted.map((d) => "  " + formatDiagnostic(d)).join("\n")}`,
    { file, line: sorted[0]?.line, column: sorted[0]?.column },
  );
}

/** Position of the node at `path`, else of its nearest ancestor that exists. */
export function positionOf(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[], key = false): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    let node: unknown = sub.length === 0 ? doc.contents : doc.getIn(sub as unknown[], true);
    if (key && n === path.length && n > 0) {
      const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1) as unknown[], true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isNode(p.key) && (p.key as Node & { value?: unknown }).value === path[n - 1]);
        if (pair && isNode(pair.key)) node = pair.key;
      }
    }
    if (isNode(node) && node.range) {
      const pos = lineCounter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

function issueDiagnostics(issue: z.core.$ZodIssue, schema: z.ZodType, doc: Document, lc: LineCounter, file: string): Diagnostic[] {
  const path = issue.path as PropertyKey[];
  const where = path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const expected = knownKeys(schema, path);
    return issue.keys.map((k) => {
      const pos = positionOf(doc, lc, [...path, k], true);
      const hint = closest(k, expected, 3)[0];
      return {
        file, ...pos,
        message: `unknown key "${k}"${where ? ` in ${where}` : ""}` + (hint ? ` (did you mean "${hint}"?)` : expected.length ? ` (expected one of: ${expected.join(", ")})` : ""),
      };
    });
  }
  const pos = positionOf(doc, lc, path);
  return [{ file, ...pos, message: `${where ? where + ": " : ""}${issue.message}` }];
}

/** The keys an object schema accepts at `path`, found by walking the schema's definition. */
export function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: SchemaDef | undefined = defOf(schema);
  for (const step of path) node = node && childDef(node, step);
  while (node && WRAPPERS.has(node.type)) node = defOf(node.innerType ?? node.in);
  return node?.type === "object" && node.shape ? Object.keys(node.shape) : [];
}

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
}
const WRAPPERS = new Set(["optional", "default", "nullable", "pipe", "prefault", "readonly", "catch"]);

function defOf(schema: unknown): SchemaDef | undefined {
  return (schema as { _zod?: { def: SchemaDef } } | undefined)?._zod?.def;
}

function childDef(node: SchemaDef, step: PropertyKey): SchemaDef | undefined {
  while (WRAPPERS.has(node.type)) {
    const inner = defOf(node.innerType ?? node.in);
    if (!inner) return undefined;
    node = inner;
  }
  switch (node.type) {
    case "object": return defOf(node.shape?.[String(step)]);
    case "array": return defOf(node.element);
    case "record": return defOf(node.valueType);
    case "union":
      for (const option of node.options ?? []) {
        const child = childDef(defOf(option)!, step);
        if (child) return child;
      }
      return undefined;
    default: return undefined;
  }
}
