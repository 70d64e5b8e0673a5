/**
 * The fields each kind of export can carry (metrics.md names) and the headers that mean
 * them in French, Dutch, German and English accounting packages. Headers are compared
 * after `normaliseHeader` (no accents, case, spaces or punctuation), so `Date d'échéance`,
 * `DATE ECHEANCE` and `date_echeance` are one alias.
 *
 * `weak` aliases are generic words (`Date`, `Total`, `Type`): they map a column only when
 * no stronger header claims the same field.
 */
import type { InputRole } from "../../ledger/types.js";

export type ValueType = "text" | "id" | "date" | "amount" | "number" | "terms" | "boolean" | "language" | "kind" | "currency" | "sign";

export interface FieldSpec {
  name: string;
  type: ValueType;
  aliases: readonly string[];
  weak?: readonly string[];
}

const NAME_ALIASES = [
  "Name", "Customer Name", "Customer", "Company", "Company Name", "ContactName", "Contact Name", "Account Name", "AccountName",
  "Raison sociale", "Nom", "Nom client", "Nom du client", "Client", "Intitulé", "Intitulé tiers", "Intitulé compte", "Dénomination",
  "Naam", "Relatienaam", "Relatie", "Klantnaam", "Klant", "Bedrijfsnaam", "Debiteurnaam", "Naam debiteur",
  "Firma", "Firmenname", "Kundenname", "Kunde", "Name 1", "Debitorname",
];

const CUSTOMER_ID = {
  name: "customer_id", type: "id",
  aliases: [
    "Customer ID", "CustomerID", "Customer Code", "Customer No", "Customer Number", "Customer Ref", "Account Code", "AccountCode", "Account No", "Account Number", "Client ID", "Client Code", "Debtor", "Debtor Code",
    "Code client", "N° client", "Numéro client", "Numéro de client", "No client", "Réf client", "Compte client", "Code tiers", "Compte tiers", "N° compte", "IdClient", "CompAuxNum",
    "Debiteurnummer", "Debiteur", "Debiteurcode", "Debiteurnr", "Relatiecode", "Relatienummer", "Klantnummer", "Klantcode", "Klantnr",
    "Kundennummer", "Kunden-Nr", "Kundennr", "Kunden Nr", "Debitor", "Debitorennummer", "Debitorennr", "Personenkonto", "Konto",
  ],
  weak: ["Code", "Account", "ID", "Nr", "Nummer"],
} as const satisfies FieldSpec;

const CUSTOMER_NAME = { name: "customer_name", type: "text", aliases: NAME_ALIASES.filter((a) => a !== "Name"), weak: ["Name"] } as const satisfies FieldSpec;

const INVOICE_ID = {
  name: "invoice_id", type: "id",
  aliases: [
    "Invoice", "Invoice ID", "Invoice No", "Invoice Number", "InvoiceNumber", "Invoice #", "Invoice Ref", "Document Number", "Document No", "Doc No", "Transaction Number", "Num",
    "N° facture", "Numéro de facture", "Numéro facture", "No facture", "Facture", "N° pièce", "Numéro de pièce", "Numéro pièce", "Pièce", "Référence pièce", "Réf pièce", "PieceRef", "N° document",
    "Factuurnummer", "Factuur", "Factuurnr", "Boekstuknummer", "Boekstuk", "Documentnummer",
    "Rechnungsnummer", "Rechnungs-Nr", "RechnungsNr", "Rechnung", "Belegnummer", "Beleg-Nr", "Belegnr", "Beleg", "Belegfeld 1",
  ],
  weak: ["No", "Number", "Nummer", "Numéro", "Ref", "Reference", "Référence", "Referentie"],
} as const satisfies FieldSpec;

const DOCUMENT_FIELDS: readonly FieldSpec[] = [
  CUSTOMER_ID,
  CUSTOMER_NAME,
  INVOICE_ID,
  {
    name: "kind", type: "kind",
    aliases: ["Transaction Type", "Document Type", "Doc Type", "Invoice Type", "Kind", "Type pièce", "Type de pièce", "Type document", "Type de document", "Nature pièce", "Soort", "Documentsoort", "Soort document", "Factuursoort", "Belegart", "Belegtyp", "Dokumentart", "Rechnungsart", "Buchungsart"],
    weak: ["Type", "Nature", "Art"],
  },
  {
    name: "issue_date", type: "date",
    aliases: ["Invoice Date", "InvoiceDate", "Document Date", "Issue Date", "Doc Date", "Transaction Date", "Date pièce", "Date de pièce", "Date facture", "Date de facture", "Date d'émission", "Date document", "Date de la facture", "PieceDate", "Factuurdatum", "Datum factuur", "Documentdatum", "Boekstukdatum", "Rechnungsdatum", "Belegdatum", "Rechnungsdat"],
    weak: ["Date", "Datum"],
  },
  {
    name: "due_date", type: "date",
    aliases: ["Due Date", "DueDate", "Due", "Payment Due", "Due On", "Date d'échéance", "Échéance", "Date échéance", "Date limite de paiement", "Échéance de paiement", "Vervaldatum", "Vervaldag", "Verval datum", "Uiterste betaaldatum", "Fälligkeit", "Fälligkeitsdatum", "Fällig am", "Fällig", "Netto fällig", "Zugeordnete Fälligkeit", "date_maturity"],
  },
  {
    name: "amount", type: "amount",
    aliases: ["Amount", "Invoice Amount", "Gross Amount", "Original Amount", "Total Amount", "Amount incl VAT", "Amount Incl. Tax", "Montant", "Montant TTC", "Total TTC", "Montant facture", "Montant de la facture", "Montant initial", "Montant d'origine", "Bedrag", "Factuurbedrag", "Bedrag incl BTW", "Oorspronkelijk", "Oorspronkelijk bedrag", "Totaalbedrag", "Betrag", "Bruttobetrag", "Rechnungsbetrag", "Brutto", "Gesamtbetrag", "Betrag brutto", "Ursprungsbetrag"],
    weak: ["Total", "Totaal", "Gesamt"],
  },
  {
    name: "open_amount", type: "amount",
    aliases: ["Open Balance", "Open Amount", "Amount Due", "AmountDue", "InvoiceAmountDue", "Balance Due", "Outstanding", "Outstanding Amount", "Amount Outstanding", "Remaining", "Remaining Amount", "Residual Amount", "amount_residual", "Unpaid", "Reste dû", "Reste à payer", "Restant dû", "Montant restant", "Montant dû", "Solde dû", "Montant ouvert", "Openstaand", "Openstaand bedrag", "Restbedrag", "Nog te betalen", "Open", "Offener Betrag", "Offen", "Restbetrag", "Offener Saldo", "OP-Betrag", "Offener Posten"],
    weak: ["Balance", "Solde", "Saldo"],
  },
  {
    name: "paid_date", type: "date",
    aliases: ["Paid Date", "PaidDate", "Date Paid", "Paid On", "Payment Date", "Settlement Date", "Fully Paid On", "FullyPaidOnDate", "Date de règlement", "Date règlement", "Date de paiement", "Date paiement", "Payé le", "Réglé le", "Date de solde", "DateRglt", "Betaaldatum", "Datum betaling", "Betaald op", "Datum betaald", "Bezahlt am", "Zahlungsdatum", "Ausgleichsdatum", "Ausgeglichen am", "Datum Ausgleich"],
  },
  {
    name: "disputed", type: "boolean",
    aliases: ["Disputed", "Dispute", "In Dispute", "On Hold", "Litige", "En litige", "Litigieux", "Contesté", "Contestation", "Betwist", "Geschil", "In geschil", "Strittig", "Streitig", "Bestritten", "Reklamation", "Reklamiert"],
  },
  {
    name: "currency", type: "currency",
    aliases: ["Currency", "Currency Code", "CurrencyCode", "Ccy", "Cur", "Devise", "Monnaie", "Code devise", "Idevise", "Valuta", "Munt", "Valutacode", "Währung", "Waehrung", "Währungscode", "WKZ"],
  },
  {
    name: "reference", type: "id",
    aliases: ["Applies To", "Original Invoice", "Related Invoice", "Credited Invoice", "Facture d'origine", "Facture liée", "Facture associée", "Référence facture", "Facture avoir", "Oorspronkelijke factuur", "Gekoppelde factuur", "Ursprungsrechnung", "Bezugsrechnung", "Zu Rechnung"],
  },
  { name: "debit", type: "amount", aliases: ["Debit", "Débit", "Debet", "Soll", "Sollbetrag", "Montant débit", "Debit Amount"] },
  { name: "credit", type: "amount", aliases: ["Credit", "Crédit", "Haben", "Habenbetrag", "Montant crédit", "Credit Amount"] },
  { name: "sign", type: "sign", aliases: ["Sens", "D/C", "Debit/Credit", "DC", "S/H", "Soll/Haben", "Soll/Haben-Kennzeichen", "Dr/Cr", "Debet/Credit", "D/K"] },
];

const CUSTOMER_FIELDS: readonly FieldSpec[] = [
  CUSTOMER_ID,
  { name: "name", type: "text", aliases: NAME_ALIASES },
  { name: "language", type: "language", aliases: ["Language", "Lang", "Language Code", "Correspondence Language", "Langue", "Langue de correspondance", "Code langue", "Taal", "Correspondentietaal", "Taalcode", "Sprache", "Korrespondenzsprache", "Sprachcode"] },
  { name: "email", type: "text", aliases: ["Email", "E-mail", "Email Address", "EmailAddress", "E-mail Address", "Mail", "Courriel", "Adresse e-mail", "Adresse mail", "Mail facturation", "E-mailadres", "Emailadres", "E-Mail-Adresse", "E-Mail Adresse"] },
  { name: "phone", type: "text", aliases: ["Phone", "Telephone", "Phone Number", "Tel", "Téléphone", "Tél", "N° de téléphone", "Telefoon", "Telefoonnummer", "Telefoonnr", "Telefon", "Telefonnummer", "Tel.-Nr."] },
  { name: "country", type: "text", aliases: ["Country", "Country Code", "POCountry", "Pays", "Code pays", "Land", "Landcode", "Länderkennzeichen", "Staat"] },
  { name: "sector", type: "text", aliases: ["Sector", "Industry", "Business Sector", "Secteur", "Secteur d'activité", "Activité", "Code NAF", "Branche", "Sector", "Bedrijfstak", "Branchencode", "Wirtschaftszweig"] },
  { name: "owner", type: "text", aliases: ["Owner", "Sales Rep", "Salesperson", "Sales Person", "Account Manager", "Account Owner", "Collector", "Rep", "Commercial", "Représentant", "Responsable", "Chargé de recouvrement", "Gestionnaire", "Chargé d'affaires", "Accountmanager", "Verkoper", "Vertegenwoordiger", "Behandelaar", "Contactpersoon intern", "Betreuer", "Vertreter", "Sachbearbeiter", "Kundenbetreuer", "Außendienst", "Verkäufer"] },
  { name: "credit_limit", type: "amount", aliases: ["Credit Limit", "CreditLimit", "Credit Line", "Plafond de crédit", "Plafond", "Encours autorisé", "Encours maximum", "Limite de crédit", "Encours max", "Kredietlimiet", "Kredietlimit", "Kredietplafond", "Kreditlimit", "Kreditrahmen", "Kreditlinie"], weak: ["Limit", "Limite", "Limiet"] },
  { name: "credit_score", type: "number", aliases: ["Credit Score", "CreditScore", "Risk Score", "External Score", "Credit Rating Score", "Score", "Score crédit", "Score de crédit", "Note de crédit", "Note crédit", "Cotation", "Score risque", "Kredietscore", "Kredietwaardigheid", "Bonitätsindex", "Bonitätsscore", "Bonität", "Score extern"] },
  { name: "payment_terms_days", type: "terms", aliases: ["Payment Terms", "Terms", "PaymentTerms", "Terms Days", "Payment Terms Days", "Délai de paiement", "Délai paiement", "Conditions de paiement", "Condition de règlement", "Conditions de règlement", "Délai de règlement", "Betalingstermijn", "Betaaltermijn", "Betalingsconditie", "Betalingsvoorwaarden", "Zahlungsziel", "Zahlungsbedingung", "Zahlungsbedingungen", "Zahlungsfrist", "PAYDELAY"] },
  { name: "created_date", type: "date", aliases: ["Created", "Created Date", "Created On", "Creation Date", "Customer Since", "Date de création", "Date création", "Créé le", "Client depuis", "Aanmaakdatum", "Klant sinds", "Datum aangemaakt", "Aangemaakt op", "Angelegt am", "Anlagedatum", "Kunde seit", "Erstellt am", "Erfasst am"] },
  { name: "invoicing", type: "text", aliases: ["Invoicing", "Invoice Delivery", "Delivery Method", "Invoice Method", "Mode de facturation", "Envoi facture", "Envoi des factures", "Mode d'envoi", "Facturatie", "Factuurverzending", "Verzendwijze", "Verzendmethode", "Rechnungsversand", "Versandart", "Rechnungszustellung"] },
];

const PAYMENT_FIELDS: readonly FieldSpec[] = [
  CUSTOMER_ID,
  CUSTOMER_NAME,
  INVOICE_ID,
  { name: "date", type: "date", aliases: ["Payment Date", "PaymentDate", "Paid Date", "Date Paid", "Receipt Date", "Value Date", "Date de règlement", "Date règlement", "Date de paiement", "Date paiement", "Date valeur", "Date d'encaissement", "Betaaldatum", "Datum betaling", "Valutadatum", "Ontvangstdatum", "Zahlungsdatum", "Zahlungseingang", "Buchungsdatum", "Wertstellung", "Valutadatum"], weak: ["Date", "Datum"] },
  { name: "amount", type: "amount", aliases: ["Amount", "Payment Amount", "Amount Paid", "Paid Amount", "Receipt Amount", "Montant", "Montant réglé", "Montant payé", "Montant du règlement", "Montant encaissé", "Bedrag", "Betaald bedrag", "Ontvangen bedrag", "Betrag", "Zahlbetrag", "Zahlungsbetrag", "Gezahlt"], weak: ["Total", "Totaal"] },
  DOCUMENT_FIELDS.find((f) => f.name === "currency")!,
];

export const FIELDS: Record<InputRole, readonly FieldSpec[]> = {
  customers: CUSTOMER_FIELDS,
  invoices: DOCUMENT_FIELDS,
  payments: PAYMENT_FIELDS,
};

/** Fields a file of that role cannot do without (alternatives: any one group suffices). */
export const REQUIRED: Record<InputRole, readonly (readonly string[])[]> = {
  customers: [["customer_id"]],
  invoices: [["customer_id", "customer_name"], ["invoice_id"], ["issue_date"], ["amount", "debit", "credit"]],
  payments: [["customer_id", "customer_name", "invoice_id"], ["date"], ["amount"]],
};

/** `Date d'échéance` → `datedecheance`: lower case, no accents, letters and digits only. */
export function normaliseHeader(header: string): string {
  return header
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[^a-z0-9#]/g, "");
}
