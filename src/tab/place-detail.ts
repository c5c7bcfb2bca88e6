/**
 * @module tab/place-detail
 * The tab's view of the reports about a case's place (cases/place-links): the earlier and later reports, the
 * cluster hint, and the timelines of this case and the most recent linked ones, to be shown side by side. Pure.
 */
import type { CaseRecord } from "../cases/case-schema.js";
import { linkedCase, type PlaceLinks } from "../cases/place-links.js";
import type { PlaceLinksView } from "./web/contract.js";

/** This case and at most this many linked cases get a timeline column (a wider table does not fit the tab). */
export const TIMELINE_LINKED = 4;

/** The view of `links` for case `record`; `usable: false` when the case has no place key. */
export function placeLinksView(record: CaseRecord, links: PlaceLinks | undefined): PlaceLinksView {
  if (!record.placeKey || !links) return { usable: false };
  const linked = [...links.earlier, ...links.later];
  const recent = linked.slice(-TIMELINE_LINKED);
  const columns = [linkedCase(record), ...recent].map((c) => ({
    number: c.number,
    current: c.id === record.id,
    events: c.events,
  }));
  return {
    usable: true,
    earlier: links.earlier,
    later: links.later,
    ...(links.cluster ? { cluster: links.cluster } : {}),
    timeline: columns,
  };
}
