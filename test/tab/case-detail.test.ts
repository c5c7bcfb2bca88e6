import { ReferralTarget, type CaseRecord } from "../../src/cases/case-schema.js";
import type { Playbook } from "../../src/cases/playbook-schema.js";
import type { PartnerSettings } from "../../src/knowledge/topic-schema.js";
import { loadSignalCatalogue } from "../../src/signals/catalogue.js";
import { repoRoot } from "../../src/config.js";
import {
  auditLineView,
  caseDetailView,
  openStepsView,
  partnerView,
  type CaseViewDeps,
} from "../../src/tab/case-detail.js";

const text = (nl: string) => ({ nl, en: `${nl} (en)` });
const coby = { id: "coord-1", name: "Coby" };
const PLAYBOOK: Playbook = {
  id: "arbeid",
  title: text("Arbeid"),
  summary: text("Voor arbeid"),
  when: { forms: ["labour"] },
  steps: [
    { id: "nla", title: text("NLA"), why: text("Omdat"), partner: "arbeidsinspectie", topic: "nla" },
    { id: "vastleggen", title: text("Vastleggen"), why: text("Omdat") },
  ],
  sources: ["BRIEF.md §3"],
  reviewed: "2026-12-03",
};
const PARTNERS = Object.fromEntries(
  ReferralTarget.options.map((id) => [id, { naam: `Naam ${id}`, route: `Route ${id}` }]),
) as PartnerSettings;

const record = (extra: Partial<CaseRecord> = {}): CaseRecord => ({
  schemaVersion: 1,
  id: "3c14da00-84ff-4019-a33f-3996cb74c230",
  number: "MH-2026-0001",
  requestId: "r:1",
  createdAt: "2026-03-02T09:00:00.000Z",
  outcome: "ESCALATE",
  rule: "r",
  signals: [],
  reasons: [],
  urgent: false,
  description: "d",
  place: "",
  seenAt: "",
  reporter: { userId: "u", name: "Rita", department: "wijkteam", contact: "via Teams" },
  status: "claimed",
  claimedBy: coby,
  claimedAt: "2026-03-02T09:30:00.000Z",
  referrals: [],
  questions: [],
  seq: 1,
  version: 1,
  ...extra,
});

describe("tab case detail", () => {
  let deps: CaseViewDeps;
  beforeAll(async () => {
    deps = {
      catalogue: await loadSignalCatalogue(`${repoRoot}/dialogs/signals.yaml`),
      reminders: { escalateHours: 24, consultWorkdays: 2 },
      playbooks: () => [PLAYBOOK],
      partners: PARTNERS,
      topicTitles: new Map(),
      now: () => Date.parse("2026-03-02T10:00:00.000Z"),
    };
  });

  it("should keep a step the content no longer has, by id and state, without texts", () => {
    const c = record({
      playbook: {
        id: "arbeid",
        attachedAt: "2026-03-02T09:30:00.000Z",
        attachedBy: coby,
        steps: [
          {
            id: "oud",
            state: "skipped",
            by: coby,
            at: "2026-03-02T09:40:00.000Z",
            reason: "Niet nodig",
            notes: [],
          },
          { id: "nla", partner: "arbeidsinspectie", state: "open", notes: [] },
        ],
      },
    });
    const view = caseDetailView(c, deps);
    expect(view.playbook?.steps).toEqual([
      {
        id: "oud",
        state: "skipped",
        by: "Coby",
        at: "2026-03-02T09:40:00.000Z",
        reason: "Niet nodig",
        referral: false,
        notes: [],
      },
      {
        id: "nla",
        title: text("NLA"),
        why: text("Omdat"),
        partner: { id: "arbeidsinspectie", name: "Naam arbeidsinspectie", route: "Route arbeidsinspectie" },
        topic: { id: "nla" },
        state: "open",
        referral: false,
        notes: [],
        by: undefined,
        at: undefined,
        reason: undefined,
      },
    ]);
    expect(view.playbookChoices).toEqual([]);
    expect(openStepsView(c, ["nla", "oud"], deps)).toEqual([
      { id: "nla", title: text("NLA") },
      { id: "oud" },
    ]);
  });

  it("should name a playbook the content no longer has by its id only, and offer the loaded ones", () => {
    const c = record({
      playbook: { id: "weg", attachedAt: "2026-03-02T09:30:00.000Z", attachedBy: coby, steps: [] },
      status: "closed",
      closed: { reason: "Klaar", by: coby, at: "2026-03-02T11:00:00.000Z", openSteps: ["a", "b"] },
    });
    const view = caseDetailView(c, deps);
    expect(view.playbook).toEqual({
      id: "weg",
      attachedBy: "Coby",
      attachedAt: "2026-03-02T09:30:00.000Z",
      steps: [],
    });
    expect(view.playbookChoices).toEqual([{ id: "arbeid", title: text("Arbeid") }]);
    expect(view.closed).toEqual({
      reason: "Klaar",
      by: "Coby",
      at: "2026-03-02T11:00:00.000Z",
      openSteps: ["a", "b"],
    });
    expect(caseDetailView(record(), deps).playbook).toBeUndefined();
  });

  it("should give each referral its index and whether the reporter's details may go with it", () => {
    const at = "2026-03-02T09:45:00.000Z";
    const view = caseDetailView(
      record({
        referrals: [
          { to: "politie", note: "", by: coby, at },
          { to: "riec", note: "n", by: coby, at, withReporter: true },
        ],
      }),
      deps,
    );
    expect(view.referrals).toEqual([
      { index: 0, to: "politie", note: "", by: "Coby", at, withReporter: false },
      { index: 1, to: "riec", note: "n", by: "Coby", at, withReporter: true },
    ]);
  });

  it("should show only the contact details a partner has", () => {
    const partners = {
      ...PARTNERS,
      comensha: { naam: "CoMensha", route: "Bel", telefoon: "1", email: "e@x.nl", website: "https://x.nl/" },
    };
    expect(partnerView(partners, "comensha")).toEqual({
      id: "comensha",
      name: "CoMensha",
      route: "Bel",
      telefoon: "1",
      email: "e@x.nl",
      website: "https://x.nl/",
    });
    expect(Object.keys(partnerView(partners, "riec"))).toEqual(["id", "name", "route"]);
  });

  it("should give an audit line its result code and nothing else of the detail", () => {
    expect(
      auditLineView({
        id: "3c14da00-84ff-4019-a33f-3996cb74c231",
        caseId: "c",
        at: "2026-03-02T09:45:00.000Z",
        actor: coby,
        action: "case.summary",
        allowed: true,
        detail: { result: "ok", to: "politie", index: 0 },
      }),
    ).toEqual({
      at: "2026-03-02T09:45:00.000Z",
      actor: "Coby",
      action: "case.summary",
      allowed: true,
      result: "ok",
    });
  });
});
