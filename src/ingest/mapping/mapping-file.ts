/**
 * The import profile a user writes when an export's headers or formats are not recognised
 * (spec/cli.md "Mapping file"). Everything is optional; what is given overrides detection.
 */
import { z } from "zod";
import type { InputRole } from "../../ledger/types.js";
import { loadYamlFile, positionOf, yamlError, type Diagnostic } from "../../config/yaml-file.js";
import { dateFormatFromMapping, type DateFormat } from "../parse/date.js";
import { encodingFromName, type Encoding } from "../decode.js";
import { FIELDS } from "../columns/fields.js";

const words = z.union([z.string(), z.number()]).transform(String);
const wordList = z.union([words, z.array(words)]).transform((v) => (Array.isArray(v) ? v : [v]));

const SectionSchema = z.strictObject({
  columns: z.record(z.string(), z.string()).optional(),
  date_format: z.string().optional(),
  decimal: z.enum([",", "."]).optional(),
  encoding: z.string().optional(),
  delimiter: z.enum([";", ",", "\t", "|", "tab"]).optional(),
  header_row: z.number().int().min(1).optional(),
  sheet: z.string().optional(),
  values: z.record(z.string(), z.record(z.string(), wordList)).optional(),
  constants: z.record(z.string(), words).optional(),
  journals: z.record(z.string(), z.enum(["sales", "bank", "opening", "other"])).optional(),
});

export const MappingFileSchema = z.strictObject({
  customers: SectionSchema.optional(),
  invoices: SectionSchema.optional(),
  payments: SectionSchema.optional(),
});

/** A mapping section, checked and normalised for one input role. */
export interface ImportProfile {
  columns: Record<string, string>;
  dateFormat?: DateFormat;
  decimal?: "," | ".";
  encoding?: Encoding;
  delimiter?: string;
  headerLine?: number;
  sheet?: string;
  /** field → canonical value → the export's words for it. */
  values: Record<string, Record<string, string[]>>;
  constants: Record<string, string>;
  journals?: Record<string, "sales" | "bank" | "opening" | "other">;
}

export type MappingFile = Partial<Record<InputRole, ImportProfile>>;

const VALUE_FIELDS: Record<string, readonly string[]> = {
  kind: ["invoice", "credit_note", "payment", "ignore"],
  disputed: ["true", "false"],
  sign: ["debit", "credit"],
  language: ["fr", "nl", "de", "en"],
};

/** Loads `--mapping FILE`; every problem is reported at once with file:line:column. */
export async function loadMappingFile(file: string): Promise<MappingFile> {
  const { value, doc, lineCounter } = await loadYamlFile(file, MappingFileSchema, "mapping file");
  const diagnostics: Diagnostic[] = [];
  const at = (path: PropertyKey[], message: string, key = false) => diagnostics.push({ file, ...positionOf(doc, lineCounter, path, key), message });
  const result: MappingFile = {};

  for (const role of ["customers", "invoices", "payments"] as const) {
    const section = value[role];
    if (!section) continue;
    const known = FIELDS[role].map((f) => f.name);
    for (const field of Object.keys(section.columns ?? {})) {
      if (!known.includes(field)) at([role, "columns", field], `unknown field "${field}" for ${role} (fields: ${known.join(", ")})`, true);
    }
    let dateFormat: DateFormat | undefined;
    if (section.date_format !== undefined) {
      dateFormat = dateFormatFromMapping(section.date_format) ?? undefined;
      if (!dateFormat) at([role, "date_format"], `unknown date format "${section.date_format}" (use dd/mm/yyyy, mm/dd/yyyy, yyyy-mm-dd, dd.mm.yyyy, dd-mm-yyyy, yyyymmdd or d/m/yy)`);
    }
    let encoding: Encoding | undefined;
    if (section.encoding !== undefined) {
      encoding = encodingFromName(section.encoding) ?? undefined;
      if (!encoding) at([role, "encoding"], `unknown encoding "${section.encoding}" (use utf-8, utf-16le, windows-1252 or iso-8859-15)`);
    }
    for (const [field, mapping] of Object.entries(section.values ?? {})) {
      const allowed = VALUE_FIELDS[field];
      if (!allowed) {
        at([role, "values", field], `values can be given for ${Object.keys(VALUE_FIELDS).join(", ")}, not "${field}"`, true);
        continue;
      }
      for (const canonical of Object.keys(mapping)) {
        if (!allowed.includes(canonical)) at([role, "values", field, canonical], `"${canonical}" is not a value of ${field} (use ${allowed.join(", ")})`, true);
      }
    }
    for (const field of Object.keys(section.constants ?? {})) {
      if (!known.includes(field)) at([role, "constants", field], `unknown field "${field}" for ${role} (fields: ${known.join(", ")})`, true);
    }
    result[role] = {
      columns: section.columns ?? {},
      dateFormat,
      decimal: section.decimal,
      encoding,
      delimiter: section.delimiter === "tab" ? "\t" : section.delimiter,
      headerLine: section.header_row,
      sheet: section.sheet,
      values: section.values ?? {},
      constants: section.constants ?? {},
      journals: section.journals,
    };
  }
  if (diagnostics.length > 0) throw yamlError(file, "mapping file", diagnostics);
  return result;
}

