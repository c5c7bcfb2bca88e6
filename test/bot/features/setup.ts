/**
 * Shared setup of the feature unit tests: a SignaalwijzerBot over an in-memory key-value store, driven through
 * botbuilder's TestAdapter by people in a personal chat or a channel; a logger that keeps what it is told; the
 * check content loaded once per test file; and the few texts every feature's refusals share. Reading cards is
 * left to test/harness/replies and test/helpers/cards.
 */
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { TestAdapter, type Activity } from "botbuilder";
import { pino } from "pino";
import { SignaalwijzerBot, type BotDeps } from "../../../src/bot/bot.js";
import type { ContactPointSettings } from "../../../src/bot/cards/check-cards.js";
import type { QuestionHandler } from "../../../src/bot/feature.js";
import { ReferenceStore } from "../../../src/bot/references.js";
import { handled } from "../../../src/bot/reply.js";
import type { SignalContent } from "../../../src/dialogs/engine.js";
import { loadDialogTrees } from "../../../src/dialogs/load.js";
import type { DialogTree } from "../../../src/dialogs/tree-schema.js";
import { ConcurrencyError } from "../../../src/errors.js";
import type { Logger } from "../../../src/log.js";
import { loadSignalContent } from "../../../src/signals/load.js";
import { eTagAllows, type KeyValueStore, type StoreItem } from "../../../src/storage/key-value-store.js";
import { cardsOf, clickActivity, type BotActivity } from "../../harness/replies.js";
import { cardTexts } from "../../helpers/cards.js";

const DIALOGS_DIR = fileURLToPath(new URL("../../../dialogs", import.meta.url));
/** The repository's knowledge/ folder. */
export const KNOWLEDGE_DIR = fileURLToPath(new URL("../../../knowledge", import.meta.url));

/** The time every feature test runs at: Monday 2 March 2026, 10:00 in Amsterdam. */
export const NOW = new Date("2026-03-02T09:00:00.000Z");

/** The bot's answer to a click whose payload does not fit its verb (the route map's parse failure). */
export const INVALID_INPUT =
  "Dat kon ik niet verwerken: de invoer klopt niet. Probeer het opnieuw of typ **help**.";
/** The bot's answer to checks, reports and questions typed in a group chat or channel. */
export const PERSONAL_ONLY =
  "Checks, meldingen en vragen horen in je persoonlijke chat met mij, zodat alleen jij ziet wat je invult. Ga verder in de persoonlijke chat. Bij acuut gevaar: bel 112.";

/** A test municipality's contact point, other than the example values in knowledge/municipality.yaml. */
export const CONTACT_POINT: ContactPointSettings = {
  contactPointName: "Meldpunt Mensenhandel Teststad",
  contactPointPhone: "14 099",
  contactPointEmail: "meldpunt@teststad.example",
};

/** Typed answers through the general check to an ESCALATE advice (as in test/helpers/all-cards.ts). */
export const TO_ESCALATE = ["huisbezoek", "persoon", "nee", "werk", "geen", "4", "geen", "geen"];

/** A key-value store in memory with the eTag rules of the real ones (storage/key-value-store). */
export function memoryKeyValueStore(): KeyValueStore {
  const items = new Map<string, { item: StoreItem; at: number }>();
  let written = 0;
  return {
    async read(keys) {
      const out: Record<string, StoreItem> = {};
      for (const key of keys) {
        const stored = items.get(key);
        if (stored) out[key] = structuredClone(stored.item);
      }
      return out;
    },
    async write(changes) {
      for (const [key, incoming] of Object.entries(changes)) {
        if (!eTagAllows(items.get(key)?.item, incoming))
          throw new ConcurrencyError(`eTag conflict on ${key}`);
      }
      for (const [key, incoming] of Object.entries(changes)) {
        items.set(key, { item: { ...structuredClone(incoming), eTag: String(++written) }, at: Date.now() });
      }
    },
    async delete(keys) {
      for (const key of keys) items.delete(key);
    },
    async purgeIdle(prefix, cutoff, dryRun) {
      const idle = [...items].filter(([key, v]) => key.startsWith(prefix) && v.at < cutoff.getTime());
      if (!dryRun) for (const [key] of idle) items.delete(key);
      return idle.length;
    },
    async checkWritable() {},
    async close() {},
  };
}

/** One structured log line as pino writes it. */
export type LogEntry = Record<string, unknown> & { msg?: string; level: number };

/** A logger that keeps every line (debug and up), so a test can say what was, and was not, logged. */
export function recordingLogger(): { logger: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => entries.push(JSON.parse(line)) });
  return { logger, entries };
}

/** A logger that says nothing, for collaborators whose logging a test does not look at. */
export const silentLogger = (): Logger => pino({ level: "silent" });

/** Someone talking to the bot: in their personal chat, or in a channel (a thread of it). */
export interface Person {
  id: string;
  name: string;
  locale: string;
  conversation: { id: string; conversationType: "personal" | "channel"; isGroup?: boolean };
  channelData?: Record<string, unknown>;
}

let people = 0;

/** A person in a personal chat of their own; Dutch Teams unless `locale` says otherwise. */
export function personal(name: string, options: { id?: string; locale?: string } = {}): Person {
  const id = options.id ?? `user-${++people}`;
  return {
    id,
    name,
    locale: options.locale ?? "nl-NL",
    conversation: { id: `a:personal-${id}`, conversationType: "personal" },
  };
}

/** The contact point's channel, as Teams names it. */
export const CHANNEL_ID = "19:meldpunt@thread.tacv2";

/** The same person in a thread of a team channel. */
export function inChannel(person: Person, channel = CHANNEL_ID): Person {
  return {
    ...person,
    conversation: { id: `${channel};messageid=1`, conversationType: "channel", isGroup: true },
    channelData: { channel: { id: channel }, team: { id: "19:team@thread.tacv2" } },
  };
}

const MENTION = "<at>Signaalwijzer</at>";

/** Talks to a bot through one TestAdapter; each call is one turn and returns everything the bot sent in it. */
export interface Chat {
  /** The bot is added to the person's conversation (a conversationUpdate); returns its welcome, if any. */
  install(person: Person): Promise<BotActivity[]>;
  /** A typed message; in a channel with the bot @mentioned, as Teams only sends those. */
  say(person: Person, text: string): Promise<BotActivity[]>;
  /** A click on the bot's button for `verb`, sent as Teams sends that button (see `clickActivity`). */
  click(person: Person, verb: string, data?: unknown, extra?: Partial<Activity>): Promise<BotActivity[]>;
  /** Any activity from `person`, over the addressing fields. */
  send(person: Person, activity: Partial<Activity>): Promise<BotActivity[]>;
}

/** A Chat with `bot` over botbuilder's TestAdapter (no HTTP, no ports). */
export function chatWith(bot: SignaalwijzerBot): Chat {
  const adapter = new TestAdapter((ctx) => bot.run(ctx));
  const send = async (person: Person, activity: Partial<Activity>): Promise<BotActivity[]> => {
    adapter.activeQueue.splice(0);
    await adapter.processActivity({
      channelId: "msteams",
      serviceUrl: "https://smba.example",
      locale: person.locale,
      from: { id: person.id, name: person.name, aadObjectId: person.id },
      recipient: { id: "bot-id", name: "Signaalwijzer" },
      conversation: { ...person.conversation },
      channelData: person.channelData,
      ...activity,
    } as Activity);
    return adapter.activeQueue.splice(0) as BotActivity[];
  };
  return {
    send,
    install: (person) =>
      send(person, { type: "conversationUpdate", membersAdded: [{ id: "bot-id", name: "Signaalwijzer" }] }),
    say: (person, text) =>
      person.conversation.conversationType === "personal"
        ? send(person, { type: "message", text })
        : send(person, {
            type: "message",
            text: `${MENTION} ${text}`,
            entities: [
              { type: "mention", text: MENTION, mentioned: { id: "bot-id", name: "Signaalwijzer" } },
            ],
          }),
    click: (person, verb, data = {}, extra = {}) => send(person, { ...clickActivity(verb, data), ...extra }),
  };
}

/** The person after the bot was installed in their chat, so later replies hold no welcome card. */
export async function welcomed(chat: Chat, person: Person): Promise<Person> {
  await chat.install(person);
  return person;
}

/** Stands in for the knowledge base where a test is not about it: it echoes the question it was given. */
export const echoKnowledge: QuestionHandler = {
  onQuestion: async (_turn, text) => handled([`kennisbank: ${text}`]),
};

/** A bot with `features` and the other collaborators in memory; `deps` replaces any of them. */
export function featureBot(deps: Partial<BotDeps> & Pick<BotDeps, "features">): {
  bot: SignaalwijzerBot;
  chat: Chat;
  kv: KeyValueStore;
  references: ReferenceStore;
} {
  const kv = deps.kv ?? memoryKeyValueStore();
  const references = deps.references ?? new ReferenceStore(kv);
  const bot = new SignaalwijzerBot({
    knowledge: echoKnowledge,
    coordinators: [],
    logger: silentLogger(),
    clock: () => new Date(NOW),
    ...deps,
    kv,
    references,
  });
  return { bot, chat: chatWith(bot), kv, references };
}

let checkContent: Promise<SignalContent & { trees: readonly DialogTree[] }> | undefined;

/**
 * The real signal catalogue, policy and check trees of dialogs/, loaded once per test file. Tree links to
 * knowledge topics are checked against the topic files on disk, so the knowledge base need not be loaded.
 */
export function loadCheckContent(): Promise<SignalContent & { trees: readonly DialogTree[] }> {
  checkContent ??= (async () => {
    const { catalogue, policy } = await loadSignalContent(DIALOGS_DIR);
    const files = await readdir(`${KNOWLEDGE_DIR}/topics`);
    const topicIds = new Set(files.filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3)));
    const trees = await loadDialogTrees(`${DIALOGS_DIR}/trees`, catalogue, topicIds);
    return { catalogue, policy, trees };
  })();
  return checkContent;
}

/** The chat messages among the replies (without the invoke response). */
export function messagesOf(replies: BotActivity[]): BotActivity[] {
  return replies.filter((a) => a.type === "message");
}

/** The chat as a person reads it, message by message: a text as it is, a card as the list of its texts. */
export function said(replies: BotActivity[]): Array<string | string[]> {
  return messagesOf(replies).map((a) => a.text ?? cardTexts(cardsOf([a])));
}

/** What the clicked card shows after the click: the notice at it, or the texts of the card that replaced it. */
export function atCard(replies: BotActivity[]): string[] {
  const response = replies.find((a) => a.type === "invokeResponse");
  const body = (response?.value as { body?: { type?: string; value?: unknown } } | undefined)?.body;
  if (!body) return [];
  if (body.type === "application/vnd.microsoft.card.adaptive") return cardTexts(body.value);
  return typeof body.value === "string" && body.value ? [body.value] : [];
}

/** The first text of each card in the chat: its title. */
export function cardTitles(replies: BotActivity[]): string[] {
  return cardsOf(replies).map((c) => cardTexts(c)[0] ?? "");
}

const stateKey = (person: Person) => `conversation/msteams/${person.conversation.id}`;

/** What the bot saved for the person's conversation (keyed as bot/bot keys it), for data no later turn shows. */
export async function savedData(kv: KeyValueStore, person: Person): Promise<StoreItem | undefined> {
  return (await kv.read([stateKey(person)]))[stateKey(person)];
}

/** Stores `data` as the person's conversation data, for a state only another feature's turns would leave. */
export async function seedData(
  kv: KeyValueStore,
  person: Person,
  data: Record<string, unknown>,
): Promise<void> {
  await kv.write({ [stateKey(person)]: { v: 1, welcomed: true, handled: [], ...data, eTag: "*" } });
}
