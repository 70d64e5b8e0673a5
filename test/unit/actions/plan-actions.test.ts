/**
 * The planner on hand-made ledgers: one action per customer with everything overdue in it,
 * disputes listed not reminded, offsets, pre-due steps, the horizon, interest and plans.
 */
import { describe, expect, it } from "vitest";
import { planActions } from "../../../src/actions/plan-actions.js";
import { computeMetrics } from "../../../src/metrics/compute-metrics.js";
import { checkMatrix } from "../../../src/segmentation/load-matrix.js";
import { segmentCustomers } from "../../../src/segmentation/segment-customers.js";
import { creditNote, customer, day, invoice, ledger, options, payment } from "../../helpers/ledger-builder.js";
import type { Ledger } from "../../../src/ledger/types.js";
import type { StepHistory } from "../../../src/actions/history.js";
import { rowKey } from "../../../src/metrics/types.js";

const MATRIX = `
segments:
  all: { label: All, procedure: firm, owner: "{{owner}}" }
rules:
  - segment: all
procedures:
  firm:
    payment_plan: { instalments: 3, min_instalment: 100 }
    steps:
      - { day: -5, action: email, template: pre_due }
      - { day: 1, action: email, template: reminder_1 }
      - { day: 15, action: letter, template: reminder_2 }
      - { day: 30, action: registered_letter, template: formal_notice, late_interest: true, fixed_compensation: 40 }
`;
const matrix = checkMatrix(MATRIX, "m.yaml").matrix!;
const AS_OF = "2026-03-31";

function plan(l: Ledger, horizonDays = 0, history?: Map<string, StepHistory>) {
  const metrics = computeMetrics(l, options(AS_OF));
  const { assignments } = segmentCustomers(matrix, l.customers, metrics);
  return planActions(matrix, l.customers, metrics, assignments, { asOf: day(AS_OF), horizonDays, ...(history ? { history } : {}) });
}

const NO_HISTORY: StepHistory = { stepDone: 0, lastContact: null, pending: null, promise: null, comment: "" };

describe("planActions", () => {
  it("puts all of a customer's overdue invoices in one action, at the step of the most overdue", () => {
    const actions = plan(ledger({
      customers: [customer("C1", { owner: "Camille", country: "FR" })],
      documents: [
        invoice("C1", "F1", { issue: "2026-01-01", due: "2026-03-11", amount: 1000 }), // 20 days past due
        invoice("C1", "F2", { issue: "2026-02-01", due: "2026-03-26", amount: 500 }), // 5 days past due
        invoice("C1", "F3", { issue: "2026-03-20", due: "2026-04-30", amount: 200 }), // not due
      ],
    }));
    expect(actions).toHaveLength(1);
    const a = actions[0]!;
    expect([a.step, a.action, a.template, a.owner]).toEqual([3, "letter", "reminder_2", "Camille"]);
    expect(a.invoices.map((i) => i.invoice_id)).toEqual(["F1", "F2"]);
    expect([a.overdue_amount, a.amount_due]).toEqual([150000, 150000]);
    expect(a.planned_date).toBe(day(AS_OF));
  });

  it("lists disputed invoices without reminding them; only disputed: no action", () => {
    const mixed = plan(ledger({
      customers: [customer("C1")],
      documents: [
        invoice("C1", "F1", { issue: "2026-01-01", due: "2026-03-01", amount: 800, disputed: true }),
        invoice("C1", "F2", { issue: "2026-02-01", due: "2026-03-21", amount: 300 }),
      ],
    }));
    expect(mixed).toHaveLength(1);
    expect(mixed[0]!.invoices.map((i) => i.invoice_id)).toEqual(["F2"]);
    expect(mixed[0]!.disputed.map((i) => i.invoice_id)).toEqual(["F1"]);
    expect(mixed[0]!.step).toBe(2); // F2 is 10 days past due; F1 (30) does not count
    const onlyDisputed = plan(ledger({ customers: [customer("C1")], documents: [invoice("C1", "F1", { issue: "2026-01-01", due: "2026-03-01", amount: 800, disputed: true })] }));
    expect(onlyDisputed).toEqual([]);
  });

  it("gives no reminder when credit notes or unallocated payments cover the overdue amount", () => {
    const covered = plan(ledger({
      customers: [customer("C1")],
      documents: [invoice("C1", "F1", { issue: "2026-01-01", due: "2026-03-01", amount: 300 }), creditNote("C1", "AV1", { issue: "2026-03-05", amount: 300 })],
    }));
    expect(covered).toEqual([]);
    const cash = plan(ledger({
      customers: [customer("C1")],
      documents: [invoice("C1", "F1", { issue: "2026-01-01", due: "2026-03-01", amount: 300 })],
      payments: [payment("C1", null, "2026-03-10", 300)],
    }));
    expect(cash).toEqual([]);
    const partly = plan(ledger({
      customers: [customer("C1")],
      documents: [invoice("C1", "F1", { issue: "2026-01-01", due: "2026-03-25", amount: 300 }), creditNote("C1", "AV1", { issue: "2026-03-05", amount: 100 })],
    }));
    expect(partly).toHaveLength(1);
    expect([partly[0]!.credit_available, partly[0]!.amount_due]).toEqual([10000, 20000]);
  });

  it("plans a pre-due step for invoices falling due within its days, and nothing when nothing is open", () => {
    const pre = plan(ledger({ customers: [customer("C1")], documents: [invoice("C1", "F1", { issue: "2026-03-01", due: "2026-04-03", amount: 100 })] }));
    expect(pre.map((a) => [a.step, a.template])).toEqual([[1, "pre_due"]]);
    const later = plan(ledger({ customers: [customer("C1")], documents: [invoice("C1", "F1", { issue: "2026-03-01", due: "2026-04-30", amount: 100 })] }));
    expect(later).toEqual([]);
    const paid = plan(ledger({ customers: [customer("C1")], documents: [invoice("C1", "F1", { issue: "2026-01-01", due: "2026-02-01", amount: 100, paid: "2026-02-10" })] }));
    expect(paid).toEqual([]);
  });

  it("with a horizon, plans each later step on the day it falls due", () => {
    const actions = plan(ledger({ customers: [customer("C1")], documents: [invoice("C1", "F1", { issue: "2026-01-01", due: "2026-03-21", amount: 100 })] }), 30);
    // 10 days past due on D: step 2 now; step 3 (day 15) on D+5; step 4 (day 30) on D+20
    expect(actions.map((a) => [a.step, a.planned_date - day(AS_OF)])).toEqual([[2, 0], [3, 5], [4, 20]]);
  });

  it("adds late interest and the fixed compensation per invoice, and a payment plan", () => {
    const [a] = plan(ledger({
      customers: [customer("C1", { country: "FR" })],
      documents: [invoice("C1", "F1", { issue: "2026-01-01", due: "2026-02-19", amount: 1000 })], // 40 days past due
    }));
    expect(a!.step).toBe(4);
    const line = a!.invoices[0]!;
    // FR H1 2026: 12.15 % a year; 40 days on 1,000.00 = 1000 × 0.1215 × 40 / 365 = 13.3150… → 13.32
    expect(line.interest).toBe(1332);
    expect(line.compensation).toBe(4000);
    expect(a!.amount_due).toBe(100000 + 1332 + 4000);
    expect(a!.payment_plan!.reduce((s, p) => s + p.amount, 0)).toBe(a!.amount_due);
    expect(a!.payment_plan).toHaveLength(3);
  });

  it("offers no payment plan when the minimum instalment leaves a single one", () => {
    const [a] = plan(ledger({
      customers: [customer("C1", { country: "FR" })],
      documents: [invoice("C1", "F1", { issue: "2026-01-01", due: "2026-03-11", amount: 150 })], // 20 days, due 150.00 < 2 × 100.00
    }));
    expect(a!.step).toBe(3);
    expect(a!.amount_due).toBe(15000);
    expect(a!.payment_plan).toBeNull();
  });

  it("sorts the most urgent first", () => {
    const actions = plan(ledger({
      customers: [customer("A"), customer("B")],
      documents: [
        invoice("A", "F1", { issue: "2026-01-01", due: "2026-03-29", amount: 100 }),
        invoice("B", "F2", { issue: "2026-01-01", due: "2026-02-01", amount: 20000 }),
      ],
    }));
    expect(actions.map((a) => a.customer_id)).toEqual(["B", "A"]);
    expect(actions[0]!.priority).toBeGreaterThan(actions[1]!.priority);
  });

  describe("with last month's history", () => {
    // F1 due 2026-02-19: 40 days past due on D (2026-03-31); steps at −5, 1, 15, 30
    const l = ledger({ customers: [customer("C1", { country: "FR" })], documents: [invoice("C1", "F1", { issue: "2026-01-01", due: "2026-02-19", amount: 1000 })] });
    const withHistory = (h: Partial<StepHistory>, horizon = 0) => plan(l, horizon, new Map([[rowKey("C1", "EUR"), { ...NO_HISTORY, ...h }]]));

    it("after a contact, the next step only, not the one the days reach", () => {
      expect(withHistory({ stepDone: 2, lastContact: day("2026-03-01") }).map((a) => a.step)).toEqual([3]);
      expect(withHistory({}).map((a) => a.step)).toEqual([4]); // no contact yet: the spec's step by days
    });

    it("never sooner than the procedure's minimum interval after the last contact", () => {
      const m = checkMatrix(MATRIX.replace("    payment_plan:", "    min_interval_days: 10\n    payment_plan:"), "m.yaml").matrix!;
      const metrics = computeMetrics(l, options(AS_OF));
      const { assignments } = segmentCustomers(m, l.customers, metrics);
      const history = new Map([[rowKey("C1", "EUR"), { ...NO_HISTORY, stepDone: 2, lastContact: day("2026-03-25") }]]);
      expect(planActions(m, l.customers, metrics, assignments, { asOf: day(AS_OF), horizonDays: 0, history })).toEqual([]);
      const later = planActions(m, l.customers, metrics, assignments, { asOf: day(AS_OF), horizonDays: 14, history });
      expect(later.map((a) => [a.step, a.planned_date - day(AS_OF)])).toEqual([[3, 4], [4, 14]]);
    });

    it("a step left to do comes again, flagged; a pre-due notice left to do does not once the invoice is overdue", () => {
      const again = withHistory({ stepDone: 1, pending: { step: 2, planned: day("2026-03-01"), row: "Actions!4" } });
      expect(again.map((a) => [a.step, a.flag])).toEqual([[2, "overdue work"]]);
      expect(again[0]!.reason).toContain("overdue work: step 2 planned for 2026-03-01 not done (Actions!4)");
      const moot = withHistory({ pending: { step: 1, planned: day("2026-02-14"), row: null } });
      expect(moot.map((a) => [a.step, a.flag])).toEqual([[4, null]]);
    });

    it("quiet before a promised day; after it, a broken promise escalates one step; a kept one (paid) ends it", () => {
      const promise = { date: day("2026-04-10"), step: 2, invoices: ["F1"] };
      expect(withHistory({ stepDone: 2, promise })).toEqual([]);
      const broken = withHistory({ stepDone: 2, promise: { ...promise, date: day("2026-03-20") }, comment: "promis le 20" });
      expect(broken.map((a) => [a.step, a.flag, a.comment])).toEqual([[3, "broken promise", "promis le 20"]]);
      expect(withHistory({ stepDone: 2, promise: { ...promise, date: day("2026-03-20"), invoices: ["F0"] } }).map((a) => [a.step, a.flag])).toEqual([[3, null]]);
    });
  });
});
