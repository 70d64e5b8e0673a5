/**
 * The reminder draft of an action: its template (the user's, else the built-in) rendered
 * with mustache in the customer's language, as plain text.
 *
 * Mustache (v4) interprets templates; it never generates or evaluates code, and a template
 * can only read the variables below. HTML escaping is switched off for each render through
 * the `escape` render option (the global `Mustache.escape` is left untouched), so values
 * from the input (`=HYPERLINK("x")`, quotes, accents) appear verbatim; delimiters are passed
 * explicitly so a change of the global `Mustache.tags` elsewhere cannot affect a draft.
 *
 * Variables (all amounts and dates already formatted for the language):
 *   customer.{id, name, email, phone, country}, owner, currency, date (the letter's date:
 *   the later of the as-of date and the action's planned date), as_of,
 *   invoices (the aligned invoice table), invoice_list[] {number, issue_date, due_date,
 *   amount, open, days_late, interest, compensation}, disputed_list[] (same fields),
 *   disputed_table, overdue_total, open_total, interest_total, compensation_total,
 *   credit_available, credit_deducted (negative), amount_due, interest_rates,
 *   deadline, deadline_days, payment_plan[] {date, amount}, payment_reference,
 *   has_interest, has_compensation, has_credit, has_disputed, has_payment_plan,
 *   creditor.{name, iban, bic, email, phone} (placeholder when unknown),
 *   law.{fr, be, nl, de, gb, eu} (whose law applies), legal.{interest, compensation, fee}.
 */
import Mustache from "mustache";
import { countryOf } from "../actions/interest-rates.js";
import type { Action, Draft, InvoiceLine } from "../actions/types.js";
import type { Day } from "../ledger/day.js";
import type { Cents } from "../ledger/money.js";
import type { Language } from "../ledger/types.js";
import type { Matrix, TemplateText } from "../segmentation/matrix.js";
import { builtInText, deadlineDays, DEFAULT_DEADLINE_DAYS, LANGUAGE_LAW, LEGAL_BASIS, PLACEHOLDER, TABLE_LABELS, type LawCountry } from "./built-in-templates.js";
import { currencySymbol, formatDate, formatMoney, formatPercent } from "./format.js";
import { minOf } from "../util/extremes.js";

export interface Creditor {
  name: string;
  iban: string | null;
  bic: string | null;
  email: string | null;
  phone: string | null;
}

const TAGS: [string, string] = ["{{", "}}"];
const RENDER_OPTIONS: Mustache.RenderOptions = { escape: (value: unknown) => String(value), tags: TAGS };

/** The syntax error of a mustache template ("Unclosed section "x" at line 3, column 1"), or null when it parses. */
export function checkTemplate(text: string): string | null {
  try {
    Mustache.parse(text, TAGS);
    return null;
  } catch (error) {
    return describeError(error, text);
  }
}

/** Mustache's message with its character offset (" at 123") turned into a line and column. */
function describeError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const m = / at (\d+)$/.exec(message);
  if (!m) return message;
  const offset = Math.min(Number(m[1]), text.length);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  return `${message.slice(0, m.index)} at line ${line}, column ${column}`;
}

/**
 * The draft of an action that sends text (its template not null), in the customer's
 * language; null for actions without a template. User templates (matrix.templates) override
 * the built-ins per language; a user template missing the language falls back to the
 * built-in of that language. A template that fails to parse gives a draft saying so.
 */
export function renderDraft(action: Action, matrix: Pick<Matrix, "templates">, asOf: Day, creditor?: Partial<Creditor>): Draft | null {
  if (action.template === null) return null;
  const language = action.language;
  const name = action.template;
  const channel = action.action;
  // the texts are filled in below: one object per draft, not a spread copy with keys added (V8
  // gives each such copy a hidden class of its own, about 200 bytes a draft)
  const draft: Draft = {
    action_id: action.id,
    customer_id: action.customer_id,
    customer_name: action.customer_name,
    language,
    channel,
    recipient: channel === "email" && action.email ? action.email : action.customer_name,
    subject: "",
    body: "",
  };
  const chosen = chooseTemplate(name, language, matrix);
  if (!chosen) {
    return withText(draft, `[template error] ${name}`, `Template "${name}" has no text in "${language}" and no built-in text exists: add templates.${name}.${language} to the matrix.\n`);
  }
  const { text, source } = chosen;
  const subjectText = text.subject ?? builtInText(name, language)?.subject ?? "";
  for (const [part, template] of [["subject", subjectText], ["body", text.body]] as const) {
    const problem = checkTemplate(template);
    if (problem !== null) return failure(draft, name, language, source, part, problem);
  }
  try {
    const view = templateView(action, asOf, creditor);
    const subject = Mustache.render(subjectText, view, {}, RENDER_OPTIONS).replace(/\s*[\r\n]+\s*/g, " ").trim();
    const body = tidy(Mustache.render(text.body, view, {}, RENDER_OPTIONS));
    return withText(draft, subject, body);
  } catch (error) {
    return failure(draft, name, language, source, "body", describeError(error, text.body));
  }
}

function failure(draft: Draft, name: string, language: Language, source: string, part: string, problem: string): Draft {
  return withText(
    draft,
    `[template error] ${name}`,
    `The ${part} of template "${name}" (${language}, ${source}) could not be rendered: ${problem}.\nFix templates.${name}.${language} in the matrix (relance validate checks it) and run again; no text was drafted for action ${draft.action_id}.\n`,
  );
}

/** The draft (made for this call) with its texts. */
function withText(draft: Draft, subject: string, body: string): Draft {
  draft.subject = subject;
  draft.body = body;
  return draft;
}

/** The user's text for the language, else the built-in one, else the user's text in another language. */
function chooseTemplate(name: string, language: Language, matrix: Pick<Matrix, "templates">): { text: TemplateText; source: string } | null {
  const user = matrix.templates.get(name);
  const own = user?.[language];
  if (own) return { text: own, source: "matrix" };
  const builtIn = builtInText(name, language);
  if (builtIn) return { text: builtIn, source: "built-in" };
  for (const other of ["en", "fr", "nl", "de"] as const) {
    const text = user?.[other];
    if (text) return { text, source: `matrix, ${other}` };
  }
  return null;
}

/** Trailing spaces removed, runs of blank lines reduced to one, one final newline. */
function tidy(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n").map((l) => l.trimEnd());
  const out: string[] = [];
  for (const line of lines) {
    if (line === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return `${out.join("\n")}\n`;
}

/**
 * The law whose mentions the letter carries (the planner computes interest at the rate of the
 * customer's country, so the letter cites the same law): the customer's country when the
 * action carries one of FR, BE, NL, DE, GB; else a GBP debt: the UK Act; else an English
 * letter on a non-GBP debt: the EU directive (the UK Act's £ scale would not fit); else the
 * language's country (fr → FR, nl → NL, de → DE).
 */
function lawOf(action: Action): LawCountry {
  const country = customerCountry(action);
  if (country) return country;
  const currency = currencySymbol(action.currency);
  if (currency === "£") return "GB";
  if (action.language === "en") return "EU";
  return LANGUAGE_LAW[action.language];
}

/** The customer's country when its export gives one this tool knows the law of, else null. */
function customerCountry(action: Action): LawCountry | null {
  return action.country === null ? null : countryOf(action.country);
}

/** Everything a template can read; plain data in null-prototype objects (no inherited names). */
export function templateView(action: Action, asOf: Day, creditor?: Partial<Creditor>): Record<string, unknown> {
  const language = action.language;
  const money = (cents: Cents): string => formatMoney(cents, action.currency, language);
  const date = (day: Day): string => formatDate(day, language);
  const letterDay = Math.max(asOf, action.planned_date);
  const days = action.template === null ? DEFAULT_DEADLINE_DAYS : deadlineDays(action.template, language);
  const deadlineDay = days !== null ? letterDay + days : dueDeadline(action.invoices, letterDay);
  const law = lawOf(action);
  const placeholder = PLACEHOLDER[language];
  const detail = (value: string | null | undefined): string => (value && value.trim() !== "" ? value : placeholder);
  const line = (i: InvoiceLine) => bare({
    number: i.invoice_id,
    issue_date: date(i.issue_date),
    due_date: date(i.due_date),
    amount: money(i.amount),
    open: money(i.open),
    days_late: i.days_past_due > 0 ? String(i.days_past_due) : "",
    interest: i.interest !== null && i.interest !== 0 ? money(i.interest) : "",
    compensation: i.compensation !== null && i.compensation !== 0 ? money(i.compensation) : "",
  });
  const rates = [...new Set(action.invoices.flatMap((i) => (i.interest !== null && i.interest !== 0 ? i.interest_periods.map((p) => p.rate) : [])))];
  const plan = action.payment_plan ?? [];
  const ids = action.invoices.map((i) => i.invoice_id);
  return bare({
    customer: bare({ id: action.customer_id, name: action.customer_name, email: action.email ?? "", phone: action.phone ?? "", country: customerCountry(action) ?? "" }),
    owner: action.owner,
    currency: action.currency,
    date: date(letterDay),
    as_of: date(asOf),
    invoices: invoiceTable(action.invoices, action.currency, language),
    invoice_list: action.invoices.map(line),
    disputed_list: action.disputed.map(line),
    disputed_table: action.disputed.length > 0 ? invoiceTable(action.disputed, action.currency, language) : "",
    overdue_total: money(action.overdue_amount),
    open_total: money(action.invoices.reduce((s, i) => s + i.open, 0)),
    interest_total: money(action.interest_total),
    compensation_total: money(action.compensation_total),
    credit_available: money(action.credit_available),
    credit_deducted: money(-action.credit_available),
    amount_due: money(action.amount_due),
    interest_rates: rates.map((r) => formatPercent(r, language)).join(" / "),
    deadline: date(deadlineDay),
    deadline_days: String(deadlineDay - letterDay),
    payment_plan: plan.map((p) => bare({ date: date(p.date), amount: money(p.amount) })),
    payment_reference: ids.length > 0 && ids.length <= 5 ? `${action.customer_id} / ${ids.join(", ")}` : action.customer_id,
    has_interest: action.interest_total > 0,
    has_compensation: action.compensation_total > 0,
    has_credit: action.credit_available > 0,
    has_disputed: action.disputed.length > 0,
    has_payment_plan: plan.length > 0,
    creditor: bare({ name: detail(creditor?.name), iban: detail(creditor?.iban), bic: detail(creditor?.bic), email: detail(creditor?.email), phone: detail(creditor?.phone) }),
    law: bare({ fr: law === "FR", be: law === "BE", nl: law === "NL", de: law === "DE", gb: law === "GB", eu: law === "EU" }),
    legal: bare({ ...LEGAL_BASIS[language][law] }),
  });
}

/** Pre-due notice: the first due date not before the letter, else the letter + the default delay. */
function dueDeadline(invoices: readonly InvoiceLine[], letterDay: Day): Day {
  const coming = invoices.map((i) => i.due_date).filter((d) => d >= letterDay);
  return coming.length > 0 ? minOf(coming, (d) => d) : letterDay + DEFAULT_DEADLINE_DAYS;
}

function bare<T extends object>(value: T): T {
  return Object.assign(Object.create(null) as T, value);
}

/** Characters a table cell cannot hold without breaking its line. */
function cell(text: string): string {
  return text.replace(/[\r\n\t\f\v]+/g, " ");
}

function width(text: string): number {
  return [...text].length;
}

/**
 * The invoices as an aligned plain-text table: number, invoice date, due date, amount, open
 * and (when any is late) days late; amounts right-aligned; a rule and a total line.
 */
export function invoiceTable(invoices: readonly InvoiceLine[], currency: string, language: Language): string {
  const labels = TABLE_LABELS[language];
  const withLate = invoices.some((i) => i.days_past_due > 0);
  const header = [labels.number, labels.issue, labels.due, labels.amount, labels.open, ...(withLate ? [labels.late] : [])];
  const right = [false, false, false, true, true, true];
  const rows = invoices.map((i) => [
    cell(i.invoice_id),
    formatDate(i.issue_date, language),
    formatDate(i.due_date, language),
    formatMoney(i.amount, currency, language),
    formatMoney(i.open, currency, language),
    ...(withLate ? [i.days_past_due > 0 ? String(i.days_past_due) : ""] : []),
  ]);
  const total = [
    labels.total, "", "",
    formatMoney(invoices.reduce((s, i) => s + i.amount, 0), currency, language),
    formatMoney(invoices.reduce((s, i) => s + i.open, 0), currency, language),
    ...(withLate ? [""] : []),
  ];
  const widths = header.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c] ?? "")), width(total[c] ?? "")));
  const format = (row: readonly string[]): string =>
    row.map((text, c) => {
      const pad = " ".repeat(Math.max(0, (widths[c] ?? 0) - width(text)));
      return right[c] ? pad + text : text + pad;
    }).join("  ").trimEnd();
  const rule = "-".repeat(widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1));
  return [format(header), rule, ...rows.map(format), rule, format(total)].join("\n");
}
