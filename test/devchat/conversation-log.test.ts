import { ConversationLog, type LogEvent } from "../../src/devchat/conversation-log.js";

const small = { conversations: 3, activitiesPerConversation: 4, listeners: 2 };
const message = (text: string) => ({ type: "message", text });

describe("ConversationLog", () => {
  it("should give each activity an id, the conversation and a time, and tell the listeners", () => {
    const log = new ConversationLog(small, () => new Date("2026-12-01T10:00:00Z"));
    const heard: LogEvent[] = [];
    log.listen("c1", (e) => heard.push(e));
    const a = log.append("c1", {
      ...message("hallo"),
      conversation: { id: "other", conversationType: "personal" },
    });
    expect(a).toMatchObject({
      type: "message",
      text: "hallo",
      conversation: { id: "c1", conversationType: "personal" },
      timestamp: "2026-12-01T10:00:00.000Z",
    });
    expect(heard).toEqual([{ kind: "activity", seq: 1, activity: a }]);
    log.append("c2", message("elders"));
    expect(heard).toHaveLength(1);
  });

  it("should replace an updated activity in place, keeping its id and place, and refuse unknown ids", () => {
    const log = new ConversationLog(small);
    const card = log.append("c1", message("kaart"));
    log.append("c1", message("daarna"));
    const updated = log.update("c1", card.id, { type: "message", text: "nieuwe kaart", id: "forged" });
    expect(updated).toMatchObject({ id: card.id, text: "nieuwe kaart", conversation: { id: "c1" } });
    expect(log.since("c1", 0).map((e) => [e.kind, e.activity.text])).toEqual([
      ["activity", "nieuwe kaart"],
      ["activity", "daarna"],
    ]);
    expect(log.update("c1", "devchat-act-999", message("x"))).toBeUndefined();
    expect(log.update("nope", card.id, message("x"))).toBeUndefined();
  });

  it("should replay what a reconnecting page missed: new activities in order, then updates of older ones", () => {
    const log = new ConversationLog(small);
    const first = log.append("c1", message("een"));
    const seen = log.lastSeq;
    log.append("c1", message("twee"));
    log.update("c1", first.id, message("een, bijgewerkt"));
    expect(log.since("c1", seen).map((e) => [e.kind, e.activity.text])).toEqual([
      ["activity", "twee"],
      ["update", "een, bijgewerkt"],
    ]);
    expect(log.since("c1", log.lastSeq)).toEqual([]);
  });

  it("should keep only the newest activities of a conversation and the most recently used conversations", () => {
    const log = new ConversationLog(small);
    for (let i = 1; i <= 6; i++) log.append("c1", message(`m${i}`));
    expect(log.since("c1", 0).map((e) => e.activity.text)).toEqual(["m3", "m4", "m5", "m6"]);
    log.append("c2", message("c2"));
    log.append("c3", message("c3"));
    log.append("c1", message("c1 again"));
    log.append("c4", message("c4"));
    // c2 was used least recently, so it went when c4 came.
    expect(log.since("c2", 0)).toEqual([]);
    expect(log.since("c1", 0)).toHaveLength(4);
    expect(log.since("c3", 0)).toHaveLength(1);
  });

  it("should refuse a listener beyond the limit until one stops", () => {
    const log = new ConversationLog(small);
    const stopA = log.listen("c1", () => undefined);
    const stopB = log.listen("c2", () => undefined);
    expect(stopA && stopB).toBeDefined();
    expect(log.listen("c1", () => undefined)).toBeUndefined();
    stopA!();
    stopA!();
    const stopC = log.listen("c1", () => undefined);
    expect(stopC).toBeDefined();
    expect(log.listen("c3", () => undefined)).toBeUndefined();
  });
});
