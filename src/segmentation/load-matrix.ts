/**
 * Reads a segments.yaml into a checked Matrix, reporting every problem at once as
 * `file:line:column: message` (errors) and doubtful points as warnings:
 *
 * 1. YAML syntax, forbidden keys (`__proto__`…), alias bombs, then the schema (matrix-schema.ts);
 * 2. scores, then classes, compiled in file order (each may use the ones before it);
 * 3. segments → procedures, owners (`{{field}}`), the `new` segment of `new_customer`;
 * 4. rules: expressions, segments named, grids complete, rules never reached, last rule total;
 * 5. procedures: steps in increasing day order, templates that exist, text steps with a template.
 *
 * Names used in expressions that are not metrics or standard fields are free customer
 * columns: listed by `validate`, required of the customers export by a run.
 */
import { isScalar, type Document, type LineCounter } from "yaml";
import { readConfigText, readYaml, yamlError, positionOf, type Diagnostic } from "../config/yaml-file.js";
import { UsageError } from "../errors.js";
import { countryOf, type RateOverrides } from "../actions/interest-rates.js";
import type { Language } from "../ledger/types.js";
import { closest } from "../util/edit-distance.js";
import { compileRuleExpression, type CompiledExpression } from "./expression.js";
import { BUILT_IN_TEMPLATES, NEW_SEGMENT, type ClassDef, type Matrix, type Procedure, type Rule, type Score, type SegmentDef, type TemplateText } from "./matrix.js";
import { DEFAULT_SETTINGS } from "./matrix-settings.js";
import { MatrixSchema, TEXT_ACTIONS, type WrittenMatrix } from "./matrix-schema.js";
import { FieldMap, standardFieldTypes } from "./rule-fields.js";

export interface MatrixCheck {
  matrix: Matrix | null;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

/** Loads and checks a matrix file; throws one UsageError listing every error. */
export async function loadMatrix(file: string): Promise<{ matrix: Matrix; warnings: Diagnostic[] }> {
  const check = checkMatrix(await readConfigText(file, "matrix"), file);
  if (!check.matrix) throw yamlError(file, "matrix", check.errors);
  return { matrix: check.matrix, warnings: check.warnings };
}

export function checkMatrix(text: string, file: string): MatrixCheck {
  const read = readYaml(text, file, MatrixSchema);
  if (read.value === undefined) return { matrix: null, errors: read.diagnostics, warnings: [] };
  return new MatrixChecker(read.value, read.doc, read.lineCounter, file).run();
}

type Path = (string | number)[];

class MatrixChecker {
  private readonly errors: Diagnostic[] = [];
  private readonly warnings: Diagnostic[] = [];
  private readonly fields = new FieldMap();
  private readonly freeFields = new Set<string>();

  constructor(
    private readonly w: WrittenMatrix,
    private readonly doc: Document,
    private readonly lc: LineCounter,
    private readonly file: string,
  ) {}

  run(): MatrixCheck {
    const scores = this.scores();
    const classes = this.classes();
    const segments = this.segments();
    const rules = this.rules(classes, segments);
    const procedures = this.procedures(segments);
    const templates = this.templates();
    const interestRates = this.interestRates();
    const creditor = this.creditor();
    if (this.errors.length > 0) return { matrix: null, errors: this.errors, warnings: this.warnings };
    const matrix: Matrix = {
      file: this.file,
      settings: {
        windowDays: this.w.window_days ?? DEFAULT_SETTINGS.windowDays,
        graceDays: this.w.grace_days ?? DEFAULT_SETTINGS.graceDays,
        currency: this.w.currency ?? DEFAULT_SETTINGS.currency,
        defaultLanguage: this.w.default_language ?? DEFAULT_SETTINGS.defaultLanguage,
      },
      newCustomer: this.w.new_customer ? { minPaidInvoices: this.w.new_customer.min_paid_invoices, maxTenureDays: this.w.new_customer.max_tenure_days } : null,
      scores, classes, segments, rules, procedures, templates, interestRates, creditor,
      freeFields: [...this.freeFields].sort(),
    };
    return { matrix, errors: this.errors, warnings: this.warnings };
  }

  /** `creditor`: an IBAN must pass its check digits (ISO 13616), a typo there sends payments nowhere. */
  private creditor(): Matrix["creditor"] {
    const c = this.w.creditor ?? {};
    if (c.iban !== undefined && !validIban(c.iban)) this.error(["creditor", "iban"], `"${c.iban}" is not a valid IBAN (its check digits do not match)`);
    const out: Matrix["creditor"] = {};
    for (const key of ["name", "iban", "bic", "email", "phone"] as const) if (c[key] !== undefined) out[key] = c[key];
    return out;
  }

  /** `interest_rates`: keys must name a country whose law the tool knows. */
  private interestRates(): RateOverrides {
    const out: RateOverrides = Object.create(null) as RateOverrides;
    for (const [key, byDate] of Object.entries(this.w.interest_rates ?? {})) {
      const country = countryOf(key);
      if (country === null) this.error(["interest_rates", key], `unknown country "${key}" (statutory rates are known for FR, BE, NL, DE, GB)`, true);
      else out[country] = { ...out[country], ...byDate };
    }
    return out;
  }

  // --- positions ---------------------------------------------------------

  private error(path: Path, message: string, key = false): void {
    this.errors.push({ file: this.file, ...positionOf(this.doc, this.lc, path, key), message });
  }

  private warn(path: Path, message: string, key = false): void {
    this.warnings.push({ file: this.file, ...positionOf(this.doc, this.lc, path, key), message });
  }

  /** Position of a character inside an expression scalar. */
  private expressionError(path: Path, offset: number, message: string): void {
    const node = this.doc.getIn(path, true);
    if (isScalar(node) && node.range) {
      const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
      const block = node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED";
      const pos = this.lc.linePos(node.range[0] + (block ? 0 : offset + (quoted ? 1 : 0)));
      this.errors.push({ file: this.file, line: pos.line, column: pos.col, message });
    } else this.error(path, message);
  }

  private compile(path: Path, source: string, expect: "condition" | "number"): CompiledExpression | null {
    const { expression, problems } = compileRuleExpression(source, this.fields, expect);
    for (const p of problems) this.expressionError(path, p.offset, p.message);
    for (const f of expression?.freeFields ?? []) this.freeFields.add(f);
    return expression;
  }

  private suggest(name: string, known: Iterable<string>): string {
    const near = closest(name, known, 3)[0];
    return near ? ` (did you mean "${near}"?)` : "";
  }

  private newName(path: Path, name: string, what: string): boolean {
    if (this.fields.has(name)) {
      this.error(path, `${what} "${name}" has the name of ${standardFieldTypes().has(name) ? "a metric or customer field" : "a score or class defined above"}; choose another name`, true);
      return false;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      this.error(path, `${what} "${name}": use letters, digits and _ only, starting with a letter, so rules can name it`, true);
      return false;
    }
    return true;
  }

  // --- sections ----------------------------------------------------------

  private scores(): Score[] {
    const out: Score[] = [];
    for (const [name, score] of Object.entries(this.w.scores ?? {})) {
      const path = ["scores", name];
      const source = typeof this.doc.getIn(path) === "string" ? path : [...path, "expression"];
      if (!this.newName(path, name, "score")) continue;
      const expression = this.compile(source, score.expression, "number");
      if (expression) out.push({ name, expression });
      this.fields.add(name, "number");
    }
    return out;
  }

  private classes(): ClassDef[] {
    const out: ClassDef[] = [];
    for (const [name, entries] of Object.entries(this.w.classes ?? {})) {
      const path = ["classes", name];
      if (!this.newName(path, name, "class")) continue;
      const seen = new Map<string, number>();
      let otherwise = -1;
      const compiled = entries.map((entry, i) => {
        const at: Path = [...path, i];
        if (seen.has(entry.value)) this.error([...at, "value"], `value "${entry.value}" is already given at entry ${seen.get(entry.value)! + 1} of class ${name}`);
        seen.set(entry.value, i);
        if (otherwise !== -1) this.warn(at, `never reached: entry ${otherwise + 1} of class ${name} has no \`when\` and takes every customer left`);
        if (entry.when === undefined) {
          if (otherwise === -1) otherwise = i;
          return { value: entry.value, when: null };
        }
        return { value: entry.value, when: this.compile([...at, "when"], entry.when, "condition") };
      });
      const total = entries[entries.length - 1]!.when === undefined;
      if (!total) this.warn(path, `class ${name} has no last entry without \`when\`: a customer matching no entry has no ${name} (rules using it are then false)`, true);
      // an entry whose `when` failed to compile has when null here, but errors then stop the load
      out.push({ name, total, entries: compiled });
      this.fields.add(name, "text");
    }
    return out;
  }

  private segments(): Map<string, SegmentDef> {
    const out = new Map<string, SegmentDef>();
    const labels = new Map<string, string>();
    for (const [id, s] of Object.entries(this.w.segments)) {
      const path = ["segments", id];
      if (!Object.hasOwn(this.w.procedures, s.procedure)) this.error([...path, "procedure"], `unknown procedure "${s.procedure}"${this.suggest(s.procedure, Object.keys(this.w.procedures))}`);
      const other = labels.get(s.label.trim().toLowerCase());
      if (other) this.error([...path, "label"], `label "${s.label}" is already the label of segment ${other} (labels name the workbook's sheets)`);
      labels.set(s.label.trim().toLowerCase(), id);
      const owner = s.owner ?? null;
      const field = owner?.match(/^\{\{\s*([A-Za-z_][\w.]*)\s*\}\}$/)?.[1];
      if (owner?.includes("{{") && !field) this.error([...path, "owner"], `owner "${owner}": write a fixed name, or {{field}} with one customer field`);
      if (field) {
        const near = closest(field, this.fields.names(), 2)[0];
        if (!this.fields.has(field) && near) this.error([...path, "owner"], `unknown field "${field}" in owner (did you mean "${near}"?)`);
        else if (!this.fields.has(field)) this.freeFields.add(field);
      }
      out.set(id, { id, label: s.label, procedure: s.procedure, owner });
    }
    if (this.w.new_customer && !out.has(NEW_SEGMENT)) {
      this.error(["new_customer"], `new_customer places customers in the segment "${NEW_SEGMENT}", which segments does not define`, true);
    }
    return out;
  }

  private rules(classes: ClassDef[], segments: Map<string, SegmentDef>): Rule[] {
    const out: Rule[] = [];
    const classByName = new Map(classes.map((c) => [c.name, c]));
    const used = new Set<string>(this.w.new_customer ? [NEW_SEGMENT] : []);
    const segmentRef = (path: Path, id: string) => {
      used.add(id);
      if (!segments.has(id)) this.error(path, `unknown segment "${id}"${this.suggest(id, segments.keys())}`);
    };
    let takesAll: number | null = null;
    let brokenGrid = false; // the last rule is a grid already reported as wrong
    const conditions = new Map<string, number>();
    this.w.rules.forEach((r, i) => {
      const index = i + 1;
      const path: Path = ["rules", i];
      if (takesAll !== null) this.warn(path, `never reached: rule ${takesAll} already takes every customer left`);
      const id = r.id ?? null;
      brokenGrid = false;
      if (r.matrix) {
        const m = r.matrix;
        const rows = classByName.get(m.rows);
        const columns = classByName.get(m.columns);
        if (!rows) this.error([...path, "matrix", "rows"], `unknown class "${m.rows}"${this.suggest(m.rows, classByName.keys())}`);
        if (!columns) this.error([...path, "matrix", "columns"], `unknown class "${m.columns}"${this.suggest(m.columns, classByName.keys())}`);
        brokenGrid = !rows || !columns;
        const cells = new Map<string, Map<string, string>>();
        for (const [rowValue, row] of Object.entries(m.cells)) {
          const cellsPath: Path = [...path, "matrix", "cells", rowValue];
          if (rows && !rows.entries.some((e) => e.value === rowValue)) this.error(cellsPath, `"${rowValue}" is not a value of class ${rows.name} (values: ${rows.entries.map((e) => e.value).join(", ")})`, true);
          const map = new Map<string, string>();
          for (const [colValue, segment] of Object.entries(row)) {
            if (columns && !columns.entries.some((e) => e.value === colValue)) this.error([...cellsPath, colValue], `"${colValue}" is not a value of class ${columns.name} (values: ${columns.entries.map((e) => e.value).join(", ")})`, true);
            segmentRef([...cellsPath, colValue], segment);
            map.set(colValue, segment);
          }
          cells.set(rowValue, map);
        }
        if (rows && columns) {
          const missing = rows.entries.flatMap((re) => columns.entries.filter((ce) => !cells.get(re.value)?.has(ce.value)).map((ce) => `${re.value} × ${ce.value}`));
          if (missing.length > 0) this.error([...path, "matrix", "cells"], `incomplete grid: no segment for ${missing.join(", ")}`);
          brokenGrid = missing.length > 0;
          if (missing.length === 0 && rows.total && columns.total && takesAll === null) takesAll = index;
        }
        out.push({ index, id, kind: "matrix", rows: m.rows, columns: m.columns, cells });
        return;
      }
      segmentRef([...path, "segment"], r.segment!);
      if (r.when === undefined) {
        if (takesAll === null) takesAll = index;
        out.push({ index, id, kind: "catch-all", segment: r.segment! });
        return;
      }
      const normalised = r.when.replace(/\s+/g, " ").trim();
      const same = conditions.get(normalised);
      if (same !== undefined && takesAll === null) this.warn([...path, "when"], `never reached: rule ${same} has the same condition`);
      conditions.set(normalised, index);
      const when = this.compile([...path, "when"], r.when, "condition");
      if (when) out.push({ index, id, kind: "when", when, segment: r.segment! });
    });
    if (takesAll === null && !brokenGrid) {
      this.error(["rules", this.w.rules.length - 1], "the last rule must take every customer left, so that none is left without a segment: end with `- segment: <id>` (no `when`), or with a complete matrix over classes whose last value has no `when`");
    }
    for (const id of segments.keys()) if (!used.has(id)) this.warn(["segments", id], `segment ${id} is never assigned: no rule names it`, true);
    return out;
  }

  private procedures(segments: Map<string, SegmentDef>): Map<string, Procedure> {
    const out = new Map<string, Procedure>();
    const templates = new Set([...BUILT_IN_TEMPLATES, ...Object.keys(this.w.templates ?? {})]);
    const used = new Set([...segments.values()].map((s) => s.procedure));
    for (const [id, p] of Object.entries(this.w.procedures)) {
      const path = ["procedures", id];
      if (!used.has(id)) this.warn(path, `procedure ${id} is used by no segment`, true);
      p.steps.forEach((step, i) => {
        const at: Path = [...path, "steps", i];
        const previous = p.steps[i - 1];
        if (previous && step.day <= previous.day) this.error([...at, "day"], `steps must be in increasing day order: day ${step.day} comes after day ${previous.day}`);
        if (step.template !== undefined && !templates.has(step.template)) this.error([...at, "template"], `unknown template "${step.template}"${this.suggest(step.template, templates)} (built-in: ${BUILT_IN_TEMPLATES.join(", ")})`);
        if (step.template === undefined && TEXT_ACTIONS.has(step.action)) this.error(at, `${/^[aeiou]/.test(step.action) ? "an" : "a"} ${step.action} step sends a text: name its template (built-in: ${BUILT_IN_TEMPLATES.join(", ")})`);
      });
      out.set(id, {
        id,
        credit_hold: p.credit_hold ?? false,
        min_interval_days: p.min_interval_days ?? 0,
        payment_plan: p.payment_plan ?? null,
        steps: p.steps.map((s) => ({
          day: s.day, action: s.action, template: s.template ?? null, late_interest: s.late_interest ?? false,
          fixed_compensation: s.fixed_compensation ?? null, note: s.note ?? null,
        })),
      });
    }
    return out;
  }

  private templates(): Map<string, Partial<Record<Language, TemplateText>>> {
    const out = new Map<string, Partial<Record<Language, TemplateText>>>();
    for (const [id, langs] of Object.entries(this.w.templates ?? {})) {
      const texts: Partial<Record<Language, TemplateText>> = {};
      for (const [lang, t] of Object.entries(langs) as [Language, { subject?: string; body: string } | undefined][]) {
        if (t) texts[lang] = { subject: t.subject ?? null, body: t.body };
      }
      out.set(id, texts);
    }
    return out;
  }
}

/** A matrix that fails its checks, as the error a command throws. */
export function matrixError(file: string, errors: Diagnostic[]): UsageError {
  return yamlError(file, "matrix", errors);
}

/** An IBAN's shape and ISO 7064 mod-97 check (spaces ignored). */
export function validIban(text: string): boolean {
  const iban = text.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}
