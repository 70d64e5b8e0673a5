import { describe, it, expect } from "vitest";
import { parseBoolean } from "../../../src/ingest/parse/boolean.js";

describe("parseBoolean", () => {
  it.each([
    "true", "1", "yes", "y", "t", "oui", "o", "vrai", "ja", "j", "waar", "wahr", "x", "✓",
    "TRUE", "Yes", " OUI ", "Ja", "X", "VRAI", "WAAR", "Wahr", "ouí", "Óui",
  ])("%j → true", (text) => {
    expect(parseBoolean(text)).toEqual({ ok: true, value: true });
  });

  it.each([
    "false", "0", "no", "n", "f", "non", "faux", "nee", "nein", "onwaar", "falsch", "",
    "FALSE", "No", " Non ", "NEE", "Nein", "ONWAAR", "FALSCH", "FAUX", "   ", "nón", "Néé",
  ])("%j → false", (text) => {
    expect(parseBoolean(text)).toEqual({ ok: true, value: false });
  });

  it.each(["maybe", "2", "-1", "si", "yess", "o u i", "?", "✗", "truefalse"])("%j fails", (text) => {
    const r = parseBoolean(text);
    expect(r.ok).toBe(false);
  });

  it("the reason names the value and lists the accepted words", () => {
    const r = parseBoolean(" maybe ");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toContain('"maybe"');
    for (const w of ["true", "oui", "ja", "waar", "false", "non", "nein", "nee", "onwaar", "empty"]) {
      expect(r.reason).toContain(w);
    }
  });
});
