/**
 * @module devchat/web/main
 * The local web chat in the browser. It posts to `/api/messages` as a channel would and hears everything the bot
 * sends (replies, proactive messages, card updates) from the connector emulation's event stream
 * (`/chat/events`), which also replays the conversation after a reload. What the user types is recorded in that
 * same log first, so the page shows one ordered transcript. Bot text is markdown, escaped before it becomes HTML;
 * the user's own text is only ever a text node.
 */
import {
  cardUpdate,
  cardsOf,
  executeActivity,
  messageActivity,
  readInvokeAnswer,
  submitActivity,
  welcomeActivity,
  type Activity,
  type Session,
} from "./activities.js";
import { renderCard, type CardClick } from "./cards.js";
import { markdownToHtml } from "./markdown.js";
import { fill, langOf, textsFor } from "./texts.js";

const USER_KEY = "signaalwijzer.devchat.user";
const CONNECTOR = "/chat/connector";
/** The bot refuses longer messages (conversation/classify MAX_TEXT_LENGTH). */
const MAX_TEXT = 4000;

const locale = navigator.language || "nl-NL";
const texts = textsFor(langOf(locale));
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const list = byId<HTMLOListElement>("messages");
const status = byId<HTMLParagraphElement>("status");
const form = byId<HTMLFormElement>("composer");
const input = byId<HTMLInputElement>("input");
const send = byId<HTMLButtonElement>("send");
const newChat = byId<HTMLButtonElement>("new-chat");

/** The stable user of this browser (kept in localStorage), or a new one. */
function loadUser(fresh = false): string {
  let id = fresh ? null : localStorage.getItem(USER_KEY);
  if (!id || !/^devchat-user-[\w-]{1,64}$/.test(id)) {
    id = `devchat-user-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem(USER_KEY, id);
  }
  return id;
}

function sessionFor(userId: string): Session {
  return {
    userId,
    userName: texts.userName,
    conversationId: userId.replace(/^devchat-user-/, "devchat-conv-"),
    serviceUrl: `${location.origin}${CONNECTOR}`,
    locale,
  };
}

let session = sessionFor(loadUser());
let events: EventSource | undefined;
let pending = 0;
let connected = false;
let focusOnReady = true;

function showStatus(): void {
  status.textContent = !connected ? texts.connecting : pending > 0 ? texts.busy : "";
  input.disabled = !connected;
  send.disabled = !connected;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Posts an activity to the bot; returns the HTTP status and the JSON body (the invoke answer), if any. */
async function toBot(activity: Activity): Promise<{ status: number; body: unknown } | undefined> {
  pending++;
  showStatus();
  try {
    const res = await fetch("/api/messages", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    if (!res.ok && activity.type !== "invoke") notify(fill(texts.botError, { status: String(res.status) }));
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  } catch {
    notify(texts.unreachable);
    return undefined;
  } finally {
    pending--;
    showStatus();
  }
}

/** Adds an activity to the conversation log (the user's own messages, a card replaced by a click's answer). */
async function toLog(activity: Activity, activityId?: string): Promise<boolean> {
  const base = `${CONNECTOR}/v3/conversations/${encodeURIComponent(session.conversationId)}/activities`;
  try {
    const res = await fetch(activityId ? `${base}/${encodeURIComponent(activityId)}` : base, {
      method: activityId ? "PUT" : "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(activity),
    });
    return res.ok;
  } catch {
    notify(texts.unreachable);
    return false;
  }
}

/** A line from the page itself (an error), shown in the conversation and announced. */
function notify(text: string): void {
  const li = element("li", "msg system");
  li.append(element("p", "system-text", text));
  append(li);
}

function append(li: HTMLLIElement): void {
  list.append(li);
  li.scrollIntoView({ block: "start", behavior: "auto" });
}

function timeOf(activity: Activity): HTMLTimeElement | undefined {
  const at = typeof activity.timestamp === "string" ? new Date(activity.timestamp) : undefined;
  if (!at || Number.isNaN(at.getTime())) return undefined;
  const time = element("time", "at", at.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" }));
  time.dateTime = at.toISOString();
  return time;
}

/** A click on a card of activity `cardId`: sent as the channel would, its answer shown at the card. */
async function onCardClick(cardId: string, click: CardClick, holder: HTMLElement): Promise<void> {
  const notice = holder.querySelector<HTMLElement>(".notice");
  if (notice) notice.hidden = true;
  holder.setAttribute("aria-busy", "true");
  holder.inert = true;
  const id = crypto.randomUUID();
  try {
    if (click.kind === "submit") {
      await toBot(submitActivity(session, click.data, cardId, id, new Date()));
      return;
    }
    const answer = await toBot(executeActivity(session, click, cardId, id, new Date()));
    if (!answer) return;
    const read = readInvokeAnswer(answer.status, answer.body);
    // The answer card replaces the clicked one in the log, as Teams keeps it; the update event redraws it.
    if (read.kind === "card" && (await toLog(cardUpdate(read.card), cardId))) return;
    const text =
      read.kind === "notice"
        ? read.text
        : read.kind === "error"
          ? fill(texts.botError, { status: String(read.status) })
          : read.kind === "card"
            ? texts.cardError
            : "";
    if (notice && text) {
      notice.textContent = text;
      notice.hidden = false;
    }
  } finally {
    holder.removeAttribute("aria-busy");
    holder.inert = false;
  }
}

/** The list item of a message activity: who, when, the text and the cards, with a place for a click's notice. */
function renderMessage(activity: Activity, proactive: boolean): HTMLLIElement {
  const from = (activity.from ?? {}) as { id?: unknown; role?: unknown };
  const mine = from.role === "user" || from.id === session.userId;
  const li = element("li", `msg ${mine ? "mine" : "bot"}`);
  li.dataset.activityId = String(activity.id);
  if (proactive) li.dataset.proactive = "true";
  const head = element("p", "head");
  head.append(element("span", "who", mine ? texts.you : texts.bot));
  if (proactive) head.append(element("span", "tag", texts.proactive));
  const time = timeOf(activity);
  if (time) head.append(time);
  li.append(head);
  const text = typeof activity.text === "string" ? activity.text : "";
  if (text) {
    const bubble = element("div", "bubble");
    // The user's text is plain; the bot's is markdown, escaped by markdownToHtml before any markup is added.
    if (mine) bubble.append(element("p", "plain", text));
    else bubble.innerHTML = markdownToHtml(text);
    li.append(bubble);
  }
  for (const card of cardsOf(activity)) {
    const holder = element("div", "card");
    holder.tabIndex = -1;
    const rendered = renderCard(card, (click) => void onCardClick(String(activity.id), click, holder));
    holder.append(rendered ?? element("p", "system-text", texts.cardError));
    const notice = element("p", "notice");
    notice.setAttribute("role", "status");
    notice.hidden = true;
    holder.append(notice);
    li.append(holder);
  }
  if (!text && cardsOf(activity).length === 0) li.append(element("p", "system-text", texts.emptyMessage));
  return li;
}

/** Shows one event of the stream: a new activity, or a new version of one already shown. */
function show(kind: "activity" | "update", activity: Activity): void {
  if (activity.type !== "message") return;
  // A bot message that answers nothing came on the bot's own initiative (a status change, a question).
  const fromUser = (activity.from as { role?: unknown } | undefined)?.role === "user";
  const proactive = !fromUser && !activity.replyToId;
  const existing = list.querySelector<HTMLLIElement>(
    `li[data-activity-id="${CSS.escape(String(activity.id))}"]`,
  );
  if (kind === "update" && existing) {
    const hadFocus = existing.contains(document.activeElement) || document.activeElement === document.body;
    const fresh = renderMessage(activity, existing.dataset.proactive === "true");
    existing.replaceWith(fresh);
    if (hadFocus) fresh.querySelector<HTMLElement>(".card")?.focus({ preventScroll: true });
    return;
  }
  if (existing) return;
  append(renderMessage(activity, proactive));
}

function connect(): void {
  events?.close();
  connected = false;
  showStatus();
  const source = new EventSource(`/chat/events?conversation=${encodeURIComponent(session.conversationId)}`);
  events = source;
  const data = (e: Event) => JSON.parse((e as MessageEvent<string>).data) as Activity;
  source.addEventListener("reset", () => list.replaceChildren());
  source.addEventListener("activity", (e) => show("activity", data(e)));
  source.addEventListener("update", (e) => show("update", data(e)));
  source.addEventListener("ready", (e) => {
    connected = true;
    showStatus();
    // The box was disabled while connecting; after opening the page or a new conversation, the user types.
    if (focusOnReady) input.focus();
    focusOnReady = false;
    // A conversation the log has never seen: the bot is "installed" and says hello.
    if ((data(e) as { empty?: boolean }).empty)
      void toBot(welcomeActivity(session, crypto.randomUUID(), new Date()));
  });
  source.addEventListener("error", () => {
    connected = false;
    status.textContent = texts.reconnecting;
    input.disabled = true;
    send.disabled = true;
    // EventSource retries by itself unless the server refused the stream; then try again in a while.
    if (source.readyState === EventSource.CLOSED) setTimeout(() => events === source && connect(), 3000);
  });
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = input.value.trim().slice(0, MAX_TEXT);
  if (!text || !connected) return;
  input.value = "";
  const activity = messageActivity(session, text, crypto.randomUUID(), new Date());
  void (async () => {
    // Logged first, so the transcript shows the message before the replies it causes.
    await toLog({ type: "message", from: activity.from, text, textFormat: "plain" });
    await toBot(activity);
  })();
});

newChat.addEventListener("click", () => {
  session = sessionFor(loadUser(true));
  list.replaceChildren();
  focusOnReady = true;
  connect();
});

document.title = texts.title;
document.documentElement.lang = langOf(locale);
byId("banner-title").textContent = texts.banner;
byId("banner-detail").textContent = texts.bannerDetail;
byId("input-label").textContent = texts.inputLabel;
list.setAttribute("aria-label", texts.conversation);
input.placeholder = texts.placeholder;
input.maxLength = MAX_TEXT;
send.textContent = texts.send;
newChat.textContent = texts.newChat;
connect();
