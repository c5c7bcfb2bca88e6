import { basicsFeature } from "../../../src/bot/features/basics.js";
import { actionsOf, hasInvokeAnswer, visibleText } from "../../harness/replies.js";
import type { KeyValueStore } from "../../../src/storage/key-value-store.js";
import {
  atCard,
  cardTitles,
  featureBot,
  inChannel,
  memoryKeyValueStore,
  NOW,
  personal,
  said,
  savedData,
  welcomed,
} from "./setup.js";

const MAIN_VERBS = ["check.menu", "help.ask", "report.start", "help.show"];

describe("basics feature", () => {
  it("should answer help with the command overview after the welcome, and the welcome only once", async () => {
    const { chat } = featureBot({ features: [basicsFeature()] });
    const tess = personal("Tess");
    const first = await chat.say(tess, "help");
    expect(cardTitles(first)).toEqual(["Welkom bij Signaalwijzer", "Wat kan ik voor je doen?"]);
    const help = visibleText([first[1]!]);
    expect(help).toContain("check: start een signaalcheck");
    expect(help).toContain("mijn meldingen: bekijk je meldingen en hun status");
    expect(help).toContain("Is er nu gevaar? Bel direct 112.");
    expect(help).not.toContain("Voor coördinatoren");
    expect(actionsOf([first[1]!]).map((a) => a.verb)).toEqual(MAIN_VERBS);
    for (const greeting of ["hallo", "Menu", "wat kun je?"]) {
      const again = await chat.say(tess, greeting);
      expect(cardTitles(again)).toEqual(["Wat kan ik voor je doen?"]);
    }
  });

  it("should show coordinators their own commands, and nobody else", async () => {
    const { chat } = featureBot({ features: [basicsFeature()], coordinators: ["coord-1"] });
    const coby = personal("Coby", { id: "coord-1" });
    const text = visibleText(await chat.click(coby, "help.show"));
    expect(text).toContain("Voor coördinatoren");
    expect(text).toContain("registreer meldpunt: typ dit in het kanaal van het meldpunt");
    expect(text).toContain("meldpunt status: open meldingen en meldingen die niet bezorgd konden worden");
    expect(visibleText(await chat.click(personal("Rita"), "help.show"))).not.toContain("Voor coördinatoren");
  });

  it("should answer the Help button with the overview in the chat and nothing at the card", async () => {
    const { chat } = featureBot({ features: [basicsFeature()] });
    const replies = await chat.click(personal("Tess"), "help.show");
    expect(hasInvokeAnswer(replies)).toBe(false);
    // A click gets no welcome card: only the overview.
    expect(cardTitles(replies)).toEqual(["Wat kan ik voor je doen?"]);
  });

  it("should answer 'Stel een vraag' with how to ask, as text", async () => {
    const { chat } = featureBot({ features: [basicsFeature()] });
    const replies = await chat.click(personal("Tess"), "help.ask");
    expect(hasInvokeAnswer(replies)).toBe(false);
    expect(said(replies)).toEqual([
      "Typ je vraag in je eigen woorden, bijvoorbeeld: “Wat doe ik als iemand geen eigen paspoort heeft?”",
    ]);
  });

  it("should speak English to English Teams", async () => {
    const { chat } = featureBot({ features: [basicsFeature()], coordinators: ["coord-en"] });
    const ann = personal("Ann", { id: "coord-en", locale: "en-US" });
    const help = visibleText(await chat.click(ann, "help.show"));
    expect(help).toContain("What can I do for you?");
    expect(help).toContain("nederlands: schakel naar Nederlands");
    expect(help).toContain("For coordinators");
    expect(help).toContain("[Start signal check]");
    expect(help).not.toContain("Wat kan ik voor je doen?");
    expect(said(await chat.click(ann, "help.ask"))).toEqual([
      "Type your question in your own words, for example: “What do I do if someone does not have their own passport?”",
    ]);
  });

  it("should follow the language the user chose over the Teams locale", async () => {
    const { chat } = featureBot({ features: [basicsFeature()] });
    const tess = await welcomed(chat, personal("Tess"));
    expect(said(await chat.say(tess, "english"))).toEqual(["I will speak English with you now."]);
    expect(visibleText(await chat.say(tess, "help"))).toContain("What can I do for you?");
    await chat.say(tess, "nederlands");
    expect(visibleText(await chat.click(tess, "help.show"))).toContain("Wat kan ik voor je doen?");
  });

  it("should answer help in a channel with the overview but no welcome card", async () => {
    const { chat } = featureBot({ features: [basicsFeature()] });
    const member = inChannel(personal("Kanaallid"));
    const typed = await chat.say(member, "help");
    expect(cardTitles(typed)).toEqual(["Wat kan ik voor je doen?"]);
    const clicked = await chat.click(member, "help.show");
    expect(cardTitles(clicked)).toEqual(["Wat kan ik voor je doen?"]);
  });

  it("should take its buttons whatever extra data a client adds, since they carry none", async () => {
    const { chat } = featureBot({ features: [basicsFeature()] });
    const tess = personal("Tess");
    for (const data of [{ stray: 1 }, "text", [1, 2], null]) {
      const replies = await chat.click(tess, "help.show", data);
      expect(cardTitles(replies)).toEqual(["Wat kan ik voor je doen?"]);
    }
  });

  it("should refuse a verb it does not know, and one whose feature is not wired, with the same notice", async () => {
    const { chat } = featureBot({ features: [basicsFeature()] });
    for (const verb of ["help.nope", "check.menu"]) {
      expect(visibleText(await chat.click(personal("Tess"), verb))).toBe(
        "Deze knop werkt niet meer. Typ **help** voor wat je nu kunt doen.",
      );
    }
  });

  it("should let a user choose their department, keep it per person, and refuse one that does not exist", async () => {
    const { chat, kv } = featureBot({ features: [basicsFeature()] });
    const tess = await welcomed(chat, personal("Tess"));
    const choice = await chat.say(tess, "afdeling");
    expect(cardTitles(choice)).toEqual(["Bij welke afdeling werk je?"]);
    expect(actionsOf(choice).map((a) => a.data.department)).toEqual([
      "wijkteam",
      "wmo",
      "schuldhulp",
      "handhaving",
      "leerplicht",
      "burgerzaken",
      "kcc",
      "anders",
    ]);
    expect(atCard(await chat.click(tess, "prefs.department", { department: "schuldhulp" }))).toEqual([
      "Opgeslagen: Schuldhulp. Je kunt dit altijd wijzigen met **afdeling**.",
    ]);
    const stored = await kv.read([`pref/user/${tess.id}`]);
    expect(stored[`pref/user/${tess.id}`]).toMatchObject({ department: "schuldhulp" });
    expect(visibleText(await chat.say(tess, "mijn afdeling"))).toContain("Nu gekozen: Schuldhulp.");
    expect(visibleText(await chat.click(tess, "prefs.department", { department: "politie" }))).toMatch(
      /klopt niet/,
    );
    expect((await kv.read([`pref/user/${tess.id}`]))[`pref/user/${tess.id}`]).toMatchObject({
      department: "schuldhulp",
    });
  });

  it("should not post the welcome card into a channel the bot is added to", async () => {
    const { chat } = featureBot({ features: [basicsFeature()] });
    expect(cardTitles(await chat.install(inChannel(personal("Kanaallid"))))).toEqual([]);
  });
});

describe("saving the conversation", () => {
  /** The keys each write of the store was given, in order. */
  function countingStore(): { kv: KeyValueStore; writes: string[][] } {
    const kv = memoryKeyValueStore();
    const writes: string[][] = [];
    const write = kv.write.bind(kv);
    kv.write = async (changes) => {
      writes.push(Object.keys(changes));
      await write(changes);
    };
    return { kv, writes };
  }

  it("should not write a turn that changed nothing, and write again on a new day", async () => {
    const { kv, writes } = countingStore();
    let now = new Date(NOW);
    const { chat } = featureBot({ features: [basicsFeature()], kv, clock: () => new Date(now) });
    const tess = personal("Tess");
    await chat.say(tess, "help");
    const conversationWrites = () => writes.filter((keys) => keys.some((k) => k.startsWith("conversation/")));
    expect(conversationWrites()).toHaveLength(1);
    await chat.say(tess, "help");
    await chat.click(tess, "help.show");
    expect(conversationWrites()).toHaveLength(1);
    now = new Date(NOW.getTime() + 24 * 3600_000);
    await chat.say(tess, "help");
    expect(conversationWrites()).toHaveLength(2);
    expect((await savedData(kv, tess))?.["seen"]).toBe("2026-03-03");
  });

  it("should run a turn again on the state that won when another instance saved it between read and write", async () => {
    const { kv, writes } = countingStore();
    let now = new Date(NOW);
    const { chat } = featureBot({ features: [basicsFeature()], kv, clock: () => new Date(now) });
    const tess = personal("Tess");
    await chat.say(tess, "help");
    // On the next day's first write, another instance saves the conversation first (with the eTag both read).
    const write = kv.write.bind(kv);
    let raced = false;
    kv.write = async (changes) => {
      const conversation = Object.keys(changes).find((k) => k.startsWith("conversation/"));
      if (conversation && !raced) {
        raced = true;
        const current = (await kv.read([conversation]))[conversation]!;
        await write({ [conversation]: { ...current, handled: ["other-instance"] } });
      }
      await write(changes);
    };
    now = new Date(NOW.getTime() + 24 * 3600_000);
    const replies = await chat.say(tess, "help");
    expect(cardTitles(replies)).toEqual(["Wat kan ik voor je doen?"]);
    const saved = await savedData(kv, tess);
    expect({ handled: saved?.["handled"], seen: saved?.["seen"] }).toEqual({
      handled: ["other-instance"],
      seen: "2026-03-03",
    });
    // The first help, the other instance, the write that lost, and its retry.
    expect(writes.filter((keys) => keys.some((k) => k.startsWith("conversation/")))).toHaveLength(4);
  });
});
