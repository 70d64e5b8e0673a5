import { describe, expect, it } from "vitest";
import { carryOver, followUpsToStore, stepHistory } from "../../../src/previous/follow-up.js";
import type { FollowUp, PreviousAction, PreviousRun } from "../../../src/previous/types.js";
import { checkMatrix } from "../../../src/segmentation/load-matrix.js";
import { rowKey } from "../../../src/metrics/types.js";
import { day } from "../../helpers/ledger-builder.js";

const MATRIX = checkMatrix(`
segments:
  a: { label: A, procedure: firm }
  b: { label: B, procedure: soft }
rules:
  - segment: a
procedures:
  firm:
    steps:
      - { day: 1, action: email, template: reminder_1 }
      - { day: 15, action: letter, template: reminder_2 }
      - { day: 30, action: registered_letter, template: formal_notice }
  soft:
    steps:
      - { day: 10, action: email, template: reminder_1 }
      - { day: 40, action: letter, template: reminder_2 }
`, "m.yaml").matrix!;
const FIRM = MATRIX.procedures.get("firm")!;
const SOFT = MATRIX.procedures.get("soft")!;

const act = (id: string, status: PreviousAction["status"], extra: Partial<PreviousAction> = {}): PreviousAction => {
  const [customer, currency, step] = id.split("/");
  return {
    action_id: id, customer_id: customer!, currency: currency!, procedure: "firm", step: Number(step), step_day: [1, 15, 30][Number(step) - 1]!,
    planned_date: day("2026-08-31"), invoices: ["F1"], status, promise_date: null, comment: "", row: "Actions!2", ...extra,
  };
};
const run = (actions: PreviousAction[], followUps: FollowUp[] = []): PreviousRun => ({ file: "m1.xlsx", asOf: day("2026-08-31"), actions, followUps, customers: [], overrides: [], problems: [] });
const open = () => true;

describe("carryOver and stepHistory", () => {
  it("a step done: passed, and a contact on its planned day", () => {
    const c = carryOver(run([act("A/EUR/2", "done", { comment: "ok" })])).get(rowKey("A", "EUR"))!;
    expect(c.followUp).toMatchObject({ step_done: 2, step_day_done: 15, last_contact: day("2026-08-31"), invoices: ["F1"], promise: null, comment: "ok" });
    expect(stepHistory(c, FIRM, open)).toEqual({ stepDone: 2, lastContact: day("2026-08-31"), pending: null, promise: null, comment: "ok" });
  });

  it("skipped: passed without a contact; promised: passed, a contact and the promise", () => {
    const skipped = carryOver(run([act("A/EUR/1", "skipped")])).get(rowKey("A", "EUR"))!;
    expect(skipped.followUp).toMatchObject({ step_done: 1, last_contact: null });
    const promised = carryOver(run([act("A/EUR/1", "promised", { promise_date: day("2026-09-20"), invoices: ["F1", "F2"] })])).get(rowKey("A", "EUR"))!;
    expect(promised.followUp).toMatchObject({ step_done: 1, last_contact: day("2026-08-31"), promise: { date: day("2026-09-20"), step: 1, invoices: ["F1", "F2"] } });
  });

  it("left to do: the first undone step above the ones done is pending", () => {
    const c = carryOver(run([
      act("A/EUR/1", "done"),
      act("A/EUR/2", "to do", { planned_date: day("2026-09-07") }),
      act("A/EUR/3", "to do", { planned_date: day("2026-09-14") }),
    ])).get(rowKey("A", "EUR"))!;
    expect(c.pending?.action_id).toBe("A/EUR/2");
    expect(stepHistory(c, FIRM, open)!.pending).toEqual({ step: 2, planned: day("2026-09-07"), row: "Actions!2" });
  });

  it("continues from the stored follow-up of earlier months", () => {
    const earlier: FollowUp = { customer_id: "A", currency: "EUR", procedure: "firm", step_done: 1, step_day_done: 1, last_contact: day("2026-07-31"), invoices: ["F0"], promise: null, comment: "juillet" };
    const c = carryOver(run([act("A/EUR/2", "done", { row: null })], [earlier])).get(rowKey("A", "EUR"))!;
    expect(c.followUp).toMatchObject({ step_done: 2, last_contact: day("2026-08-31"), invoices: ["F0", "F1"], comment: "juillet" });
  });

  it("under another procedure, progress is kept by day: a letter at day 15 passes soft's day-10 e-mail only", () => {
    const c = carryOver(run([act("A/EUR/2", "done")])).get(rowKey("A", "EUR"))!;
    expect(stepHistory(c, SOFT, open)!.stepDone).toBe(1);
  });

  it("once every invoice it dealt with is settled, the follow-up ends (its comment survives)", () => {
    const c = carryOver(run([act("A/EUR/2", "done", { comment: "merci" })])).get(rowKey("A", "EUR"))!;
    expect(stepHistory(c, FIRM, () => false)).toEqual({ stepDone: 0, lastContact: null, pending: null, promise: null, comment: "merci" });
    const silent = carryOver(run([act("A/EUR/2", "done")])).get(rowKey("A", "EUR"))!;
    expect(stepHistory(silent, FIRM, () => false)).toBeNull();
  });
});

describe("followUpsToStore", () => {
  it("keeps running follow-ups, drops settled ones, restarts progress after a settled episode, drops promises whose day has come", () => {
    const carried = carryOver(run([
      act("A/EUR/2", "done"),
      act("B/EUR/1", "promised", { promise_date: day("2026-09-20") }),
      act("C/EUR/1", "promised", { promise_date: day("2026-10-20") }),
      act("D/EUR/3", "done", { comment: "payé" }),
      act("E/EUR/1", "done"),
    ]));
    const openInvoices = new Set([rowKey("A", "EUR"), rowKey("B", "EUR"), rowKey("C", "EUR")]);
    const stored = followUpsToStore(carried, day("2026-09-30"), (key) => openInvoices.has(key));
    expect(stored.map((f) => [f.customer_id, f.step_done, f.promise?.date ?? null, f.comment])).toEqual([
      ["A", 2, null, ""],
      ["B", 1, null, ""], // its promise came due on 09-20: settled this month
      ["C", 1, day("2026-10-20"), ""],
      ["D", 0, null, "payé"],
    ]);
  });
});
