/**
 * Is this row the header of a FEC (Fichier des Écritures Comptables)?
 * True when JournalCode, EcritureNum and CompteNum are present together with either
 * Debit + Credit or the cash-basis Montant + Sens pair. Comparison ignores accents, case,
 * spaces and punctuation (`Débit`, `JOURNAL_CODE`), and the renamed columns of
 * "FEC-compatible" exports (JournalLibelle, EcritureLettrage, DateLettrage…) do not matter.
 */
import { mapFecColumns } from "./fec-columns.js";

export function isFecHeader(cells: readonly string[]): boolean {
  const { index } = mapFecColumns(cells);
  if (index.JournalCode === undefined || index.EcritureNum === undefined || index.CompteNum === undefined) return false;
  const debitCredit = index.Debit !== undefined && index.Credit !== undefined;
  const montantSens = index.Montant !== undefined && index.Sens !== undefined;
  return debitCredit || montantSens;
}
