/**
 * The words exports use for a document's kind, a language and a currency, in the four
 * languages. Compared after `normaliseWord` (lower case, no accents, letters and digits).
 * A mapping file's `values:` section adds to these.
 */
import type { Language } from "../../ledger/types.js";

export type RowKind = "invoice" | "credit_note" | "payment" | "ignore";

export function normaliseWord(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");
}

const KIND_WORDS: Record<RowKind, string[]> = {
  invoice: [
    "invoice", "inv", "sales invoice", "tax invoice", "bill", "debit note", "facture", "fa", "fac", "fact", "f", "facture client", "note de debit",
    "factuur", "verkoopfactuur", "fv", "rechnung", "re", "ausgangsrechnung", "i",
  ],
  credit_note: [
    "credit note", "credit memo", "creditmemo", "credit", "cn", "cr", "sales credit note", "avoir", "av", "note de credit", "facture d'avoir",
    "creditnota", "creditfactuur", "credit factuur", "cf", "gutschrift", "gs", "rechnungskorrektur", "stornorechnung", "c",
  ],
  payment: [
    "payment", "pmt", "receipt", "sales overpayment", "overpayment", "prepayment", "sales prepayment", "unapplied payment", "unapplied cash",
    "paiement", "reglement", "encaissement", "acompte", "betaling", "ontvangst", "vooruitbetaling", "zahlung", "zahlungseingang", "anzahlung",
  ],
  ignore: [],
};

const LANGUAGE_WORDS: Record<Language, string[]> = {
  fr: ["fr", "fra", "fre", "french", "francais", "franzosisch", "frans", "f", "frbe", "frfr", "frch", "frlu"],
  nl: ["nl", "nld", "dut", "dutch", "neerlandais", "nederlands", "niederlandisch", "vlaams", "flemish", "n", "nlbe", "nlnl"],
  de: ["de", "deu", "ger", "german", "allemand", "deutsch", "duits", "d", "dede", "deat", "dech", "debe"],
  en: ["en", "eng", "english", "anglais", "engels", "englisch", "e", "engb", "enus", "enie", "uk", "gb"],
};

const CURRENCY_WORDS: Record<string, string> = { "€": "EUR", euro: "EUR", euros: "EUR", "£": "GBP", "$": "USD", "us$": "USD", chf: "CHF", sfr: "CHF", fr: "CHF" };

function index<K extends string>(table: Record<K, string[]>): Map<string, K> {
  const map = new Map<string, K>();
  for (const key of Object.keys(table) as K[]) for (const w of table[key]) map.set(normaliseWord(w), key);
  return map;
}

const KIND_INDEX = index(KIND_WORDS);
const LANGUAGE_INDEX = index(LANGUAGE_WORDS);

/** A kind resolver: the mapping file's words first, then the built-in ones. */
export function kindResolver(extra: Record<string, string[]> = {}): (text: string) => RowKind | null {
  const own = index(extra as Record<RowKind, string[]>);
  return (text) => {
    const w = normaliseWord(text);
    return own.get(w) ?? KIND_INDEX.get(w) ?? null;
  };
}

export function languageResolver(extra: Record<string, string[]> = {}): (text: string) => Language | null {
  const own = index(extra as Record<Language, string[]>);
  return (text) => {
    const w = normaliseWord(text);
    return own.get(w) ?? LANGUAGE_INDEX.get(w) ?? null;
  };
}

/** `EUR`, `eur`, `€`, `Euro` → `EUR`; null when not a currency. */
export function currencyCode(text: string): string | null {
  const t = text.trim();
  if (/^[A-Za-z]{3}$/.test(t)) return t.toUpperCase();
  // own keys only: a cell saying "constructor" must not find Object.prototype's
  const word = [t.toLowerCase(), normaliseWord(t)].find((w) => Object.hasOwn(CURRENCY_WORDS, w));
  return word === undefined ? null : CURRENCY_WORDS[word]!;
}

/** The words a kind column may hold, for error messages. */
export function kindExamples(): string {
  return "Invoice/Facture/Factuur/Rechnung, Credit Note/Avoir/Creditnota/Gutschrift, Payment/Paiement/Betaling/Zahlung";
}
