import { isCoordinator, onDutyCoordinators } from "../../src/cases/coordinators.js";

describe("coordinators", () => {
  it("should know who may act and ignore on-duty ids that are not coordinators", () => {
    const c = { ids: ["a", "b"], onDuty: ["b", "x"] };
    expect([isCoordinator(c, "a"), isCoordinator(c, "x")]).toEqual([true, false]);
    expect(onDutyCoordinators(c)).toEqual(["b"]);
  });
});
