/**
 * @module tab/web/api
 * The tab's calls to `/api/tab/*`. Every call carries the host's SSO token as a bearer token (none outside Teams;
 * in development mode the server stands in a local identity). Answers are values: a read is `ok` with its JSON
 * or fails with the HTTP status (0 when the server could not be reached); an action answers its `status` union.
 */
import type {
  ActionAnswer,
  ActionBodies,
  CaseSummary,
  CaseWithAudit,
  Insight,
  Me,
  ReferralSummary,
} from "./contract.js";
import type { Lang } from "./texts.js";

/** A read: its value, or the HTTP status it failed with (0: no answer at all). */
export type Read<T> = { ok: true; value: T } | { ok: false; status: number };

/** An action's answer, or a failure outside the contract (an unexpected status, or no answer). */
export type ActionResult = ActionAnswer | { status: "http_error"; code: number } | { status: "offline" };

/** The API client of the tab. */
export interface TabApi {
  me(): Promise<Read<Me>>;
  cases(view: "open" | "closed" | "all"): Promise<Read<{ cases: CaseSummary[] }>>;
  case(id: string): Promise<Read<CaseWithAudit>>;
  act<A extends keyof ActionBodies>(id: string, action: A, body: ActionBodies[A]): Promise<ActionResult>;
  /** The summary of referral `index` of case `id` in `lang`, to copy or print (the server audits it). */
  referralSummary(id: string, index: number, lang: Lang): Promise<Read<ReferralSummary>>;
  insight(from: string, to: string): Promise<Read<Insight>>;
  insightCsv(from: string, to: string): Promise<Read<Blob>>;
}

const ACTION_STATUSES = new Set([
  "ok",
  "already_claimed",
  "closed",
  "invalid",
  "forbidden",
  "not_found",
  "steps_open",
  "no_step",
  "step_full",
]);

/** A client that asks `token` for a bearer token before each call (the host caches and renews it). */
export function createApi(token: () => Promise<string | undefined>): TabApi {
  const call = async (
    path: string,
    init: RequestInit = {},
    accept = "application/json",
  ): Promise<Response | undefined> => {
    const bearer = await token();
    const headers = new Headers(init.headers);
    headers.set("accept", accept);
    if (bearer) headers.set("authorization", `Bearer ${bearer}`);
    try {
      return await fetch(path, { ...init, headers, credentials: "same-origin" });
    } catch {
      return undefined;
    }
  };
  const read = async <T>(path: string): Promise<Read<T>> => {
    const res = await call(path);
    if (!res) return { ok: false, status: 0 };
    if (!res.ok) return { ok: false, status: res.status };
    return { ok: true, value: (await res.json()) as T };
  };
  const month = (from: string, to: string) => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  return {
    me: () => read("/api/tab/me"),
    cases: (view) => read(`/api/tab/cases?view=${view}`),
    case: (id) => read(`/api/tab/cases/${encodeURIComponent(id)}`),
    act: async (id, action, body) => {
      const res = await call(`/api/tab/cases/${encodeURIComponent(id)}/${action}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!res) return { status: "offline" };
      const answer = (await res.json().catch(() => undefined)) as { status?: unknown } | undefined;
      if (answer && typeof answer.status === "string" && ACTION_STATUSES.has(answer.status)) {
        return answer as ActionAnswer;
      }
      return { status: "http_error", code: res.status };
    },
    referralSummary: (id, index, lang) =>
      read(`/api/tab/cases/${encodeURIComponent(id)}/referrals/${index}/summary?lang=${lang}`),
    insight: (from, to) => read(`/api/tab/insight?${month(from, to)}`),
    insightCsv: async (from, to) => {
      const res = await call(`/api/tab/insight.csv?${month(from, to)}`, {}, "text/csv");
      if (!res) return { ok: false, status: 0 };
      if (!res.ok) return { ok: false, status: res.status };
      return { ok: true, value: await res.blob() };
    },
  };
}
