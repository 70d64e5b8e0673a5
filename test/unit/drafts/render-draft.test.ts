/**
 * Drafts: every built-in template in every language for an action with two overdue
 * invoices, user templates and their fallbacks, broken templates, verbatim values, and the
 * optional parts (interest, compensation, credit, payment plan, disputed invoices).
 */
import { describe, expect, it } from "vitest";
import Mustache from "mustache";
import type { Action, InvoiceLine } from "../../../src/actions/types.js";
import { BUILT_IN_TEXTS, DEADLINE_DAYS } from "../../../src/drafts/built-in-templates.js";
import { checkTemplate, invoiceTable, renderDraft } from "../../../src/drafts/render-draft.js";
import { parseIsoDay, type Day } from "../../../src/ledger/day.js";
import type { Language } from "../../../src/ledger/types.js";
import type { Matrix, TemplateText } from "../../../src/segmentation/matrix.js";

// Hand-made actions: every field of src/actions/types.ts spelt out.

function day(iso: string): Day {
  const d = parseIsoDay(iso);
  if (d === null) throw new Error(`bad date ${iso}`);
  return d;
}

const AS_OF = day("2026-03-31");

function line(id: string, issue: string, due: string, amount: number, open: number, extra: Partial<InvoiceLine> = {}): InvoiceLine {
  return {
    invoice_id: id,
    issue_date: day(issue),
    due_date: day(due),
    due_date_estimated: false,
    amount,
    open,
    days_past_due: AS_OF - day(due),
    disputed: false,
    interest: null,
    interest_periods: [],
    compensation: null,
    ...extra,
  };
}

/** Two overdue invoices: F-1001 (1 234,56 open of 1 234,56) and F-1002 (800,00 open of 1 500,00). */
function action(template: string | null, language: Language, extra: Partial<Action> = {}): Action {
  const invoices = [
    line("F-1001", "2026-01-05", "2026-02-04", 123456, 123456),
    line("F-1002", "2026-01-20", "2026-02-19", 150000, 80000),
  ];
  const overdue = invoices.reduce((s, i) => s + i.open, 0);
  return {
    id: `C042/EUR/2`,
    customer_id: "C042",
    customer_name: "Dupont & Fils",
    currency: "EUR",
    segment: "standard",
    segment_label: "Standard",
    owner: "Camille",
    procedure: "firm",
    step: 2,
    step_day: 15,
    action: "email",
    template,
    planned_date: AS_OF,
    overdue_amount: overdue,
    invoices,
    disputed: [],
    credit_available: 0,
    interest_total: 0,
    compensation_total: 0,
    amount_due: overdue,
    payment_plan: null,
    credit_hold: false,
    priority: 50,
    reason: "test",
    language,
    country: null,
    email: "compta@dupont.example",
    phone: null,
    flag: null,
    status: "to do",
    promise_date: null,
    comment: "",
    ...extra,
  };
}

/** The same action with interest and €40 compensation on each invoice. */
function withInterest(a: Action): Action {
  const invoices = a.invoices.map((i, n) => ({
    ...i,
    interest: 1000 + n * 500,
    interest_periods: [{ from: i.due_date + 1, to: AS_OF, days: AS_OF - i.due_date, rate: 12.15, cents: 1000 + n * 500 }],
    compensation: 4000,
  }));
  const interest = invoices.reduce((s, i) => s + (i.interest ?? 0), 0);
  const compensation = invoices.reduce((s, i) => s + (i.compensation ?? 0), 0);
  return { ...a, invoices, interest_total: interest, compensation_total: compensation, amount_due: a.overdue_amount + interest + compensation - a.credit_available };
}

function matrixWith(templates: Record<string, Partial<Record<Language, TemplateText>>> = {}): Pick<Matrix, "templates"> {
  return { templates: new Map(Object.entries(templates)) };
}

const N = "\u202F";
const LANGUAGES: Language[] = ["fr", "nl", "de", "en"];
const TEMPLATES = ["pre_due", "reminder_1", "reminder_2", "formal_notice"] as const;

/** Per language: the two invoices' open amounts, the total open, and dates as written. */
const EXPECTED: Record<Language, { open1: string; open2: string; total: string; due1: string; deadline8: string; notice: string; heading: string; legal: RegExp }> = {
  fr: { open1: `1${N}234,56 €`, open2: "800,00 €", total: `2${N}034,56 €`, due1: "04/02/2026", deadline8: "08/04/2026", notice: "08/04/2026", heading: "MISE EN DEMEURE", legal: /L441-10/ },
  nl: { open1: "€ 1.234,56", open2: "€ 800,00", total: "€ 2.034,56", due1: "04-02-2026", deadline8: "08-04-2026", notice: "14-04-2026", heading: "INGEBREKESTELLING", legal: /6:119a BW/ },
  de: { open1: "1.234,56 €", open2: "800,00 €", total: "2.034,56 €", due1: "04.02.2026", deadline8: "08.04.2026", notice: "10.04.2026", heading: "LETZTE MAHNUNG", legal: /§ 288 Abs\. 2 BGB/ },
  en: { open1: "£1,234.56", open2: "£800.00", total: "£2,034.56", due1: "04/02/2026", deadline8: "08/04/2026", notice: "14/04/2026", heading: "LETTER BEFORE ACTION", legal: /Late Payment of Commercial Debts \(Interest\) Act 1998/ },
};

/** English letters in GBP (the UK Act); the others in EUR. */
function localAction(template: string, language: Language, extra: Partial<Action> = {}): Action {
  return action(template, language, { currency: language === "en" ? "GBP" : "EUR", ...extra });
}

function render(a: Action, templates: Parameters<typeof matrixWith>[0] = {}) {
  const draft = renderDraft(a, matrixWith(templates), AS_OF);
  if (!draft) throw new Error("no draft");
  return draft;
}

describe("built-in templates", () => {
  it("exist for every template and language, and parse", () => {
    for (const t of TEMPLATES) {
      for (const lang of LANGUAGES) {
        const text = BUILT_IN_TEXTS[t][lang];
        expect(checkTemplate(text.subject), `${t}/${lang} subject`).toBeNull();
        expect(checkTemplate(text.body), `${t}/${lang} body`).toBeNull();
      }
    }
  });

  for (const t of TEMPLATES) {
    for (const lang of LANGUAGES) {
      it(`${t} renders in ${lang} with the invoices, amounts, deadline and payment details`, () => {
        const a = localAction(t, lang);
        const d = render(a);
        const e = EXPECTED[lang];
        expect(d.language).toBe(lang);
        expect(d.subject).toContain("Dupont & Fils");
        expect(d.subject).not.toMatch(/\n/);
        expect(d.body).toContain("Dupont & Fils");
        expect(d.body).toContain("C042");
        expect(d.body).toContain("F-1001");
        expect(d.body).toContain("F-1002");
        expect(d.body).toContain(e.open1);
        expect(d.body).toContain(e.open2);
        expect(d.body).toContain(e.total);
        expect(d.body).toContain(e.due1);
        expect(d.body).toMatch(/IBAN ?: \[/);
        expect(d.body).not.toMatch(/\{\{|\}\}/);
        expect(d.body).not.toMatch(/&amp;|&quot;|&#/);
        if (t === "pre_due") expect(d.body).not.toContain(e.heading);
        if (t === "reminder_1" || t === "reminder_2") expect(d.body).toContain(e.deadline8);
        if (t === "formal_notice") {
          expect(d.body).toContain(e.heading);
          expect(d.body).toContain(e.notice);
          expect(d.body).toMatch(e.legal);
        }
      });
    }
  }

  it("words each formal notice as one: earlier reminders, court action", () => {
    expect(render(localAction("formal_notice", "fr")).body).toMatch(/précédentes relances[\s\S]*procédure judiciaire[\s\S]*injonction de payer/);
    expect(render(localAction("formal_notice", "fr")).body).toContain("article 1344 du Code civil");
    expect(render(localAction("formal_notice", "nl")).body).toMatch(/eerdere herinnering[\s\S]*in gebreke[\s\S]*gerechtelijke procedure/);
    expect(render(localAction("formal_notice", "de")).body).toMatch(/Zahlungserinnerung und unserer Mahnung[\s\S]*Mahnbescheid/);
    expect(render(localAction("formal_notice", "en")).body).toMatch(/previous reminders[\s\S]*court proceedings[\s\S]*Pre-Action Conduct/);
  });

  it("cites the €40 and the law in the second reminder", () => {
    expect(render(localAction("reminder_2", "fr")).body).toMatch(/40 € par facture \(articles L441-10 et D441-5 du Code de commerce\)/);
    expect(render(localAction("reminder_2", "nl")).body).toContain("ten minste € 40");
    expect(render(localAction("reminder_2", "de")).body).toContain("§ 288 Abs. 5 BGB");
    expect(render(localAction("reminder_2", "en")).body).toContain("£40, £70 or £100");
  });

  it("tells the reader to ignore a reminder already paid", () => {
    expect(render(localAction("reminder_1", "fr")).body).toContain("ne pas tenir compte");
    expect(render(localAction("reminder_1", "nl")).body).toContain("als niet verzonden beschouwen");
    expect(render(localAction("reminder_1", "de")).body).toContain("gegenstandslos");
    expect(render(localAction("reminder_1", "en")).body).toContain("If you have already paid, please disregard");
  });

  it("cites the Belgian law of 2 August 2002 for a Belgian customer writing in nl or fr", () => {
    const nl = render({ ...localAction("reminder_2", "nl"), country: "BE" }).body;
    expect(nl).toContain("wet van 2 augustus 2002");
    expect(nl).not.toContain("6:119a");
    const fr = render({ ...localAction("formal_notice", "fr"), country: "Belgique" }).body;
    expect(fr).toContain("loi du 2 août 2002");
    expect(fr).not.toContain("L441-10");
    expect(fr).not.toContain("1344");
    expect(fr).toContain("MISE EN DEMEURE");
  });

  it("cites the EU directive in an English letter on a euro debt, the UK Act on a pound debt", () => {
    expect(render(action("reminder_2", "en")).body).toContain("Directive 2011/7/EU");
    expect(render(action("reminder_2", "en")).body).not.toContain("Pre-Action");
    expect(render(action("reminder_2", "en", { currency: "GBP" })).body).toContain("Late Payment of Commercial Debts (Interest) Act 1998");
  });

  it("has one deadline table, pre-due notices due on the invoices' date", () => {
    expect(DEADLINE_DAYS.reminder_1).toEqual({ fr: 8, nl: 8, de: 8, en: 8 });
    expect(DEADLINE_DAYS.formal_notice).toEqual({ fr: 8, nl: 14, de: 10, en: 14 });
    const a = localAction("pre_due", "de", { invoices: [line("F-2001", "2026-03-01", "2026-04-04", 10000, 10000)], overdue_amount: 0, amount_due: 10000 });
    expect(render(a).body).toContain("bis spätestens 04.04.2026");
  });

  it("counts the deadline from the action's planned date when it is later than the as-of date", () => {
    const d = render(localAction("reminder_1", "fr", { planned_date: day("2026-04-10") }));
    expect(d.body).toContain("Le 10/04/2026");
    expect(d.body).toContain("au plus tard le 18/04/2026");
  });
});

describe("optional parts", () => {
  it("shows interest and compensation lines only when the action has them", () => {
    const plain = render(localAction("formal_notice", "fr")).body;
    expect(plain).not.toContain("Intérêts de retard au taux");
    expect(plain).not.toContain("Indemnité forfaitaire pour frais de recouvrement (");
    const full = render(withInterest(localAction("formal_notice", "fr"))).body;
    expect(full).toContain(`Intérêts de retard au taux annuel de 12,15${N}% (article L441-10 du Code de commerce) : 25,00 €`);
    expect(full).toContain("Indemnité forfaitaire pour frais de recouvrement (articles L441-10 et D441-5 du Code de commerce) : 80,00 €");
    expect(full).toContain(`Montant à régler : 2${N}139,56 €`);
    const de = render(withInterest(localAction("reminder_2", "de"))).body;
    expect(de).toContain("Verzugszinsen (12,15 % p. a.) gemäß § 288 Abs. 2 BGB: 25,00 €");
    expect(de).toContain("Verzugspauschale gemäß § 288 Abs. 5 BGB: 80,00 €");
    expect(render(localAction("reminder_2", "de")).body).not.toContain("Verzugspauschale gemäß");
  });

  it("shows the payment plan only when the action has one", () => {
    expect(render(localAction("reminder_1", "nl")).body).not.toContain("betalingsregeling");
    const plan = [{ date: day("2026-04-15"), amount: 100000 }, { date: day("2026-05-15"), amount: 103456 }];
    const body = render(localAction("reminder_1", "nl", { payment_plan: plan })).body;
    expect(body).toContain("betalingsregeling");
    expect(body).toContain("- 15-04-2026: € 1.000,00");
    expect(body).toContain("- 15-05-2026: € 1.034,56");
  });

  it("deducts the credit available", () => {
    const a = localAction("reminder_1", "en", { credit_available: 5000, amount_due: 198456 });
    const body = render(a).body;
    expect(body).toContain("Less credit notes and unallocated payments: -£50.00");
    expect(body).toContain("Amount due: £1,984.56");
    expect(render(localAction("reminder_1", "en")).body).not.toContain("Less credit notes");
  });

  it("lists disputed invoices as not included", () => {
    const disputed = [line("F-0999", "2025-12-01", "2025-12-31", 30000, 30000, { disputed: true })];
    const fr = render(localAction("reminder_1", "fr", { disputed })).body;
    expect(fr).toMatch(/ne sont pas incluses dans ce courrier :\n- F-0999 du 01\/12\/2025, échéance 31\/12\/2025 : 300,00 €/);
    expect(fr.split("F-0999").length - 1).toBe(1);
    expect(render(localAction("reminder_1", "en", { disputed })).body).toContain("The following disputed invoices are not included in this letter:\n- F-0999");
    expect(render(localAction("reminder_1", "fr")).body).not.toContain("contestation");
  });

  it("fills the creditor's details, placeholders otherwise", () => {
    const a = localAction("reminder_1", "fr");
    const d = renderDraft(a, matrixWith(), AS_OF, { name: "ACME SAS", iban: "FR76 3000 6000 0112 3456 7890 189", bic: "AGRIFRPP", email: null })!;
    expect(d.body).toContain("IBAN : FR76 3000 6000 0112 3456 7890 189");
    expect(d.body).toContain("BIC : AGRIFRPP");
    expect(d.body).toContain("joindre à [à compléter]");
    expect(render(a).body).toContain("IBAN : [à compléter]");
  });
});

describe("renderDraft", () => {
  it("returns null for an action without a template", () => {
    expect(renderDraft(action(null, "fr", { action: "call" }), matrixWith(), AS_OF)).toBeNull();
  });

  it("fills the draft's identity, channel and recipient", () => {
    const d = render(action("reminder_1", "fr"));
    expect(d).toMatchObject({ action_id: "C042/EUR/2", customer_id: "C042", customer_name: "Dupont & Fils", language: "fr", channel: "email", recipient: "compta@dupont.example" });
    expect(render(action("formal_notice", "fr", { action: "registered_letter" }))).toMatchObject({ channel: "registered_letter", recipient: "Dupont & Fils" });
    expect(render(action("reminder_1", "fr", { email: null })).recipient).toBe("Dupont & Fils");
  });

  it("uses the user's template over the built-in one", () => {
    const d = render(action("reminder_1", "fr"), {
      reminder_1: { fr: { subject: "Rappel de paiement – {{customer.name}}", body: "Madame, Monsieur,\nSauf erreur de notre part :\n{{invoices}}\nTotal échu : {{overdue_total}}\n{{#invoice_list}}\n* {{number}} {{open}} {{days_late}}\n{{/invoice_list}}" } },
    });
    expect(d.subject).toBe("Rappel de paiement – Dupont & Fils");
    expect(d.body).toContain(`Total échu : 2${N}034,56 €`);
    expect(d.body).toContain(`* F-1001 1${N}234,56 € 55`);
    expect(d.body).not.toContain("Compte client");
  });

  it("falls back to the built-in text of the language the user did not write", () => {
    const d = render(action("reminder_1", "de"), { reminder_1: { fr: { subject: "x", body: "Mon texte" } } });
    expect(d.body).not.toContain("Mon texte");
    expect(d.subject).toContain("Zahlungserinnerung");
  });

  it("takes the built-in subject when a user template has none", () => {
    const d = render(action("reminder_1", "en"), { reminder_1: { en: { subject: null, body: "Hello {{customer.name}}" } } });
    expect(d.subject).toBe("Payment reminder – Dupont & Fils (C042)");
    expect(d.body).toBe("Hello Dupont & Fils\n");
  });

  it("renders a user's own template, in another language when it lacks the customer's", () => {
    const d = render(action("thanks", "nl"), { thanks: { en: { subject: "Thanks", body: "Thank you {{customer.name}}, due {{amount_due}} by {{deadline}}" } } });
    expect(d.body).toBe("Thank you Dupont & Fils, due € 2.034,56 by 08-04-2026\n");
  });

  it("renders an unknown variable empty", () => {
    expect(render(action("reminder_1", "en"), { reminder_1: { en: { subject: "s", body: "A{{nope}}B{{customer.nope}}C{{constructor}}D{{invoice_list.0.nope}}E{{#nope}}x{{/nope}}F" } } }).body).toBe("ABCDEF\n");
  });

  it("turns a broken user template into a readable draft, not an exception", () => {
    const a = action("reminder_1", "fr");
    const templates = { reminder_1: { fr: { subject: "ok", body: "Bonjour\n{{#invoice_list}}\n{{number}}\n" } } };
    expect(() => renderDraft(a, matrixWith(templates), AS_OF)).not.toThrow();
    const d = render(a, templates);
    expect(d.subject).toContain("template error");
    expect(d.body).toContain('template "reminder_1" (fr, matrix)');
    expect(d.body).toContain('Unclosed section "invoice_list"');
    expect(d.body).toMatch(/line \d+, column \d+/);
    const subject = render(a, { reminder_1: { fr: { subject: "{{customer.name", body: "x" } } });
    expect(subject.body).toContain("The subject of template");
  });

  it("inserts values from the data verbatim, without HTML escaping or re-interpretation", () => {
    const name = `=HYPERLINK("http://x")`;
    const d = render(action("reminder_1", "fr", { customer_name: name }));
    expect(d.subject).toContain(name);
    expect(d.body).toContain(name);
    const tricky = `O'Brien <&> "Ltd" {{customer.id}} Ærø`;
    const e = render(action("reminder_1", "en", { customer_name: tricky }));
    expect(e.body).toContain(tricky);
    expect(e.subject).toContain(tricky);
  });

  it("leaves Mustache's global escape alone", () => {
    const before = Mustache.escape;
    render(action("reminder_1", "fr"));
    expect(Mustache.escape).toBe(before);
    expect(Mustache.render("{{x}}", { x: "<b>" })).toBe("&lt;b&gt;");
  });
});

describe("checkTemplate", () => {
  it("is null for a valid template and names the error otherwise", () => {
    expect(checkTemplate("Hello {{customer.name}} {{#has_interest}}x{{/has_interest}}")).toBeNull();
    expect(checkTemplate("Hello {{customer.name")).toMatch(/Unclosed tag at line 1, column \d+/);
    expect(checkTemplate("a\n{{/x}}")).toMatch(/Unopened section "x" at line 2, column 1/);
    expect(checkTemplate("{{#a}}{{/b}}")).toMatch(/Unclosed section "a"/);
  });
});

describe("invoiceTable", () => {
  it("aligns columns, right-aligns amounts, and ends with a total line", () => {
    const lines = invoiceTable(action("reminder_1", "fr").invoices, "EUR", "fr").split("\n");
    expect(lines[0]).toMatch(/^Facture +Date facture +Échéance +Montant +Restant dû +Jours de retard$/);
    expect(lines).toHaveLength(6);
    expect(lines[5]).toMatch(/^Total +2\u202F734,56 € +2\u202F034,56 €$/);
    const width = (s: string) => [...s].length;
    // amounts end at the same column on every row
    const openEnd = (s: string, text: string) => width(s.slice(0, s.indexOf(text))) + width(text);
    expect(openEnd(lines[2]!, `1${N}234,56 €  1${N}234,56 €`)).toBe(openEnd(lines[3]!, `1${N}500,00 €    800,00 €`));
    expect(lines[2]).toMatch(/ 55$/);
    for (const l of lines) expect(l).toBe(l.trimEnd());
  });

  it("leaves out the days-late column when nothing is late", () => {
    const table = invoiceTable([line("F-1", "2026-03-01", "2026-04-10", 1000, 1000)], "EUR", "en");
    expect(table).not.toContain("Days late");
    expect(table.split("\n")[0]).toMatch(/^Invoice +Invoice date +Due date +Amount +Outstanding$/);
  });
});
