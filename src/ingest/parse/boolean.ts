/** Yes/no flags (e.g. "disputed") in FR / NL / DE / EN spellings. */
import { ok, fail, type Parsed } from "./result.js";

const TRUE_WORDS = ["true", "1", "yes", "y", "t", "oui", "o", "vrai", "ja", "j", "waar", "wahr", "x", "✓", "✔"] as const;
const FALSE_WORDS = ["false", "0", "no", "n", "f", "non", "faux", "nee", "nein", "onwaar", "falsch"] as const;

const TRUE_SET: ReadonlySet<string> = new Set(TRUE_WORDS);
const FALSE_SET: ReadonlySet<string> = new Set(FALSE_WORDS);
const COMBINING = /[\u0300-\u036f]/g;

/**
 * true for true/1/yes/y/t/oui/o/vrai/ja/j/waar/wahr/x/✓ ; false for
 * false/0/no/n/f/non/faux/nee/nein/onwaar/falsch/empty; case- and accent-insensitive, trimmed
 * (French Excel writes VRAI/FAUX, German WAHR/FALSCH, Dutch WAAR/ONWAAR).
 */
export function parseBoolean(text: string): Parsed<boolean> {
  if (typeof text !== "string") return fail("not a yes/no value");
  let s = text.trim().toLowerCase();
  if (s.length === 0) return ok(false);
  if (TRUE_SET.has(s)) return ok(true);
  if (FALSE_SET.has(s)) return ok(false);
  s = s.normalize("NFD").replace(COMBINING, "");
  if (TRUE_SET.has(s)) return ok(true);
  if (FALSE_SET.has(s)) return ok(false);
  const shown = text.trim().length > 40 ? `${text.trim().slice(0, 37)}…` : text.trim();
  return fail(
    `not a yes/no value: "${shown}" (yes: ${TRUE_WORDS.join(", ")}; no: ${FALSE_WORDS.join(", ")} or empty)`,
  );
}
