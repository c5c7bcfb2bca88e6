/**
 * @module cases/coordinators
 * Who may act on cases, from settings: every listed coordinator may claim, ask, refer and close; the on-duty
 * subset also gets each new case in their personal chat.
 */

/** The coordinators of the contact point by Teams user id (AAD object id); `onDuty` is a subset of `ids`. */
export interface Coordinators {
  readonly ids: readonly string[];
  readonly onDuty: readonly string[];
}

/** True when `userId` may act on cases. */
export function isCoordinator(coordinators: Coordinators, userId: string): boolean {
  return coordinators.ids.includes(userId);
}

/** The on-duty coordinators who are also listed coordinators (an id only in the on-duty list is ignored). */
export function onDutyCoordinators(coordinators: Coordinators): string[] {
  return coordinators.onDuty.filter((id) => coordinators.ids.includes(id));
}
