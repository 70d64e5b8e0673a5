/**
 * The import profile a user writes when an export's headers or formats are not recognised
 * (spec/cli.md "Mapping file"). Everything is optional; what is given overrides detection.
 */
import { z } from "zod";
import type { InputRole } from "../../ledger/types.js";
import { loadYamlFile } from "../../config/yaml-file.js";
import { dateFormatFromMapping, type DateFormat } from "../parse/date.js";
import { encodingFromName, type Encoding } from "../decode.js";
import { FIELDS } from "../columns/fields.js";

const words = z.union([z.string(), z.number()]).transform(String);
const wordList = z.union([words, z.array(words)]).transform((v) => (Array.isArray(v) ? v : [v]));

const VALUE_FIELDS: Record<string, readonly string[]> = {
  kind: ["invoice", "credit_note", "payment", "ignore"],
  disputed: ["true", "false"],
  sign: ["debit", "credit"],
  language: ["fr", "nl", "de", "en"],
};

/** One section's schema: every check lives here, so all problems surface in one pass. */
function sectionSchema(role: InputRole) {
  const known = FIELDS[role].map((f) => f.name);
  const fieldKeys = (what: string) =>
    z.record(z.string(), words).superRefine((record, ctx) => {
      for (const field of Object.keys(record)) {
        if (!known.includes(field)) ctx.addIssue({ code: "custom", path: [field], message: `unknown field "${field}" in ${what} (fields of ${role}: ${known.join(", ")})` });
      }
    });
  return z.strictObject({
    columns: fieldKeys("columns").optional(),
    date_format: z
      .string()
      .superRefine((t, ctx) => {
        if (dateFormatFromMapping(t) === null) ctx.addIssue({ code: "custom", message: `unknown date format "${t}" (use dd/mm/yyyy, mm/dd/yyyy, yyyy-mm-dd, dd.mm.yyyy, dd-mm-yyyy, yyyymmdd or d/m/yy)` });
      })
      .optional(),
    decimal: z.enum([",", "."], { message: 'decimal is "," or "."' }).optional(),
    encoding: z
      .string()
      .superRefine((t, ctx) => {
        if (encodingFromName(t) === null) ctx.addIssue({ code: "custom", message: `unknown encoding "${t}" (use utf-8, utf-16le, windows-1252 or iso-8859-15)` });
      })
      .optional(),
    delimiter: z.enum([";", ",", "\t", "|", "tab"], { message: 'delimiter is one of ";" "," "|" or tab' }).optional(),
    header_row: z.number().int().min(1).optional(),
    sheet: z.string().optional(),
    values: z
      .record(z.string(), z.record(z.string(), wordList))
      .superRefine((values, ctx) => {
        for (const [field, mapping] of Object.entries(values)) {
          const allowed = Object.hasOwn(VALUE_FIELDS, field) ? VALUE_FIELDS[field] : undefined;
          if (!allowed) {
            ctx.addIssue({ code: "custom", path: [field], message: `values can be given for ${Object.keys(VALUE_FIELDS).join(", ")}, not "${field}"` });
            continue;
          }
          for (const canonical of Object.keys(mapping)) {
            if (!allowed.includes(canonical)) ctx.addIssue({ code: "custom", path: [field, canonical], message: `"${canonical}" is not a value of ${field} (use ${allowed.join(", ")})` });
          }
        }
      })
      .optional(),
    constants: fieldKeys("constants").optional(),
    journals: z.record(z.string(), z.enum(["sales", "bank", "opening", "other"])).optional(),
  });
}

export const MappingFileSchema = z.strictObject({
  customers: sectionSchema("customers").optional(),
  invoices: sectionSchema("invoices").optional(),
  payments: sectionSchema("payments").optional(),
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

/** Loads `--mapping FILE`; every problem is reported at once with file:line:column. */
export async function loadMappingFile(file: string): Promise<MappingFile> {
  const { value } = await loadYamlFile(file, MappingFileSchema, "mapping file");
  const result: MappingFile = {};
  for (const role of ["customers", "invoices", "payments"] as const) {
    const section = value[role];
    if (!section) continue;
    result[role] = {
      columns: section.columns ?? {},
      dateFormat: section.date_format !== undefined ? dateFormatFromMapping(section.date_format)! : undefined,
      decimal: section.decimal,
      encoding: section.encoding !== undefined ? encodingFromName(section.encoding)! : undefined,
      delimiter: section.delimiter === "tab" ? "\t" : section.delimiter,
      headerLine: section.header_row,
      sheet: section.sheet,
      values: section.values ?? {},
      constants: section.constants ?? {},
      journals: section.journals,
    };
  }
  return result;
}
