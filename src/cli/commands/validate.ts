/** `relance validate MATRIX`: every problem with file:line:column; exit 0 only if valid. */
import { readConfigText, formatDiagnostic } from "../../config/yaml-file.js";
import { checkMatrix, matrixError } from "../../segmentation/load-matrix.js";
import type { Io } from "../io.js";

export async function validate(file: string, io: Io): Promise<void> {
  const check = checkMatrix(await readConfigText(file, "matrix"), file);
  for (const w of check.warnings) io.err(`${io.colour.yellow("warning:")} ${formatDiagnostic(w)}\n`);
  if (!check.matrix) throw matrixError(file, check.errors);
  const m = check.matrix;
  const lines = [
    `${file}: valid.`,
    `  ${m.segments.size} segments, ${m.rules.length} rules, ${m.procedures.size} procedures, ${m.classes.length} classes, ${m.scores.length} scores; first matching rule wins${m.newCustomer ? ", after the new_customer segment" : ""}.`,
    `  window ${m.settings.windowDays} days, grace ${m.settings.graceDays} days, currency ${m.settings.currency}, default language ${m.settings.defaultLanguage}.`,
    m.freeFields.length > 0
      ? `  Customer columns it uses besides the standard fields (the customers export must have them): ${m.freeFields.join(", ")}.`
      : "  It uses only metrics and standard customer fields.",
  ];
  if (check.warnings.length > 0) lines.push(`  ${check.warnings.length} warning${check.warnings.length === 1 ? "" : "s"} (above).`);
  io.out(lines.join("\n") + "\n");
}
