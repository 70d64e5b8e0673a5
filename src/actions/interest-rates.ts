/**
 * Statutory B2B late-interest rates per country and half-year, as versioned DATA
 * (reference: formats-and-rules.md §4).
 *
 * The reference rate of a half-year is the one in force on its first day, 1 January or
 * 1 July (for the UK: the Bank of England base rate on 31 December / 30 June, i.e. the same
 * thing). Each country adds its statutory margin:
 *
 * | country | reference rate                      | margin | rounding                     |
 * |---------|-------------------------------------|--------|------------------------------|
 * | FR      | ECB MRO (Code de commerce L441-10 II) | + 10 | none                         |
 * | BE      | ECB MRO (law of 2 August 2002)      | + 8    | UP to the next half point    |
 * | NL      | ECB MRO (BW 6:119a)                 | + 8    | none                         |
 * | DE      | Basiszinssatz (BGB §288 II, §247)   | + 9    | none                         |
 * | GB      | BoE base rate (Late Payment Act 1998) | + 8  | none                         |
 *
 * Tags as in the reference: [V] verified in a published source, [I] inferred (computed from a
 * verified reference rate by the statutory formula), [U] unverified assumption. The table is
 * edited by hand; every row keeps the reference rate it was computed from so a unit test can
 * re-derive the rate and catch a typo. Rows beyond the table, or corrections, come from the
 * user's matrix as `RateOverrides`.
 */
import { dayFromParts, formatDay, parseIsoDay, partsOfDay, type Day } from "../ledger/day.js";

export type Country = "FR" | "BE" | "NL" | "DE" | "GB";

/** a user's override, from the matrix: country → ISO date of the half-year start → annual % */
export type RateOverrides = Partial<Record<string, Record<string, number>>>;

/** Bump when a figure changes; shown with the rates so a result can be traced to its table. */
export const RATE_TABLE_VERSION = "2026-11-22";

export interface HalfYearRate {
  /** ISO date of the half-year's first day: YYYY-01-01 or YYYY-07-01 */
  start: string;
  /** reference rate in force on that day (ECB MRO, Basiszinssatz or BoE base rate), % */
  reference: number;
  /** statutory B2B late-interest rate for the half-year, annual % */
  rate: number;
}

export interface CountryRule {
  reference: "ECB MRO" | "Basiszinssatz" | "BoE base rate";
  /** percentage points added to the reference rate */
  margin: number;
  /** BE: the sum is rounded up to the next half point */
  roundUpToHalf: boolean;
  /**
   * GB: the rate of the half-year in which interest starts to run applies for the whole life
   * of the debt (Late Payment (Rate of Interest) (No. 3) Order 2002: the reference rate "in force
   * on 30 June / 31 December immediately before the day on which statutory interest starts to
   * run"). The EU countries apply each half-year's rate to the days of that half-year.
   */
  fixedAtStart: boolean;
  rates: readonly HalfYearRate[];
}

export const RATE_TABLE: Readonly<Record<Country, CountryRule>> = {
  // ECB MRO on 1 Jan / 1 Jul: 2.50 (1 Jan 2023) and 4.00 (1 Jul 2023) [V enterprise.gov.ie late-payment
  // rate table]; 4.50, 4.25, 3.15, 2.15, 2.15 for H1 2024 … H1 2026 [V reference §4.2: bsi.si,
  // banque-france.fr]. Still 2.15 after the 30 Apr 2026 meeting [V brusselstimes.com 5 Feb 2026,
  // tomanifesto.gr 30 Apr 2026]; the rate in force on 1 Jul 2026 is not verified: H2 2026 repeats
  // the last known rate [U assumption].
  FR: {
    reference: "ECB MRO", margin: 10, roundUpToHalf: false, fixedAtStart: false,
    rates: [
      { start: "2023-01-01", reference: 2.5, rate: 12.5 }, // [I] 2.50 + 10
      { start: "2023-07-01", reference: 4.0, rate: 14.0 }, // [I] 4.00 + 10
      { start: "2024-01-01", reference: 4.5, rate: 14.5 }, // [I] reference §4.2 table
      { start: "2024-07-01", reference: 4.25, rate: 14.25 }, // [V exeoffice]
      { start: "2025-01-01", reference: 3.15, rate: 13.15 }, // [I] reference §4.2 table
      { start: "2025-07-01", reference: 2.15, rate: 12.15 }, // [I] reference §4.2 table
      { start: "2026-01-01", reference: 2.15, rate: 12.15 }, // [I] reference §4.2 table
      { start: "2026-07-01", reference: 2.15, rate: 12.15 }, // [U] assumption: last known ECB rate
    ],
  },
  BE: {
    reference: "ECB MRO", margin: 8, roundUpToHalf: true, fixedAtStart: false,
    rates: [
      { start: "2023-01-01", reference: 2.5, rate: 10.5 }, // [V avocation.be: "10,5 % en janvier 2023"]
      { start: "2023-07-01", reference: 4.0, rate: 12.0 }, // [V avocation.be: 12 % second semestre 2023]
      { start: "2024-01-01", reference: 4.5, rate: 12.5 }, // [V leuropeinfo/Schoups]
      { start: "2024-07-01", reference: 4.25, rate: 12.5 }, // [V] 12.25 rounded up
      { start: "2025-01-01", reference: 3.15, rate: 11.5 }, // [V] 11.15 rounded up
      { start: "2025-07-01", reference: 2.15, rate: 10.5 }, // [V embuild: "toujours 10,50"] 10.15 rounded up
      { start: "2026-01-01", reference: 2.15, rate: 10.5 }, // [V embuild, announced unchanged]
      { start: "2026-07-01", reference: 2.15, rate: 10.5 }, // [U] assumption: last known ECB rate
    ],
  },
  NL: {
    reference: "ECB MRO", margin: 8, roundUpToHalf: false, fixedAtStart: false,
    rates: [
      { start: "2023-01-01", reference: 2.5, rate: 10.5 }, // [V abenslag.nl: "per 1 januari 2023 … 10,5%"]
      { start: "2023-07-01", reference: 4.0, rate: 12.0 }, // [V watsonlaw.nl: "met ingang van 1 juli 2023 … 12%"]
      { start: "2024-01-01", reference: 4.5, rate: 12.5 }, // [V e-justice NL]
      { start: "2024-07-01", reference: 4.25, rate: 12.25 }, // [V metaalunie]
      { start: "2025-01-01", reference: 3.15, rate: 11.15 }, // [V vvoadvocatuur]
      { start: "2025-07-01", reference: 2.15, rate: 10.15 }, // [I] 2.15 + 8
      { start: "2026-01-01", reference: 2.15, rate: 10.15 }, // [I] 2.15 + 8
      { start: "2026-07-01", reference: 2.15, rate: 10.15 }, // [U] assumption: last known ECB rate
    ],
  },
  // Basiszinssatz (Deutsche Bundesbank, moves on 1 Jan / 1 Jul by the change in the ECB MRO).
  DE: {
    reference: "Basiszinssatz", margin: 9, roundUpToHalf: false, fixedAtStart: false,
    rates: [
      { start: "2023-01-01", reference: 1.62, rate: 10.62 }, // [V stb-bruns.com; handwerk-hildesheim-alfeld.de: "§ 288 Abs. 2 … 10,62 %"]
      { start: "2023-07-01", reference: 3.12, rate: 12.12 }, // [V finanznachrichten.de: "von 1,62 auf 3,12 … 12,12 Prozent"]
      { start: "2024-01-01", reference: 3.62, rate: 12.62 }, // [I] reference §4.2 table (3.12 + 0.50)
      { start: "2024-07-01", reference: 3.37, rate: 12.37 }, // [I] reference §4.2 table (3.62 − 0.25)
      { start: "2025-01-01", reference: 2.27, rate: 11.27 }, // [I] reference §4.2 table (3.37 − 1.10)
      { start: "2025-07-01", reference: 1.27, rate: 10.27 }, // [V] reference §4.2 table
      { start: "2026-01-01", reference: 1.27, rate: 10.27 }, // [V finanzmarktnachrichten / state-of.biz: "bleibt … bei 1,27"]
      { start: "2026-07-01", reference: 1.27, rate: 10.27 }, // [U] assumption: last known Basiszinssatz
    ],
  },
  // BoE base rate on 31 Dec (→ H1) / 30 Jun (→ H2).
  GB: {
    reference: "BoE base rate", margin: 8, roundUpToHalf: false, fixedAtStart: true,
    rates: [
      { start: "2023-01-01", reference: 3.5, rate: 11.5 }, // [V payontime.co.uk table: 3.50 → 11.50]
      { start: "2023-07-01", reference: 5.0, rate: 13.0 }, // [V payontime.co.uk table; BoE 4.5 → 5.0 on 22 Jun 2023 (bbc.co.uk)]
      { start: "2024-01-01", reference: 5.25, rate: 13.25 }, // [V payontime.co.uk: 13.25 %]
      { start: "2024-07-01", reference: 5.25, rate: 13.25 }, // [I] base rate 5.25 until the cut to 5.00 on 1 Aug 2024 [V]
      { start: "2025-01-01", reference: 4.75, rate: 12.75 }, // [I] base rate 4.75 at end 2024 [V focus-economics]
      { start: "2025-07-01", reference: 4.25, rate: 12.25 }, // [I] base rate 4.25 from 8 May to 7 Aug 2025 [V focus-economics]
      { start: "2026-01-01", reference: 3.75, rate: 11.75 }, // [I] base rate cut 4.00 → 3.75 on 18 Dec 2025 [V bpuaccountants.co.uk]
      { start: "2026-07-01", reference: 3.75, rate: 11.75 }, // [U] assumption: last known rate (a June 2026 hold at 3.75 is reported by livesquawk.com, not checked against the BoE)
    ],
  },
};

/** The first day of the half-year containing `day` (1 January or 1 July). */
export function halfYearStart(day: Day): Day {
  const [y, m] = partsOfDay(day);
  return dayFromParts(y, m <= 6 ? 1 : 7, 1)!;
}

/** The first day of the half-year after the one containing `day`. */
export function nextHalfYearStart(day: Day): Day {
  const [y, m] = partsOfDay(day);
  return m <= 6 ? dayFromParts(y, 7, 1)! : dayFromParts(y + 1, 1, 1)!;
}

const TABLE_INDEX: ReadonlyMap<Country, ReadonlyMap<Day, number>> = new Map(
  (Object.keys(RATE_TABLE) as Country[]).map((c) => [c, new Map(RATE_TABLE[c].rates.map((r) => [parseIsoDay(r.start)!, r.rate]))]),
);

/**
 * The statutory annual rate (%) for `country` in the half-year containing `day`: the user's
 * override for that half-year first, then the table; null when neither covers it.
 * Override keys: a country as `countryOf` reads it ("GB", "UK", "France"…) → an ISO date in the
 * half-year (normally its first day) → annual %. Non-finite or negative values are ignored.
 */
export function statutoryRate(country: Country, day: Day, overrides?: RateOverrides): number | null {
  const start = halfYearStart(day);
  const override = overrides ? overrideFor(overrides, country, start) : null;
  return override ?? TABLE_INDEX.get(country)?.get(start) ?? null;
}

function overrideFor(overrides: RateOverrides, country: Country, start: Day): number | null {
  let found: number | null = null;
  for (const [key, byDate] of Object.entries(overrides)) {
    if (!byDate || countryOf(key) !== country) continue;
    for (const [iso, rate] of Object.entries(byDate)) {
      const d = parseIsoDay(iso.trim());
      if (d === null || !Number.isFinite(rate) || rate < 0 || halfYearStart(d) !== start) continue;
      if (d === start) return rate; // the exact half-year key wins
      found ??= rate;
    }
  }
  return found;
}

/** The half-years the table covers, for messages: "2023-01-01 … 2026-12-31". */
export function tableCoverage(country: Country): { from: string; to: string } | null {
  const rates = RATE_TABLE[country].rates;
  const first = rates[0];
  const last = rates[rates.length - 1];
  if (!first || !last) return null;
  return { from: first.start, to: formatDay(nextHalfYearStart(parseIsoDay(last.start)!) - 1) };
}

const COUNTRY_NAMES: ReadonlyMap<string, Country> = new Map(
  ([
    ["FR", ["fr", "fra", "france", "frankreich", "frankrijk", "republique francaise"]],
    ["BE", ["be", "bel", "belgique", "belgie", "belgien", "belgium", "royaume de belgique", "koninkrijk belgie"]],
    ["NL", ["nl", "nld", "nederland", "netherlands", "the netherlands", "pays bas", "niederlande", "holland", "koninkrijk der nederlanden"]],
    ["DE", ["de", "deu", "deutschland", "germany", "allemagne", "duitsland", "bundesrepublik deutschland"]],
    ["GB", ["gb", "gbr", "uk", "united kingdom", "great britain", "britain", "england", "scotland", "wales", "northern ireland",
      "royaume uni", "grande bretagne", "angleterre", "verenigd koninkrijk", "groot brittannie", "engeland",
      "vereinigtes konigreich", "grossbritannien", "england und wales"]],
  ] as const).flatMap(([code, names]) => names.map((n) => [n, code as Country] as const)),
);

/**
 * The country of a customer's country cell: ISO codes (alpha-2/alpha-3), "UK", and the
 * country's name in English, French, Dutch or German, any case, accents and punctuation
 * ignored ("België", "U.K.", "Royaume-Uni"). Null for anything else, including empty.
 */
export function countryOf(text: string | null): Country | null {
  if (text === null) return null;
  const key = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/\./g, "")
    .replace(/[-_'’,()/]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return COUNTRY_NAMES.get(key) ?? null;
}
