/**
 * Journal classification for a FEC. Journal codes are free text, so the class is decided by,
 * in order:
 * 1. the user's override map (code → class; codes compared trimmed and case-insensitively);
 * 2. the code: sales `VE`, `VT`, `VTE`, `VEN`, `VENTE(S)`, `FAC`, `INV` (optionally followed by
 *    digits); bank/cash `BQ…`, `BNQ…`, `BK…`, `BNK…`, `BAN…`, `BPM`, `CA`, `CAI…`, `CSH…`,
 *    `CAISSE`, `TRE…`; opening `AN`, `ANO`, `ANX`, `RAN`, `OUV…`; `OD`, `ACH`, `HA`… are "other";
 * 3. otherwise keywords of JournalLib: "vente", "sales", "factur" → sales; "banque", "bank",
 *    "caisse", "cash", "trésorerie", "encaissement", "règlement" and a few bank names → bank;
 *    "à nouveau", "a-nouveaux", "ouverture", "report", "balance initiale", "opening" → opening;
 * 4. anything else is "other" (OD and the like: adjustments).
 */
export type JournalClass = "sales" | "bank" | "opening" | "other";

export type JournalOverrides = Readonly<Record<string, JournalClass>>;

const CODE_RULES: readonly [RegExp, JournalClass][] = [
  [/^(AN|ANO|ANX|RAN|OUV|OUVERTURE|ANOUVEAU|ANOUVEAUX)\d*$/, "opening"],
  [/^(VE|VT|VTE|VEN|VENTE|VENTES|FAC|FACT|INV|SALES)\d*$/, "sales"],
  [/^(BQ|BNQ|BK|BNK|BANK|BAN|BANQUE|BPM|CA|CAI|CAISSE|CSH|CASH|TRE|TRESO)[A-Z]?\d*$/, "bank"],
  [/^BQ/, "bank"],
  [/^(OD|ODS|ACH|AC|HA|SAL|PAIE|EXCH|MISC|DIV)\d*$/, "other"],
];

const LIB_RULES: readonly [RegExp, JournalClass][] = [
  [/\b(a ?nouveaux?|a-nouveaux?|ouverture|report|balance initiale|opening)\b/, "opening"],
  [/\b(banques?|bank|caisses?|cash|tresorerie|encaissements?|reglements?|cheques?|virements?|bnp|lcl|cic|qonto|credit agricole|credit mutuel|credit lyonnais|societe generale|hsbc|boursorama|shine)\b/, "bank"],
  [/\b(ventes?|sales|factur\w*|clients?)\b/, "sales"],
];

function plain(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, " ")
    .trim();
}

export function classifyJournal(code: string, lib: string, overrides?: JournalOverrides): JournalClass {
  const trimmed = code.trim();
  if (overrides) {
    for (const [key, value] of Object.entries(overrides)) {
      if (key.trim().toUpperCase() === trimmed.toUpperCase()) return value;
    }
  }
  const upper = trimmed
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
  for (const [pattern, cls] of CODE_RULES) if (pattern.test(upper)) return cls;
  const words = plain(lib);
  for (const [pattern, cls] of LIB_RULES) if (pattern.test(words)) return cls;
  return "other";
}
