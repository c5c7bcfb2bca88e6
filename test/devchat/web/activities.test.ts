import {
  cardUpdate,
  cardsOf,
  executeActivity,
  messageActivity,
  readInvokeAnswer,
  submitActivity,
  welcomeActivity,
  type Session,
} from "../../../src/devchat/web/activities.js";

const session: Session = {
  userId: "devchat-user-1",
  userName: "Ontwikkelaar",
  conversationId: "devchat-conv-1",
  serviceUrl: "http://127.0.0.1:3978/chat/connector",
  locale: "nl-NL",
};
const now = new Date("2026-12-01T10:00:00Z");
const CARD = "application/vnd.microsoft.card.adaptive";

describe("the page's activities", () => {
  it("should send a message as a channel does: emulator channel, personal chat, the bot's own connector", () => {
    expect(messageActivity(session, "check", "a1", now)).toEqual({
      type: "message",
      id: "a1",
      text: "check",
      textFormat: "plain",
      channelId: "emulator",
      serviceUrl: session.serviceUrl,
      timestamp: "2026-12-01T10:00:00.000Z",
      locale: "nl-NL",
      from: { id: "devchat-user-1", name: "Ontwikkelaar", role: "user" },
      recipient: { id: "signaalwijzer", name: "Signaalwijzer", role: "bot" },
      conversation: { id: "devchat-conv-1", conversationType: "personal" },
    });
    expect(welcomeActivity(session, "a0", now)).toMatchObject({
      type: "conversationUpdate",
      membersAdded: [{ id: "signaalwijzer" }],
    });
  });

  it("should send Action.Execute as an adaptiveCard/action invoke and Action.Submit as a message value", () => {
    const click = { verb: "check.answer", data: { treeId: "t", optionIds: "a,b" }, actionId: "x" };
    expect(executeActivity(session, click, "card-1", "a2", now)).toMatchObject({
      type: "invoke",
      name: "adaptiveCard/action",
      replyToId: "card-1",
      value: {
        action: { type: "Action.Execute", id: "x", verb: "check.answer", data: click.data },
        trigger: "manual",
      },
    });
    const submit = submitActivity(session, { answer: "ja" }, "card-2", "a3", now);
    expect(submit).toMatchObject({ type: "message", replyToId: "card-2", value: { answer: "ja" } });
    expect(submit.text).toBeUndefined();
  });

  it("should read an invoke answer as a replacement card, a notice, nothing or an error", () => {
    const card = { type: "AdaptiveCard", body: [] };
    expect(readInvokeAnswer(200, { statusCode: 200, type: CARD, value: card })).toEqual({
      kind: "card",
      card,
    });
    expect(
      readInvokeAnswer(200, {
        statusCode: 200,
        type: "application/vnd.microsoft.activity.message",
        value: "Dank je",
      }),
    ).toEqual({ kind: "notice", text: "Dank je" });
    expect(
      readInvokeAnswer(200, {
        statusCode: 200,
        type: "application/vnd.microsoft.activity.message",
        value: "",
      }),
    ).toEqual({ kind: "none" });
    expect(readInvokeAnswer(200, undefined)).toEqual({ kind: "none" });
    expect(readInvokeAnswer(500, { error: "internal error" })).toEqual({ kind: "error", status: 500 });
    expect(readInvokeAnswer(200, { statusCode: 400, type: CARD, value: card })).toEqual({
      kind: "error",
      status: 400,
    });
  });

  it("should find the cards of an activity and wrap a replacement card", () => {
    const card = { type: "AdaptiveCard", body: [] };
    const update = cardUpdate(card);
    expect(cardsOf(update)).toEqual([card]);
    expect(cardsOf({ type: "message", attachments: [{ contentType: "image/png", content: {} }] })).toEqual(
      [],
    );
    expect(cardsOf({ type: "message" })).toEqual([]);
  });
});
