/**
 * @module cli/chat
 * A terminal chat with a running Signaalwijzer through its real `/api/messages` endpoint
 * (`deliveryMode: expectReplies`). Cards are shown as text with lettered buttons; type a letter to press one.
 * Anything else, numbers included, is sent as text, so "typ het nummer" on a card means what it says. A button
 * with inputs asks for them field by field first (chat-form). A small local listener receives proactive messages
 * (status updates) and shows them too. What the user types goes to the bot only; nothing is logged.
 *
 * @example
 * npm run chat                       # talks to http://127.0.0.1:3978
 * npm run chat -- --url http://host:3978 --user coordinator-1 --name "Co Ordinator"
 * echo "help" | npm run --silent chat -- --json   # one JSON activity per line, for scripts
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { buttonKey, formatButtons, prepareCard, styleMarkdown } from "./chat-card.js";
import { fillForm } from "./chat-form.js";
import { chatTexts } from "./chat-texts.js";
import { renderActivity, type PickableAction } from "./render-card.js";

const { values: args } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3978" },
    user: { type: "string", default: `chat-${randomUUID().slice(0, 8)}` },
    name: { type: "string", default: "Terminal gebruiker" },
    locale: { type: "string", default: "nl-NL" },
    channel: { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (args.help) {
  process.stdout.write(
    "npm run chat -- [--url URL] [--user ID] [--name NAME] [--locale nl-NL|en-US] [--channel CONVERSATION_ID] [--json]\n" +
      "Type a message (a number is sent as text, as a card's answer), or the letter of a button: a for [a].\n" +
      "A button with a form asks field by field; stop or annuleer cancels the form. /help, /quit.\n" +
      '--json: read lines from stdin (text, or {"click":{"verb":..,"data":{..}}}), print each reply as JSON.\n',
  );
  process.exit(0);
}

type Activity = Record<string, unknown>;
const ADAPTIVE = "application/vnd.microsoft.card.adaptive";
const conversationId = args.channel ?? `chat-conv-${args.user}`;
const texts = chatTexts(args.locale);
const ansi = process.stdout.isTTY === true;

/** A button of the latest cards, with the (prepared) activity it came from, for its inputs. */
interface Button {
  action: PickableAction;
  source: Activity;
}
let buttons: Button[] = [];

function write(text: string): void {
  process.stdout.write(styleMarkdown(text, ansi));
}

/** Receives proactive sends from the bot (it uses our URL as the channel's serviceUrl). */
const inbox = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Activity) : {};
    res.writeHead(200, { "content-type": "application/json" });
    if (req.method === "POST" && /^\/v3\/conversations\/?$/.test(req.url ?? "")) {
      res.end(JSON.stringify({ id: `${conversationId}-new` }));
      return;
    }
    res.end(JSON.stringify({ id: `proactive-${randomUUID()}` }));
    if (req.method === "POST" || req.method === "PUT")
      show([body], req.method === "PUT" ? texts.updated : texts.proactive, false);
  });
});
await new Promise<void>((resolve) => inbox.listen(0, "127.0.0.1", resolve));
const serviceUrl = `http://127.0.0.1:${(inbox.address() as AddressInfo).port}`;

function base(): Activity {
  return {
    channelId: "msteams",
    serviceUrl,
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    deliveryMode: "expectReplies",
    locale: args.locale,
    from: { id: args.user, name: args.name, aadObjectId: args.user },
    recipient: { id: "signaalwijzer", name: "Signaalwijzer" },
    conversation: { id: conversationId, conversationType: args.channel ? "channel" : "personal" },
  };
}

async function post(activity: Activity): Promise<Activity[]> {
  let res: Response;
  try {
    res = await fetch(`${args.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...base(), ...activity }),
    });
  } catch {
    throw new Error(`cannot reach ${args.url} — is the bot running? (npm start)`);
  }
  const text = await res.text();
  if (res.status === 401)
    throw new Error("the bot requires authentication (MicrosoftAppId is set); chat needs it off");
  if (!res.ok) throw new Error(`the bot answered HTTP ${res.status}: ${text}`);
  return ((text ? (JSON.parse(text) as { activities?: Activity[] }) : {}).activities ?? []) as Activity[];
}

/** The activity with its cards prepared for the terminal (chat-card). */
function prepare(activity: Activity): Activity {
  const attachments = Array.isArray(activity.attachments) ? (activity.attachments as Activity[]) : [];
  return {
    ...activity,
    attachments: attachments.map((a) =>
      a.contentType === ADAPTIVE ? { ...a, content: prepareCard(a.content as Activity, texts) } : a,
    ),
  };
}

/**
 * Prints activities, each card with its buttons under it. A reply's buttons replace the ones shown before (only
 * the latest cards can be pressed, keyed from [a]); a proactive message's buttons are added after them.
 */
function show(activities: Activity[], prefix = "", replace = true): void {
  if (args.json) {
    for (const a of activities) process.stdout.write(`${JSON.stringify(a)}\n`);
    return;
  }
  const fresh: Button[] = replace ? [] : [...buttons];
  for (const activity of activities) {
    let source: Activity;
    if (activity.type === "invokeResponse") {
      const body = (activity.value as { body?: { type?: string; value?: unknown } } | undefined)?.body;
      if (typeof body?.value === "string" && body.value) write(`${prefix}${body.value}\n`);
      if (body?.type !== ADAPTIVE) continue;
      source = prepare({ attachments: [{ contentType: ADAPTIVE, content: body.value }] });
      write(`${prefix}${texts.cardUpdated}\n`);
    } else if (activity.type === "message") {
      source = prepare(activity);
    } else continue;
    const r = renderActivity(source);
    // A text block may hold several lines (a markdown list); each is indented like the block.
    write(`\nSignaalwijzer ${prefix}> ${r.lines.flatMap((l) => l.split("\n")).join("\n  ")}\n`);
    if (r.actions.length) write(`${formatButtons(r.actions, fresh.length).join("\n")}\n`);
    fresh.push(...r.actions.map((action) => ({ action, source })));
  }
  buttons = fresh;
}

/** Reads typed lines one at a time; lines typed (or piped) ahead are queued, not lost. */
class LineReader {
  private readonly lines: string[] = [];
  private waiting?: (line: string | undefined) => void;
  private closed = false;
  constructor(private readonly rl: ReturnType<typeof createInterface>) {
    rl.on("line", (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(line);
      } else this.lines.push(line);
    });
    rl.on("close", () => {
      this.closed = true;
      this.waiting?.(undefined);
    });
  }
  /** The next line, or undefined at the end of input. */
  next(prompt: string): Promise<string | undefined> {
    process.stdout.write(prompt);
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waiting = resolve));
  }
  close(): void {
    this.rl.close();
  }
}

/** Presses a button; undefined when nothing was sent (a link, a sub-card opened, a cancelled form). */
async function press(rl: LineReader, { action, source }: Button): Promise<Activity[] | undefined> {
  if (action.type === "Action.OpenUrl") {
    write(`${texts.openInBrowser(action.url ?? "")}\n`);
    return undefined;
  }
  if (action.type === "Action.ShowCard" && action.card) {
    show([{ type: "message", attachments: [{ contentType: ADAPTIVE, content: action.card }] }]);
    return undefined;
  }
  if (action.value !== undefined) return post({ type: "message", text: action.value });
  const io = {
    ask: (prompt: string) => rl.next(styleMarkdown(prompt, ansi)),
    say: (l: string) => write(`${l}\n`),
  };
  const form = await fillForm(action.inputs, source, io, texts);
  if (form.status === "cancelled") {
    write(`${texts.formCancelled}\n`);
    return undefined;
  }
  const data = { ...form.values, ...(action.data ?? {}) };
  if (action.type === "Action.Submit") return post({ type: "message", value: data });
  return post({
    type: "invoke",
    name: "adaptiveCard/action",
    value: { action: { type: "Action.Execute", verb: action.verb, data }, trigger: "manual" },
  });
}

async function runJson(): Promise<void> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    if (trimmed.startsWith("{")) {
      const cmd = JSON.parse(trimmed) as {
        click?: { verb: string; data?: Record<string, unknown> };
        activity?: Activity;
      };
      if (cmd.click) {
        show(
          await post({
            type: "invoke",
            name: "adaptiveCard/action",
            value: { action: { type: "Action.Execute", verb: cmd.click.verb, data: cmd.click.data ?? {} } },
          }),
        );
      } else if (cmd.activity) show(await post(cmd.activity));
    } else {
      show(await post({ type: "message", text: trimmed }));
    }
  }
}

async function runInteractive(): Promise<void> {
  const rl = new LineReader(
    createInterface({
      input: process.stdin,
      output: process.stdin.isTTY ? process.stdout : undefined,
      terminal: process.stdin.isTTY,
    }),
  );
  write(`${texts.banner(args.url, args.name)} ${texts.help}\n`);
  show(await post({ type: "conversationUpdate", membersAdded: [{ id: "signaalwijzer" }] }));
  for (;;) {
    const next = await rl.next(`\n${texts.you} > `);
    if (next === undefined) break;
    const line = next.trim();
    if (line === "/quit" || line === "/exit") break;
    if (!line) continue;
    if (line === "/help") {
      write(`${texts.help}\n`);
      continue;
    }
    try {
      const button = buttons.find((_, i) => buttonKey(i) === line.toLowerCase());
      if (button) {
        const replies = await press(rl, button);
        if (replies?.length) show(replies);
      } else show(await post({ type: "message", text: line }));
    } catch (error) {
      process.stdout.write(`! ${(error as Error).message}\n`);
    }
  }
  rl.close();
}

try {
  await (args.json ? runJson() : runInteractive());
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  inbox.closeAllConnections();
  inbox.close();
}
