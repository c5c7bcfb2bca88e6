/**
 * @module cases/place-link-types
 * The shapes of linked reports about one place (cases/place-links builds them), apart from the code so the tab's
 * browser bundle can name them too: this module imports types only, and nothing that needs Node.
 */
import type { CaseStatus, Outcome, ReferralTarget } from "./case-schema.js";

/** One step in a case's life, for the side-by-side timeline of linked cases. */
export interface TimelineEvent {
  at: string;
  kind: "reported" | "claimed" | "referred" | "overridden" | "closed";
  /** The partner of a referral. */
  to?: ReferralTarget;
}

/** A case about the same place, as a coordinator sees it beside another: no description, no reporter. */
export interface LinkedCase {
  id: string;
  number: string;
  createdAt: string;
  outcome: Outcome;
  department: string;
  status: CaseStatus;
  events: TimelineEvent[];
}

/** The cluster hint's figures: reports, distinct departments and the period in months. */
export interface ClusterHint {
  reports: number;
  departments: number;
  months: number;
}

/** The other cases about a case's place, oldest first on each side, and the cluster hint when there is one. */
export interface PlaceLinks {
  earlier: LinkedCase[];
  later: LinkedCase[];
  cluster?: ClusterHint;
}
