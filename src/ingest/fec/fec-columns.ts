/**
 * FEC header → field index mapping.
 *
 * Headers are compared after removing accents, case, spaces and punctuation, so `Débit`,
 * `DEBIT` and `debit` are one field. The 18 legal columns (A47 A-1) are recognised, plus:
 * - the BNC/BA cash-basis variant `Montant` + `Sens` (D/C) instead of `Debit`/`Credit`,
 *   and its `DateRglt` (the only true payment date a FEC can carry);
 * - the renamed columns of "FEC-compatible" CSV exports (`JournalLibelle`, `CompteLibelle`,
 *   `CompAuxLibelle`, `EcritureLibelle`, `EcritureLettrage`, `DateLettrage`, `MontantDevise`).
 * Extra columns (CodeEtablissement, ModeRglt, NatOp, …) are ignored. When a field appears
 * twice, the first column wins.
 */
import type { Cell } from "../table.js";

export const FEC_FIELDS = [
  "JournalCode",
  "JournalLib",
  "EcritureNum",
  "EcritureDate",
  "CompteNum",
  "CompteLib",
  "CompAuxNum",
  "CompAuxLib",
  "PieceRef",
  "PieceDate",
  "EcritureLib",
  "Debit",
  "Credit",
  "EcritureLet",
  "DateLet",
  "ValidDate",
  "Montantdevise",
  "Idevise",
  "Montant",
  "Sens",
  "DateRglt",
] as const;

export type FecField = (typeof FEC_FIELDS)[number];

/** Normalised header → field. */
const ALIASES: ReadonlyMap<string, FecField> = new Map<string, FecField>([
  ["journalcode", "JournalCode"],
  ["codejournal", "JournalCode"],
  ["journallib", "JournalLib"],
  ["journallibelle", "JournalLib"],
  ["ecriturenum", "EcritureNum"],
  ["ecrituredate", "EcritureDate"],
  ["comptenum", "CompteNum"],
  ["comptelib", "CompteLib"],
  ["comptelibelle", "CompteLib"],
  ["compauxnum", "CompAuxNum"],
  ["compauxlib", "CompAuxLib"],
  ["compauxlibelle", "CompAuxLib"],
  ["pieceref", "PieceRef"],
  ["piecedate", "PieceDate"],
  ["ecriturelib", "EcritureLib"],
  ["ecriturelibelle", "EcritureLib"],
  ["debit", "Debit"],
  ["credit", "Credit"],
  ["ecriturelet", "EcritureLet"],
  ["ecriturelettrage", "EcritureLet"],
  ["datelet", "DateLet"],
  ["datelettrage", "DateLet"],
  ["validdate", "ValidDate"],
  ["montantdevise", "Montantdevise"],
  ["idevise", "Idevise"],
  ["montant", "Montant"],
  ["sens", "Sens"],
  ["daterglt", "DateRglt"],
  ["datereglement", "DateRglt"],
]);

/** Lower case, no accents, no spaces or punctuation: `Débit` → `debit`. */
export function normaliseFecHeader(header: string): string {
  return header
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

export interface FecColumns {
  /** Field → 0-based column index, for the fields present. */
  index: Partial<Record<FecField, number>>;
  /** The header row as written (trimmed), for Rejected.column. */
  headers: string[];
  /** Debit/Credit columns, or the cash-basis Montant/Sens pair. */
  variant: "debit-credit" | "montant-sens";
  /** Fields without which lines cannot be read; empty when the header is usable. */
  missing: FecField[];
}

function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return "";
  return typeof cell === "number" ? String(cell) : cell.replace(/^\uFEFF/, "").trim();
}

/** Maps a header row to FEC fields. Never throws; see `missing`. */
export function mapFecColumns(cells: readonly Cell[]): FecColumns {
  const headers = cells.map(cellText);
  const index: Partial<Record<FecField, number>> = {};
  headers.forEach((header, i) => {
    const field = ALIASES.get(normaliseFecHeader(header));
    if (field && index[field] === undefined) index[field] = i;
  });
  const hasDebitCredit = index.Debit !== undefined && index.Credit !== undefined;
  const hasMontantSens = index.Montant !== undefined && index.Sens !== undefined;
  const variant = !hasDebitCredit && hasMontantSens ? "montant-sens" : "debit-credit";
  const required: FecField[] = ["JournalCode", "EcritureNum", "EcritureDate", "CompteNum"];
  required.push(...(variant === "montant-sens" ? (["Montant", "Sens"] as const) : (["Debit", "Credit"] as const)));
  const missing = required.filter((field) => index[field] === undefined);
  return { index, headers, variant, missing };
}
