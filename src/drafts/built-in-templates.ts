/**
 * The reminder texts relance ships: `pre_due`, `reminder_1`, `reminder_2` and
 * `formal_notice` in fr, nl, de and en, as logic-less mustache templates (the variables are
 * listed in render-draft.ts). A user's `templates:` in the matrix override them, per
 * template and language.
 *
 * What each carries follows the reminder conventions of formats-and-rules.md §6:
 * creditor, customer name and account number; the invoice table (number, invoice date, due
 * date, original and open amount, days late) and its total; interest, compensation and
 * deducted credit when the action has them; the amount due and a new deadline as a date;
 * payment details (placeholders until the creditor is given); disputed invoices named as not
 * included; the payment plan when the action has one; "ignore if already paid" on the
 * courteous steps; and for `formal_notice` a letter worded as one (Mise en demeure /
 * Ingebrekestelling / Letzte Mahnung / Letter before action), citing the earlier reminders
 * and announcing court action.
 *
 * Legal wording depends on the law of the customer's country (`law.*`, `legal.*`, filled by
 * render-draft.ts from LEGAL_BASIS below): a Belgian customer writing in French or Dutch
 * gets the law of 2 August 2002, a Dutch one art. 6:119a BW, and so on.
 */
import type { Language } from "../ledger/types.js";

export type BuiltInTemplate = "pre_due" | "reminder_1" | "reminder_2" | "formal_notice";
/** Whose late-payment law the letter cites: a country's, or the EU directive when none is known (see render-draft.ts). */
export type LawCountry = "FR" | "BE" | "NL" | "DE" | "GB" | "EU";

export interface BuiltInText {
  subject: string;
  body: string;
}

/**
 * New deadline, in days after the letter's date, per template and language. `null`: the
 * deadline is the invoices' due date (pre-due notice). Sources: formats-and-rules.md §6
 * (fr mise en demeure commonly 8 days; en letter before action commonly 14 days under the
 * Practice Direction – Pre-Action Conduct; nl ingebrekestelling 14 days, the length of the
 * consumer veertiendagenbrief and a customary "redelijke termijn" in B2B); reminders 8 days
 * everywhere; de letzte Mahnung 10 days [I: customary 7–14].
 */
export const DEADLINE_DAYS: Readonly<Record<BuiltInTemplate, Readonly<Record<Language, number | null>>>> = {
  pre_due: { fr: null, nl: null, de: null, en: null },
  reminder_1: { fr: 8, nl: 8, de: 8, en: 8 },
  reminder_2: { fr: 8, nl: 8, de: 8, en: 8 },
  formal_notice: { fr: 8, nl: 14, de: 10, en: 14 },
};

/** True for the names of the four templates relance ships. */
export function isBuiltIn(template: string): template is BuiltInTemplate {
  return template === "pre_due" || template === "reminder_1" || template === "reminder_2" || template === "formal_notice";
}

/** Deadline for a user's own template (not one of the four built-ins). */
export const DEFAULT_DEADLINE_DAYS = 8;

/** Days between the letter and its deadline; null: the invoices' due date. */
export function deadlineDays(template: string, language: Language): number | null {
  return isBuiltIn(template) ? DEADLINE_DAYS[template][language] : DEFAULT_DEADLINE_DAYS;
}

/** Which country's law a language implies when neither the customer's country nor the currency tells (render-draft.ts). */
export const LANGUAGE_LAW: Readonly<Record<Language, LawCountry>> = { fr: "FR", nl: "NL", de: "DE", en: "GB" };

export interface LegalText {
  /** legal basis of late interest, to follow "under" / "en vertu de" */
  interest: string;
  /** legal basis of the fixed compensation */
  compensation: string;
  /** the fixed compensation per late invoice, as written */
  fee: string;
}

/** Legal mentions per language (of the letter) and country (whose law applies). */
export const LEGAL_BASIS: Readonly<Record<Language, Readonly<Record<LawCountry, LegalText>>>> = {
  fr: {
    FR: { interest: "article L441-10 du Code de commerce", compensation: "articles L441-10 et D441-5 du Code de commerce", fee: "40 €" },
    BE: { interest: "article 5 de la loi du 2 août 2002 concernant la lutte contre le retard de paiement dans les transactions commerciales", compensation: "article 6 de la loi du 2 août 2002", fee: "40 €" },
    NL: { interest: "article 6:119a du Code civil néerlandais (BW)", compensation: "article 6:96 du Code civil néerlandais (BW)", fee: "40 € au minimum" },
    DE: { interest: "§ 288 al. 2 du Code civil allemand (BGB)", compensation: "§ 288 al. 5 BGB", fee: "40 €" },
    GB: { interest: "Late Payment of Commercial Debts (Interest) Act 1998", compensation: "Late Payment of Commercial Debts (Interest) Act 1998, section 5A", fee: "40 £, 70 £ ou 100 £ (selon le montant)" },
    EU: { interest: "article 4 de la directive 2011/7/UE concernant la lutte contre le retard de paiement dans les transactions commerciales", compensation: "article 6 de la directive 2011/7/UE", fee: "40 €" },
  },
  nl: {
    FR: { interest: "artikel L441-10 van het Franse Wetboek van Koophandel (Code de commerce)", compensation: "artikelen L441-10 en D441-5 van de Franse Code de commerce", fee: "€ 40" },
    BE: { interest: "artikel 5 van de wet van 2 augustus 2002 betreffende de bestrijding van de betalingsachterstand bij handelstransacties", compensation: "artikel 6 van de wet van 2 augustus 2002", fee: "€ 40" },
    NL: { interest: "artikel 6:119a BW", compensation: "artikel 6:96 BW", fee: "ten minste € 40" },
    DE: { interest: "§ 288 lid 2 van het Duitse Burgerlijk Wetboek (BGB)", compensation: "§ 288 lid 5 BGB", fee: "€ 40" },
    GB: { interest: "Late Payment of Commercial Debts (Interest) Act 1998", compensation: "Late Payment of Commercial Debts (Interest) Act 1998, section 5A", fee: "£ 40, £ 70 of £ 100 (naargelang het bedrag)" },
    EU: { interest: "artikel 4 van richtlijn 2011/7/EU betreffende bestrijding van betalingsachterstand bij handelstransacties", compensation: "artikel 6 van richtlijn 2011/7/EU", fee: "€ 40" },
  },
  de: {
    FR: { interest: "Art. L441-10 des französischen Handelsgesetzbuchs (Code de commerce)", compensation: "Art. L441-10 und D441-5 Code de commerce", fee: "40 €" },
    BE: { interest: "Art. 5 des belgischen Gesetzes vom 2. August 2002 zur Bekämpfung von Zahlungsverzug im Handelsverkehr", compensation: "Art. 6 des belgischen Gesetzes vom 2. August 2002", fee: "40 €" },
    NL: { interest: "Art. 6:119a des niederländischen Bürgerlichen Gesetzbuchs (BW)", compensation: "Art. 6:96 BW", fee: "mindestens 40 €" },
    DE: { interest: "§ 288 Abs. 2 BGB", compensation: "§ 288 Abs. 5 BGB", fee: "40 €" },
    GB: { interest: "Late Payment of Commercial Debts (Interest) Act 1998", compensation: "Late Payment of Commercial Debts (Interest) Act 1998, section 5A", fee: "40 £, 70 £ oder 100 £ (je nach Betrag)" },
    EU: { interest: "Art. 4 der Richtlinie 2011/7/EU zur Bekämpfung von Zahlungsverzug im Geschäftsverkehr", compensation: "Art. 6 der Richtlinie 2011/7/EU", fee: "40 €" },
  },
  en: {
    FR: { interest: "article L441-10 of the French Commercial Code", compensation: "articles L441-10 and D441-5 of the French Commercial Code", fee: "€40" },
    BE: { interest: "article 5 of the Belgian Act of 2 August 2002 on combating late payment in commercial transactions", compensation: "article 6 of the Belgian Act of 2 August 2002", fee: "€40" },
    NL: { interest: "article 6:119a of the Dutch Civil Code (BW)", compensation: "article 6:96 of the Dutch Civil Code (BW)", fee: "at least €40" },
    DE: { interest: "section 288(2) of the German Civil Code (BGB)", compensation: "section 288(5) BGB", fee: "€40" },
    GB: { interest: "the Late Payment of Commercial Debts (Interest) Act 1998", compensation: "section 5A of the Late Payment of Commercial Debts (Interest) Act 1998", fee: "£40, £70 or £100 (depending on the amount)" },
    EU: { interest: "article 4 of Directive 2011/7/EU on combating late payment in commercial transactions", compensation: "article 6 of Directive 2011/7/EU", fee: "€40" },
  },
};

/** Headers of the plain-text invoice table, and its total line's label. */
export const TABLE_LABELS: Readonly<Record<Language, { number: string; issue: string; due: string; amount: string; open: string; late: string; total: string }>> = {
  fr: { number: "Facture", issue: "Date facture", due: "Échéance", amount: "Montant", open: "Restant dû", late: "Jours de retard", total: "Total" },
  nl: { number: "Factuur", issue: "Factuurdatum", due: "Vervaldatum", amount: "Bedrag", open: "Openstaand", late: "Dagen te laat", total: "Totaal" },
  de: { number: "Rechnung", issue: "Rechnungsdatum", due: "Fällig am", amount: "Betrag", open: "Offen", late: "Tage überfällig", total: "Summe" },
  en: { number: "Invoice", issue: "Invoice date", due: "Due date", amount: "Amount", open: "Outstanding", late: "Days late", total: "Total" },
};

/** What a missing creditor detail (IBAN, BIC, e-mail, …) prints as. */
export const PLACEHOLDER: Readonly<Record<Language, string>> = {
  fr: "[à compléter]",
  nl: "[in te vullen]",
  de: "[bitte ergänzen]",
  en: "[to be completed]",
};

// ---------------------------------------------------------------------------------------
// Shared fragments, per language. Section tags stand on their own lines so that mustache
// drops those lines; a blank line opening a section appears only with the section.

interface Fragments {
  head: string;
  summary: string;
  payment: string;
  plan: string;
  disputed: string;
  contact: string;
  closing: string;
  legal: string;
}

const FR: Fragments = {
  head: `{{creditor.name}}

{{customer.name}}
Compte client : {{customer.id}}

Le {{date}}
`,
  summary: `Total des factures : {{open_total}}
{{#has_interest}}
Intérêts de retard{{#interest_rates}} au taux annuel de {{interest_rates}}{{/interest_rates}} ({{legal.interest}}) : {{interest_total}}
{{/has_interest}}
{{#has_compensation}}
Indemnité forfaitaire pour frais de recouvrement ({{legal.compensation}}) : {{compensation_total}}
{{/has_compensation}}
{{#has_credit}}
Avoirs et règlements non imputés déduits : {{credit_deducted}}
{{/has_credit}}
Montant à régler : {{amount_due}}
`,
  payment: `Règlement par virement :
Bénéficiaire : {{creditor.name}}
IBAN : {{creditor.iban}}
BIC : {{creditor.bic}}
Référence à indiquer : {{payment_reference}}
`,
  plan: `{{#has_payment_plan}}

Si un règlement en une seule fois vous pose difficulté, nous pouvons vous accorder l'échéancier suivant :
{{#payment_plan}}
- le {{date}} : {{amount}}
{{/payment_plan}}
Merci de nous confirmer votre accord avant le {{deadline}}.
{{/has_payment_plan}}
`,
  disputed: `{{#has_disputed}}

Les factures suivantes, qui font l'objet d'une contestation, ne sont pas incluses dans ce courrier :
{{#disputed_list}}
- {{number}} du {{issue_date}}, échéance {{due_date}} : {{open}}
{{/disputed_list}}
{{/has_disputed}}
`,
  contact: `Pour toute question, vous pouvez nous joindre à {{creditor.email}} ou au {{creditor.phone}}.
`,
  closing: `Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.

{{creditor.name}}
Service comptabilité clients
`,
  legal: `Nous vous rappelons que tout retard de paiement rend exigibles de plein droit des pénalités de retard ({{legal.interest}}) et une indemnité forfaitaire pour frais de recouvrement de {{legal.fee}} par facture ({{legal.compensation}}).
`,
};

const NL: Fragments = {
  head: `{{creditor.name}}

{{customer.name}}
Klantnummer: {{customer.id}}

Datum: {{date}}
`,
  summary: `Totaal facturen: {{open_total}}
{{#has_interest}}
Wettelijke handelsrente{{#interest_rates}} tegen {{interest_rates}} per jaar{{/interest_rates}} ({{legal.interest}}): {{interest_total}}
{{/has_interest}}
{{#has_compensation}}
Vergoeding voor incassokosten ({{legal.compensation}}): {{compensation_total}}
{{/has_compensation}}
{{#has_credit}}
Af: creditnota's en niet-toegewezen betalingen: {{credit_deducted}}
{{/has_credit}}
Te betalen: {{amount_due}}
`,
  payment: `Betaling per overschrijving:
Begunstigde: {{creditor.name}}
IBAN: {{creditor.iban}}
BIC: {{creditor.bic}}
Onder vermelding van: {{payment_reference}}
`,
  plan: `{{#has_payment_plan}}

Kunt u het bedrag niet in één keer betalen, dan kunnen wij u de volgende betalingsregeling aanbieden:
{{#payment_plan}}
- {{date}}: {{amount}}
{{/payment_plan}}
Wij vernemen graag vóór {{deadline}} of u hiermee akkoord gaat.
{{/has_payment_plan}}
`,
  disputed: `{{#has_disputed}}

De volgende betwiste facturen zijn niet in deze brief opgenomen:
{{#disputed_list}}
- {{number}} van {{issue_date}}, vervaldatum {{due_date}}: {{open}}
{{/disputed_list}}
{{/has_disputed}}
`,
  contact: `Voor vragen kunt u ons bereiken via {{creditor.email}} of {{creditor.phone}}.
`,
  closing: `Met vriendelijke groet,

{{creditor.name}}
Debiteurenbeheer
`,
  legal: `Wij wijzen u erop dat bij te late betaling van rechtswege de wettelijke handelsrente verschuldigd is ({{legal.interest}}), evenals een vergoeding voor incassokosten van {{legal.fee}} per factuur ({{legal.compensation}}).
`,
};

const DE: Fragments = {
  head: `{{creditor.name}}

{{customer.name}}
Kundennummer: {{customer.id}}

Datum: {{date}}
`,
  summary: `Summe der Rechnungen: {{open_total}}
{{#has_interest}}
Verzugszinsen{{#interest_rates}} ({{interest_rates}} p. a.){{/interest_rates}} gemäß {{legal.interest}}: {{interest_total}}
{{/has_interest}}
{{#has_compensation}}
Verzugspauschale gemäß {{legal.compensation}}: {{compensation_total}}
{{/has_compensation}}
{{#has_credit}}
Abzüglich Gutschriften und nicht zugeordneter Zahlungen: {{credit_deducted}}
{{/has_credit}}
Zu zahlender Betrag: {{amount_due}}
`,
  payment: `Bankverbindung:
Empfänger: {{creditor.name}}
IBAN: {{creditor.iban}}
BIC: {{creditor.bic}}
Verwendungszweck: {{payment_reference}}
`,
  plan: `{{#has_payment_plan}}

Sollte Ihnen die Zahlung in einer Summe nicht möglich sein, bieten wir Ihnen folgende Ratenzahlung an:
{{#payment_plan}}
- am {{date}}: {{amount}}
{{/payment_plan}}
Bitte bestätigen Sie uns Ihr Einverständnis bis zum {{deadline}}.
{{/has_payment_plan}}
`,
  disputed: `{{#has_disputed}}

Die folgenden strittigen Rechnungen sind in diesem Schreiben nicht enthalten:
{{#disputed_list}}
- {{number}} vom {{issue_date}}, fällig am {{due_date}}: {{open}}
{{/disputed_list}}
{{/has_disputed}}
`,
  contact: `Für Rückfragen erreichen Sie uns unter {{creditor.email}} oder {{creditor.phone}}.
`,
  closing: `Mit freundlichen Grüßen

{{creditor.name}}
Debitorenbuchhaltung
`,
  legal: `Wir weisen darauf hin, dass bei Zahlungsverzug Verzugszinsen ({{legal.interest}}) sowie eine Pauschale von {{legal.fee}} je Rechnung ({{legal.compensation}}) geschuldet sind.
`,
};

const EN: Fragments = {
  head: `{{creditor.name}}

{{customer.name}}
Account number: {{customer.id}}

Date: {{date}}
`,
  summary: `Total of invoices: {{open_total}}
{{#has_interest}}
Statutory interest{{#interest_rates}} at {{interest_rates}} a year{{/interest_rates}} under {{legal.interest}}: {{interest_total}}
{{/has_interest}}
{{#has_compensation}}
Fixed-sum compensation under {{legal.compensation}}: {{compensation_total}}
{{/has_compensation}}
{{#has_credit}}
Less credit notes and unallocated payments: {{credit_deducted}}
{{/has_credit}}
Amount due: {{amount_due}}
`,
  payment: `Payment by bank transfer:
Payee: {{creditor.name}}
IBAN: {{creditor.iban}}
BIC: {{creditor.bic}}
Reference: {{payment_reference}}
`,
  plan: `{{#has_payment_plan}}

If paying in one go is difficult, we can agree to the following instalments:
{{#payment_plan}}
- {{date}}: {{amount}}
{{/payment_plan}}
Please confirm that you accept this plan by {{deadline}}.
{{/has_payment_plan}}
`,
  disputed: `{{#has_disputed}}

The following disputed invoices are not included in this letter:
{{#disputed_list}}
- {{number}} dated {{issue_date}}, due {{due_date}}: {{open}}
{{/disputed_list}}
{{/has_disputed}}
`,
  contact: `If you have any questions, please contact us at {{creditor.email}} or on {{creditor.phone}}.
`,
  closing: `Yours faithfully,

{{creditor.name}}
Credit control
`,
  legal: `Please note that late payment entitles us to interest under {{legal.interest}}{{#law.gb}} at 8% above the Bank of England base rate{{/law.gb}} and to fixed-sum compensation of {{legal.fee}} per invoice ({{legal.compensation}}).
`,
};

function join(...parts: string[]): string {
  return parts.join("\n");
}

function texts(): Record<BuiltInTemplate, Record<Language, BuiltInText>> {
  return {
    pre_due: {
      fr: {
        subject: "Avis d'échéance – {{customer.name}} ({{customer.id}})",
        body: join(FR.head, "Madame, Monsieur,\n", "Nous nous permettons de vous rappeler que les factures suivantes arrivent prochainement à échéance :\n", "{{invoices}}\n", FR.summary,
          "Nous vous remercions de bien vouloir en prévoir le règlement au plus tard le {{deadline}}.\n", FR.payment,
          "Si votre règlement est déjà en cours, nous vous prions de ne pas tenir compte de ce message.\n" + FR.disputed, FR.contact, FR.closing),
      },
      nl: {
        subject: "Vervaldagbericht – {{customer.name}} ({{customer.id}})",
        body: join(NL.head, "Geachte heer, mevrouw,\n", "Graag herinneren wij u eraan dat de volgende facturen binnenkort vervallen:\n", "{{invoices}}\n", NL.summary,
          "Wij verzoeken u vriendelijk het bedrag uiterlijk op {{deadline}} te voldoen.\n", NL.payment,
          "Is de betaling al onderweg, dan kunt u dit bericht als niet verzonden beschouwen.\n" + NL.disputed, NL.contact, NL.closing),
      },
      de: {
        subject: "Hinweis auf bald fällige Rechnungen – {{customer.name}} ({{customer.id}})",
        body: join(DE.head, "Sehr geehrte Damen und Herren,\n", "wir möchten Sie freundlich darauf hinweisen, dass die folgenden Rechnungen in Kürze fällig werden:\n", "{{invoices}}\n", DE.summary,
          "Wir bitten Sie, den Betrag bis spätestens {{deadline}} zu überweisen.\n", DE.payment,
          "Sollten Sie die Zahlung bereits veranlasst haben, betrachten Sie dieses Schreiben bitte als gegenstandslos.\n" + DE.disputed, DE.contact, DE.closing),
      },
      en: {
        subject: "Invoices falling due – {{customer.name}} ({{customer.id}})",
        body: join(EN.head, "Dear Sir or Madam,\n", "This is a courtesy reminder that the following invoices fall due shortly:\n", "{{invoices}}\n", EN.summary,
          "We would be grateful if you could arrange payment by {{deadline}}.\n", EN.payment,
          "If payment is already on its way, please disregard this message.\n" + EN.disputed, EN.contact, EN.closing),
      },
    },
    reminder_1: {
      fr: {
        subject: "Rappel de paiement – {{customer.name}} ({{customer.id}})",
        body: join(FR.head, "Objet : rappel de paiement\n", "Madame, Monsieur,\n", "Sauf erreur ou omission de notre part, les factures suivantes restent impayées à ce jour :\n", "{{invoices}}\n", FR.summary,
          "Nous vous remercions de bien vouloir procéder à leur règlement au plus tard le {{deadline}}.\n" + FR.plan, FR.payment,
          "Si votre paiement nous est parvenu entre-temps, nous vous prions de ne pas tenir compte de ce rappel.\n" + FR.disputed, FR.contact, FR.closing),
      },
      nl: {
        subject: "Betalingsherinnering – {{customer.name}} ({{customer.id}})",
        body: join(NL.head, "Betreft: betalingsherinnering\n", "Geachte heer, mevrouw,\n", "Volgens onze administratie staan de volgende facturen nog open:\n", "{{invoices}}\n", NL.summary,
          "Wij verzoeken u vriendelijk het openstaande bedrag uiterlijk op {{deadline}} te voldoen.\n" + NL.plan, NL.payment,
          "Heeft u inmiddels betaald, dan kunt u deze herinnering als niet verzonden beschouwen.\n" + NL.disputed, NL.contact, NL.closing),
      },
      de: {
        subject: "Zahlungserinnerung – {{customer.name}} ({{customer.id}})",
        body: join(DE.head, "Zahlungserinnerung\n", "Sehr geehrte Damen und Herren,\n", "sicher ist es Ihrer Aufmerksamkeit entgangen, dass die folgenden Rechnungen noch offen sind:\n", "{{invoices}}\n", DE.summary,
          "Wir bitten Sie, den offenen Betrag bis spätestens {{deadline}} zu überweisen.\n" + DE.plan, DE.payment,
          "Sollten Sie die Zahlung inzwischen veranlasst haben, betrachten Sie diese Erinnerung bitte als gegenstandslos.\n" + DE.disputed, DE.contact, DE.closing),
      },
      en: {
        subject: "Payment reminder – {{customer.name}} ({{customer.id}})",
        body: join(EN.head, "Payment reminder\n", "Dear Sir or Madam,\n", "According to our records, the following invoices remain unpaid:\n", "{{invoices}}\n", EN.summary,
          "We would be grateful if you could arrange payment by {{deadline}}.\n" + EN.plan, EN.payment,
          "If you have already paid, please disregard this reminder and accept our thanks.\n" + EN.disputed, EN.contact, EN.closing),
      },
    },
    reminder_2: {
      fr: {
        subject: "Deuxième relance – factures impayées – {{customer.name}} ({{customer.id}})",
        body: join(FR.head, "Objet : deuxième relance\n", "Madame, Monsieur,\n", "Malgré notre précédent rappel, nous constatons que les factures suivantes restent impayées :\n", "{{invoices}}\n", FR.summary,
          FR.legal, "Nous vous demandons de régler la somme de {{amount_due}} au plus tard le {{deadline}}.\n" + FR.plan, FR.payment,
          "Si vous avez réglé ces factures entre-temps, nous vous prions de ne pas tenir compte de ce courrier.\n" + FR.disputed, FR.contact, FR.closing),
      },
      nl: {
        subject: "Aanmaning – tweede herinnering – {{customer.name}} ({{customer.id}})",
        body: join(NL.head, "Betreft: aanmaning (tweede herinnering)\n", "Geachte heer, mevrouw,\n", "Ondanks onze eerdere herinnering hebben wij de betaling van de volgende facturen nog niet ontvangen:\n", "{{invoices}}\n", NL.summary,
          NL.legal, "Wij verzoeken u dringend het bedrag van {{amount_due}} uiterlijk op {{deadline}} te voldoen.\n" + NL.plan, NL.payment,
          "Heeft u inmiddels betaald, dan kunt u deze aanmaning als niet verzonden beschouwen.\n" + NL.disputed, NL.contact, NL.closing),
      },
      de: {
        subject: "Mahnung – {{customer.name}} ({{customer.id}})",
        body: join(DE.head, "Mahnung\n", "Sehr geehrte Damen und Herren,\n", "trotz unserer Zahlungserinnerung konnten wir für die folgenden Rechnungen noch keinen Zahlungseingang feststellen:\n", "{{invoices}}\n", DE.summary,
          DE.legal, "Bitte überweisen Sie den Betrag von {{amount_due}} bis spätestens {{deadline}}.\n" + DE.plan, DE.payment,
          "Sollten Sie die Zahlung inzwischen veranlasst haben, betrachten Sie dieses Schreiben bitte als gegenstandslos.\n" + DE.disputed, DE.contact, DE.closing),
      },
      en: {
        subject: "Second reminder: overdue account – {{customer.name}} ({{customer.id}})",
        body: join(EN.head, "Second reminder\n", "Dear Sir or Madam,\n", "Despite our previous reminder, the following invoices remain unpaid:\n", "{{invoices}}\n", EN.summary,
          EN.legal, "Please pay {{amount_due}} by {{deadline}} at the latest.\n" + EN.plan, EN.payment,
          "If you have paid in the meantime, please disregard this letter.\n" + EN.disputed, EN.contact, EN.closing),
      },
    },
    formal_notice: {
      fr: {
        subject: "Mise en demeure – {{customer.name}} ({{customer.id}})",
        body: join(FR.head, "MISE EN DEMEURE\n", "Objet : mise en demeure de payer la somme de {{amount_due}}\n", "Madame, Monsieur,\n",
          "Malgré nos précédentes relances, restées sans effet à ce jour, les factures suivantes demeurent impayées :\n", "{{invoices}}\n", FR.summary, FR.legal,
          "En conséquence, nous vous mettons en demeure de nous régler la somme de {{amount_due}} au plus tard le {{deadline}}, soit dans un délai de {{deadline_days}} jours.\n" +
          "La présente lettre vaut mise en demeure{{#law.fr}} au sens de l'article 1344 du Code civil{{/law.fr}}. Les intérêts de retard continuent de courir jusqu'au complet paiement{{#law.fr}} (article 1231-6 du Code civil){{/law.fr}}.\n",
          "À défaut de règlement dans ce délai, nous engagerons sans autre avis une procédure judiciaire de recouvrement{{#law.fr}} (injonction de payer){{/law.fr}}, dont les frais resteront à votre charge.\n" + FR.plan,
          FR.payment + FR.disputed, FR.contact, FR.closing),
      },
      nl: {
        subject: "Ingebrekestelling – {{customer.name}} ({{customer.id}})",
        body: join(NL.head, "INGEBREKESTELLING\n", "Betreft: ingebrekestelling en sommatie tot betaling van {{amount_due}}\n", "Geachte heer, mevrouw,\n",
          "Ondanks onze eerdere herinnering en aanmaning zijn de volgende facturen nog steeds onbetaald:\n", "{{invoices}}\n", NL.summary, NL.legal,
          "Wij stellen u hierbij in gebreke en sommeren u het bedrag van {{amount_due}} uiterlijk op {{deadline}} te voldoen; dit is de laatste termijn van {{deadline_days}} dagen die wij u geven{{#law.nl}} (artikel 6:82 BW){{/law.nl}}. De rente loopt door tot de dag van volledige betaling.\n",
          "Hebben wij uw betaling niet tijdig ontvangen, dan zullen wij de vordering zonder nadere aankondiging uit handen geven en een gerechtelijke procedure tegen u starten. Alle kosten daarvan komen voor uw rekening.\n" + NL.plan,
          NL.payment + NL.disputed, NL.contact, NL.closing),
      },
      de: {
        subject: "Letzte Mahnung – {{customer.name}} ({{customer.id}})",
        body: join(DE.head, "LETZTE MAHNUNG\n", "Sehr geehrte Damen und Herren,\n",
          "trotz unserer Zahlungserinnerung und unserer Mahnung sind die folgenden Rechnungen weiterhin unbezahlt:\n", "{{invoices}}\n", DE.summary, DE.legal,
          "Wir fordern Sie hiermit letztmalig auf, den Gesamtbetrag von {{amount_due}} bis spätestens {{deadline}} zu zahlen. Sie befinden sich in Zahlungsverzug{{#law.de}} (§ 286 BGB){{/law.de}}; die Verzugszinsen laufen bis zum Zahlungseingang weiter.\n",
          "Sollte der Betrag bis zu diesem Datum nicht bei uns eingegangen sein, werden wir ohne weitere Ankündigung das gerichtliche Mahnverfahren (Mahnbescheid) einleiten oder ein Inkassounternehmen beauftragen. Die dadurch entstehenden Kosten gehen zu Ihren Lasten.\n" + DE.plan,
          DE.payment + DE.disputed, DE.contact, DE.closing),
      },
      en: {
        subject: "Letter before action – {{customer.name}} ({{customer.id}})",
        body: join(EN.head, "LETTER BEFORE ACTION\n", "Dear Sir or Madam,\n",
          "We refer to our previous reminders, to which we have received no satisfactory response. The following invoices remain unpaid:\n", "{{invoices}}\n", EN.summary, EN.legal,
          "We now require payment of {{amount_due}} in full by {{deadline}} ({{deadline_days}} days from the date of this letter). Interest continues to accrue until payment is made.\n",
          "If we do not receive payment, or an acceptable proposal for payment, by {{deadline}}, we intend to issue court proceedings against you to recover the debt, with interest and costs, without further notice.\n" +
          "{{#law.gb}}\nThis letter is sent in accordance with the Practice Direction – Pre-Action Conduct and Protocols. If you dispute the debt, please tell us why in writing by {{deadline}}. You may wish to seek independent advice; ignoring this letter may increase your liability for costs.\n{{/law.gb}}\n" + EN.plan,
          EN.payment + EN.disputed, EN.contact, EN.closing),
      },
    },
  };
}

/** The built-in texts: template → language → subject and body (mustache). */
export const BUILT_IN_TEXTS: Readonly<Record<BuiltInTemplate, Readonly<Record<Language, BuiltInText>>>> = texts();

/** The built-in text of a template in a language, or null when relance ships none. */
export function builtInText(template: string, language: Language): BuiltInText | null {
  return isBuiltIn(template) ? BUILT_IN_TEXTS[template][language] : null;
}
