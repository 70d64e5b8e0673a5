/**
 * The matrix file's run-wide settings (spec/matrix.md): window_days (L), grace_days,
 * currency and default_language. Read on their own so the metrics can run before, and
 * without, segmentation; the rest of the matrix is validated by the matrix loader.
 */
import { access } from "node:fs/promises";
import { z } from "zod";
import { loadYamlFile } from "../config/yaml-file.js";
import type { Language } from "../ledger/types.js";
import { STARTER_MATRIX } from "./starter-files.js";

export interface RunSettings {
  windowDays: number;
  graceDays: number;
  currency: string;
  defaultLanguage: Language;
}

export const DEFAULT_SETTINGS: RunSettings = { windowDays: 365, graceDays: 0, currency: "EUR", defaultLanguage: "en" };

/** Only the settings; other keys are left to the matrix loader. */
const SettingsSchema = z.looseObject({
  window_days: z.number().int().min(1).max(3650).optional(),
  grace_days: z.number().int().min(0).max(365).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "an ISO currency code such as EUR").optional(),
  default_language: z.enum(["fr", "nl", "de", "en"]).optional(),
});

/** The matrix a run uses: --matrix, else segments.yaml in the working directory, else the bundled starter. */
export async function matrixPath(option: string | undefined): Promise<string> {
  if (option !== undefined) return option;
  try {
    await access("segments.yaml");
    return "segments.yaml";
  } catch {
    return STARTER_MATRIX;
  }
}

export async function loadRunSettings(file: string | null): Promise<RunSettings> {
  if (file === null) return DEFAULT_SETTINGS;
  const { value } = await loadYamlFile(file, SettingsSchema, "matrix");
  return {
    windowDays: value.window_days ?? DEFAULT_SETTINGS.windowDays,
    graceDays: value.grace_days ?? DEFAULT_SETTINGS.graceDays,
    currency: value.currency ?? DEFAULT_SETTINGS.currency,
    defaultLanguage: value.default_language ?? DEFAULT_SETTINGS.defaultLanguage,
  };
}
