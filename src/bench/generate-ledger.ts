/**
 * A deterministic, seeded generator of realistic SME accounting exports for `npm run bench`:
 * customers.csv, invoices.csv and payments.csv in the English ISO dialect the reader
 * recognises with zero configuration (comma, `YYYY-MM-DD`, `1234.56`).
 *
 * Same parameters and seed ⇒ byte-identical files (mulberry32; every customer draws from
 * its own stream, so nothing depends on write timing). Output is streamed with large string
 * buffers: only one customer's documents are ever held in memory.
 *
 * Behaviour comes from the PROFILES table (punctual, slow, chronic late, deteriorating,
 * disputing, new, dormant, key accounts). The export is taken EXPORT_LAG_DAYS after the
 * as-of date, so some invoices carry a PaidDate later than as-of. With the payments file the
 * payment rows of a document sum to `amount − open`, and a paid document's running total
 * reaches its amount exactly on its PaidDate.
 */
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { formatDay, parseIsoDay, type Day } from "../ledger/day.js";

export interface GenerateOptions {
  customers: number;
  /** Invoices and credit notes together. */
  documents: number;
  seed?: number;
  /** `YYYY-MM-DD`: the day the benchmark runs `--as-of`. */
  asOf: string;
}

export interface GeneratedFiles {
  customers: string;
  invoices: string;
  payments: string;
}

export interface GenerateResult {
  files: GeneratedFiles;
  /** Bytes written, per file and in total. */
  bytes: { customers: number; invoices: number; payments: number; total: number };
  customers: number;
  documents: number;
  payments: number;
}

/** Bump when the output for given parameters changes, so cached benchmark data is rebuilt. */
export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 42;

/** The export is taken this many days after as-of: documents settled in between have PaidDate > as-of. */
const EXPORT_LAG_DAYS = 30;
/** Documents are issued over this many days up to as-of. */
const HISTORY_DAYS = 3 * 365;
const CREDIT_NOTE_SHARE = 0.04;
const CREDIT_NOTE_ALLOCATED = 0.7;
const MIXED_CURRENCY_CUSTOMERS = 0.03;
const FLUSH_CHARS = 1024 * 1024;

export const HEADERS = {
  customers: "Customer ID,Name,Language,Country,Owner,Credit Limit,Credit Score,Payment Terms,Created Date",
  invoices: "Customer ID,InvoiceNumber,Type,InvoiceDate,DueDate,Amount,AmountDue,PaidDate,Disputed,Currency",
  payments: "Customer ID,InvoiceNumber,PaymentDate,Amount,Currency",
} as const;

// ---------------------------------------------------------------------------------------
// Behaviour profiles: data, not code.

export type ProfileName = "punctual" | "slow" | "chronic_late" | "deteriorating" | "disputing" | "new" | "dormant" | "key_account";

/** When a customer's documents are issued. */
type Activity = "active" | "new" | "dormant";

export interface Profile {
  name: ProfileName;
  /** Share of customers. */
  share: number;
  activity: Activity;
  /** Relative number of documents per customer (ignored for "new": see NEW_CUSTOMER_DOCS). */
  volume: number;
  /** Invoice amounts in cents: Pareto with minimum `min` and shape `alpha` (smaller = heavier tail), capped. */
  amount: { min: number; alpha: number; cap: number };
  /** Days late = mean + sd·N(0,1) + tail·Exp(1) + drift·progress² (progress 0→1 over the customer's history). */
  late: { mean: number; sd: number; tail: number; drift: number };
  /** Probability an invoice is never paid (left open at export). */
  unpaid: number;
  /** Probability an invoice is flagged disputed, and that a disputed invoice is left open. */
  dispute: number;
  disputeLeftOpen: number;
  /** Probability of partial payments (two rows for a paid invoice, a part paid for an open one). */
  partial: number;
  /** External credit score range (0–100, higher is safer). */
  score: [number, number];
}

export const PROFILES: readonly Profile[] = [
  { name: "punctual", share: 0.3, activity: "active", volume: 1, amount: { min: 30_000, alpha: 1.9, cap: 5_000_000 }, late: { mean: -4, sd: 3, tail: 1, drift: 0 }, unpaid: 0.002, dispute: 0.004, disputeLeftOpen: 0.3, partial: 0.03, score: [70, 100] },
  { name: "slow", share: 0.24, activity: "active", volume: 1, amount: { min: 25_000, alpha: 1.9, cap: 5_000_000 }, late: { mean: 10, sd: 8, tail: 6, drift: 0 }, unpaid: 0.01, dispute: 0.01, disputeLeftOpen: 0.4, partial: 0.08, score: [45, 85] },
  { name: "chronic_late", share: 0.11, activity: "active", volume: 1, amount: { min: 20_000, alpha: 2, cap: 3_000_000 }, late: { mean: 35, sd: 15, tail: 30, drift: 0 }, unpaid: 0.05, dispute: 0.02, disputeLeftOpen: 0.5, partial: 0.15, score: [10, 55] },
  { name: "deteriorating", share: 0.08, activity: "active", volume: 1, amount: { min: 30_000, alpha: 1.9, cap: 5_000_000 }, late: { mean: -1, sd: 4, tail: 3, drift: 75 }, unpaid: 0.02, dispute: 0.02, disputeLeftOpen: 0.5, partial: 0.1, score: [30, 80] },
  { name: "disputing", share: 0.07, activity: "active", volume: 1, amount: { min: 40_000, alpha: 1.8, cap: 5_000_000 }, late: { mean: 8, sd: 8, tail: 8, drift: 0 }, unpaid: 0.01, dispute: 0.18, disputeLeftOpen: 0.7, partial: 0.06, score: [40, 80] },
  { name: "new", share: 0.08, activity: "new", volume: 0, amount: { min: 25_000, alpha: 1.9, cap: 2_000_000 }, late: { mean: 3, sd: 8, tail: 4, drift: 0 }, unpaid: 0.01, dispute: 0.01, disputeLeftOpen: 0.5, partial: 0.05, score: [30, 90] },
  { name: "dormant", share: 0.1, activity: "dormant", volume: 0.6, amount: { min: 25_000, alpha: 1.9, cap: 3_000_000 }, late: { mean: 6, sd: 8, tail: 5, drift: 0 }, unpaid: 0.01, dispute: 0.01, disputeLeftOpen: 0.5, partial: 0.05, score: [30, 90] },
  { name: "key_account", share: 0.02, activity: "active", volume: 30, amount: { min: 150_000, alpha: 1.25, cap: 250_000_000 }, late: { mean: 6, sd: 10, tail: 8, drift: 0 }, unpaid: 0.005, dispute: 0.03, disputeLeftOpen: 0.4, partial: 0.12, score: [60, 100] },
];

/** A new customer (created in the last NEW_WITHIN_DAYS days) has this many documents at most. */
const NEW_CUSTOMER_DOCS = 6;
const NEW_WITHIN_DAYS = 90;

const CURRENCIES = [
  { code: "EUR", weight: 0.86 },
  { code: "GBP", weight: 0.08 },
  { code: "USD", weight: 0.06 },
] as const;
const TERMS_DAYS = [14, 30, 30, 30, 30, 45, 60, 60] as const;
const LANGUAGES = [
  { language: "fr", countries: ["BE", "FR", "LU"] },
  { language: "nl", countries: ["BE", "NL"] },
  { language: "de", countries: ["DE", "AT", "BE"] },
  { language: "en", countries: ["GB", "IE", "US"] },
] as const;
const OWNERS = ["Sophie Martin", "Jan Peeters", "Claire Dubois", "Pieter De Smet", "Anna Müller", "Tom Baker", "Lucie Lambert", ""] as const;
const NAME_PARTS = {
  first: ["Atelier", "Brasserie", "Garage", "Studio", "Transports", "Boulangerie", "Bouwbedrijf", "Drukkerij", "Metallbau", "Elektro", "Northfield", "Clear", "Société", "Groupe", "Maison"],
  middle: ["Dubois", "Janssens", "Lefèvre", "Peeters", "Schmidt", "Martin", "Van Damme", "Wouters", "Becker", "Smith", "Mertens", "Lambert", "Hoffmann", "Müller", "Claes", "Noël"],
  last: ["SA", "SPRL", "SRL", "BV", "NV", "GmbH", "Ltd", "SARL", "SAS", "& Fils", "& Co", "Services", "Logistics", "Solutions"],
} as const;

// ---------------------------------------------------------------------------------------
// Random numbers.

export type Rng = () => number;

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG; returns [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An independent stream for one part of the output (customer i, …). */
function subSeed(seed: number, stream: number, index: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

const between = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const chance = (rng: Rng, p: number) => rng() < p;
const exponential = (rng: Rng) => -Math.log(1 - rng());
const normal = (rng: Rng) => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
const pareto = (rng: Rng, min: number, alpha: number) => min / Math.pow(1 - rng(), 1 / alpha);

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function weighted<T extends { weight: number }>(rng: Rng, items: readonly T[]): T {
  let r = rng() * items.reduce((s, i) => s + i.weight, 0);
  for (const item of items) if ((r -= item.weight) < 0) return item;
  return items[items.length - 1] as T;
}

// ---------------------------------------------------------------------------------------
// Customers.

interface CustomerPlan {
  index: number;
  id: string;
  profile: Profile;
  created: Day;
  termsDays: number;
  currency: string;
  /** A second currency some of its documents use, or null. */
  otherCurrency: string | null;
  /** Relative share of the documents pool. */
  volume: number;
  documents: number;
  row: string;
}

const WEIGHTED_PROFILES = PROFILES.map((profile) => ({ profile, weight: profile.share }));

/** Days before as-of a customer was created: new ones within NEW_WITHIN_DAYS, dormant ones before the history starts. */
const CREATED_DAYS_AGO: Record<Activity, [number, number]> = {
  new: [0, NEW_WITHIN_DAYS - 1],
  active: [180, HISTORY_DAYS + 2500],
  dormant: [HISTORY_DAYS, HISTORY_DAYS + 2500],
};

function planCustomer(index: number, seed: number, asOf: Day): CustomerPlan {
  const rng = mulberry32(subSeed(seed, 0, index));
  const profile = weighted(rng, WEIGHTED_PROFILES).profile;
  const id = `C${String(index + 1).padStart(6, "0")}`;
  const [newest, oldest] = CREATED_DAYS_AGO[profile.activity];
  const created = asOf - between(rng, newest, oldest);
  const termsDays = pick(rng, TERMS_DAYS);
  const currency = weighted(rng, CURRENCIES).code;
  const otherCurrency = chance(rng, MIXED_CURRENCY_CUSTOMERS) ? pick(rng, CURRENCIES.filter((c) => c.code !== currency)).code : null;
  const volume = profile.volume * Math.min(pareto(rng, 1, 1.8), 25);
  const place = pick(rng, LANGUAGES);
  const name = `${pick(rng, NAME_PARTS.first)} ${pick(rng, NAME_PARTS.middle)} ${pick(rng, NAME_PARTS.last)}`;
  const limit = chance(rng, 0.8) ? formatCents(Math.round((profile.amount.min * between(rng, 10, 60) * (profile.name === "key_account" ? 10 : 1)) / 100_000) * 100_000) : "";
  const score = chance(rng, 0.85) ? String(between(rng, profile.score[0], profile.score[1])) : "";
  const row = [id, name, place.language, pick(rng, place.countries), pick(rng, OWNERS), limit, score, String(termsDays), isoDay(created)].join(",");
  return { index, id, profile, created, termsDays, currency, otherCurrency, volume, documents: 0, row };
}

/**
 * Shares `total` documents out: each new customer gets 1–NEW_CUSTOMER_DOCS, every other one at
 * least one (when there are enough), the rest in proportion to its volume (cumulative
 * rounding, so the counts add up exactly).
 */
function allocateDocuments(plans: CustomerPlan[], total: number, seed: number): void {
  const rng = mulberry32(subSeed(seed, 1, 0));
  let left = total;
  for (const p of plans) {
    if (p.profile.activity !== "new") continue;
    p.documents = Math.min(left, between(rng, 1, NEW_CUSTOMER_DOCS));
    left -= p.documents;
  }
  const others = plans.filter((p) => p.profile.activity !== "new");
  const floor = left >= others.length ? 1 : 0;
  const pool = left - floor * others.length;
  const weight = others.reduce((s, p) => s + p.volume, 0);
  let cumulative = 0;
  let given = 0;
  for (const p of others) {
    cumulative += p.volume;
    const upTo = weight > 0 ? Math.round((cumulative / weight) * pool) : 0;
    p.documents = floor + upTo - given;
    given = upTo;
  }
  // nothing but new customers: give them what is left
  if (others.length === 0 && left > 0 && plans[0]) plans[0].documents += left;
}

// ---------------------------------------------------------------------------------------
// Documents and payments.

interface Clock {
  asOf: Day;
  exportDay: Day;
}

interface PaymentRow {
  day: Day;
  cents: number;
}

interface DocumentPlan {
  number: string;
  creditNote: boolean;
  issue: Day;
  due: Day;
  cents: number;
  currency: string;
  disputed: boolean;
  /** Open on the export day. */
  open: number;
  paidDate: Day | null;
  payments: PaymentRow[];
}

/** The days a customer's documents are issued on, ascending. */
function issueDays(rng: Rng, c: CustomerPlan, clock: Clock): Day[] {
  const { asOf } = clock;
  const [from, to] =
    c.profile.activity === "new" ? [c.created, asOf]
    : c.profile.activity === "dormant" ? [asOf - HISTORY_DAYS, asOf - 366 - between(rng, 0, 240)]
    : [Math.max(c.created, asOf - HISTORY_DAYS), asOf];
  const days: Day[] = [];
  for (let i = 0; i < c.documents; i++) days.push(between(rng, from, to));
  return days.sort((a, b) => a - b);
}

function daysLate(rng: Rng, p: Profile, progress: number): number {
  const { mean, sd, tail, drift } = p.late;
  return Math.round(mean + sd * normal(rng) + tail * exponential(rng) + drift * progress * progress);
}

function invoiceCents(rng: Rng, p: Profile): number {
  return Math.max(500, Math.min(Math.round(pareto(rng, p.amount.min, p.amount.alpha)), p.amount.cap));
}

/** A partial payment: 1–2 rows in [from, to], summing to `paid`. */
function partialRows(rng: Rng, paid: number, from: Day, to: Day): PaymentRow[] {
  if (paid <= 0 || to < from) return [];
  if (paid < 2 || chance(rng, 0.5)) return [{ day: between(rng, from, to), cents: paid }];
  const first = between(rng, 1, paid - 1);
  const d1 = between(rng, from, to);
  return [{ day: d1, cents: first }, { day: between(rng, d1, to), cents: paid - first }];
}

function planInvoice(rng: Rng, c: CustomerPlan, issue: Day, progress: number, clock: Clock): Omit<DocumentPlan, "number" | "currency"> {
  const p = c.profile;
  const due = issue + c.termsDays;
  const cents = invoiceCents(rng, p);
  const disputed = chance(rng, p.dispute);
  const settle = Math.max(issue, due + daysLate(rng, p, progress));
  const leftOpen = chance(rng, p.unpaid) || (disputed && chance(rng, p.disputeLeftOpen)) || settle > clock.exportDay;
  const base = { creditNote: false, issue, due, cents, disputed };
  if (leftOpen) {
    const paid = chance(rng, p.partial) ? between(rng, 1, cents - 1) : 0;
    return { ...base, open: cents - paid, paidDate: null, payments: partialRows(rng, paid, issue, clock.exportDay) };
  }
  if (settle > issue && chance(rng, p.partial)) {
    const first = between(rng, 1, cents - 1);
    return { ...base, open: 0, paidDate: settle, payments: [{ day: between(rng, issue, settle - 1), cents: first }, { day: settle, cents: cents - first }] };
  }
  return { ...base, open: 0, paidDate: settle, payments: [{ day: settle, cents }] };
}

function planCreditNote(rng: Rng, c: CustomerPlan, issue: Day, clock: Clock): Omit<DocumentPlan, "number" | "currency"> {
  const cents = -Math.max(100, Math.round(pareto(rng, c.profile.amount.min / 3, 2)));
  const base = { creditNote: true, issue, due: issue, cents, disputed: false };
  const allocated = issue + between(rng, 0, 20);
  if (chance(rng, CREDIT_NOTE_ALLOCATED) && allocated <= clock.exportDay) {
    return { ...base, open: 0, paidDate: allocated, payments: [{ day: allocated, cents }] };
  }
  return { ...base, open: cents, paidDate: null, payments: [] };
}

function planDocuments(c: CustomerPlan, seed: number, clock: Clock, numbers: { next: number }): DocumentPlan[] {
  const rng = mulberry32(subSeed(seed, 2, c.index));
  const days = issueDays(rng, c, clock);
  const first = days[0] ?? 0;
  const span = Math.max(1, (days[days.length - 1] ?? 0) - first);
  return days.map((issue) => {
    const creditNote = chance(rng, CREDIT_NOTE_SHARE);
    const doc = creditNote ? planCreditNote(rng, c, issue, clock) : planInvoice(rng, c, issue, (issue - first) / span, clock);
    const currency = c.otherCurrency !== null && chance(rng, 0.2) ? c.otherCurrency : c.currency;
    const number = `${creditNote ? "CN" : "INV"}-${String(numbers.next++).padStart(8, "0")}`;
    return { ...doc, number, currency };
  });
}

// ---------------------------------------------------------------------------------------
// Formatting and streaming.

const dayCache = new Map<Day, string>();
function isoDay(day: Day): string {
  let text = dayCache.get(day);
  if (text === undefined) {
    text = formatDay(day);
    dayCache.set(day, text);
  }
  return text;
}

/** Integer cents → `1234.56` / `-12.05`. */
export function formatCents(cents: number): string {
  const abs = Math.abs(cents);
  const fraction = abs % 100;
  return `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)}.${fraction < 10 ? "0" : ""}${fraction}`;
}

function invoiceLine(c: CustomerPlan, d: DocumentPlan): string {
  return `${c.id},${d.number},${d.creditNote ? "Credit Note" : "Invoice"},${isoDay(d.issue)},${isoDay(d.due)},${formatCents(d.cents)},${formatCents(d.open)},${d.paidDate === null ? "" : isoDay(d.paidDate)},${d.disputed ? "Yes" : "No"},${d.currency}\n`;
}

function paymentLine(c: CustomerPlan, d: DocumentPlan, p: PaymentRow): string {
  return `${c.id},${d.number},${isoDay(p.day)},${formatCents(p.cents)},${d.currency}\n`;
}

/** A CSV file written through a write stream in large chunks, honouring back-pressure. */
class CsvWriter {
  private parts: string[] = [];
  private pending = 0;
  bytes = 0;
  rows = 0;
  private readonly stream: WriteStream;

  constructor(readonly path: string, header: string) {
    this.stream = createWriteStream(path);
    this.parts.push(`${header}\n`);
    this.pending = header.length + 1;
  }

  add(line: string): void {
    this.parts.push(line);
    this.pending += line.length;
    this.rows++;
  }

  /** Writes the buffer out once it is large; call between customers. */
  async maybeFlush(): Promise<void> {
    if (this.pending >= FLUSH_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join("");
    this.parts = [];
    this.pending = 0;
    this.bytes += Buffer.byteLength(chunk);
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    await this.flush();
    const finished = once(this.stream, "finish");
    this.stream.end();
    await finished;
  }
}

// ---------------------------------------------------------------------------------------

export async function generateLedger(dir: string, options: GenerateOptions): Promise<GenerateResult> {
  const asOf = parseIsoDay(options.asOf);
  if (asOf === null) throw new Error(`generateLedger: asOf must be YYYY-MM-DD, got ${JSON.stringify(options.asOf)}`);
  if (!Number.isInteger(options.customers) || options.customers < 1) throw new Error("generateLedger: customers must be a positive integer");
  if (!Number.isInteger(options.documents) || options.documents < 0) throw new Error("generateLedger: documents must be a non-negative integer");
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const clock: Clock = { asOf, exportDay: asOf + EXPORT_LAG_DAYS };
  mkdirSync(dir, { recursive: true });

  const plans = Array.from({ length: options.customers }, (_, i) => planCustomer(i, seed, asOf));
  allocateDocuments(plans, options.documents, seed);

  const files: GeneratedFiles = { customers: join(dir, "customers.csv"), invoices: join(dir, "invoices.csv"), payments: join(dir, "payments.csv") };
  const customers = new CsvWriter(files.customers, HEADERS.customers);
  const invoices = new CsvWriter(files.invoices, HEADERS.invoices);
  const payments = new CsvWriter(files.payments, HEADERS.payments);
  const numbers = { next: 1 };
  for (const c of plans) {
    customers.add(`${c.row}\n`);
    for (const d of planDocuments(c, seed, clock, numbers)) {
      invoices.add(invoiceLine(c, d));
      for (const p of d.payments) payments.add(paymentLine(c, d, p));
    }
    await Promise.all([customers.maybeFlush(), invoices.maybeFlush(), payments.maybeFlush()]);
  }
  await Promise.all([customers.close(), invoices.close(), payments.close()]);

  const bytes = { customers: customers.bytes, invoices: invoices.bytes, payments: payments.bytes, total: customers.bytes + invoices.bytes + payments.bytes };
  return { files, bytes, customers: customers.rows, documents: invoices.rows, payments: payments.rows };
}
