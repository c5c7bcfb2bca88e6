import { band, buttonList, MAX_BUTTON_TITLE } from "../../../src/bot/cards/adaptive.js";

const button = (title: string) => ({
  type: "Action.Execute",
  title,
  verb: "kb.topic",
  data: { topicId: title },
});

describe("band", () => {
  it("should put default-coloured items on a styled container", () => {
    const text = { type: "TextBlock", text: "Bel 112" };
    expect(band("attention", [text])).toEqual({ type: "Container", style: "attention", items: [text] });
  });
});

describe("buttonList", () => {
  it("should keep short titles as one ActionSet", () => {
    const actions = [button("Veilig Thuis"), button("Politie")];
    expect(buttonList(actions)).toEqual([{ type: "ActionSet", actions }]);
  });

  it("should list long titles as numbered text and number the buttons, keeping verb and data", () => {
    const long = "x".repeat(MAX_BUTTON_TITLE + 1);
    const [list, set] = buttonList([button("Politie"), button(long)]);
    expect(list).toMatchObject({ type: "TextBlock", text: `1. Politie\n2. ${long}`, wrap: true });
    expect(set).toEqual({
      type: "ActionSet",
      actions: [
        { ...button("Politie"), title: "1", tooltip: "Politie" },
        { ...button(long), title: "2", tooltip: long },
      ],
    });
  });
});
