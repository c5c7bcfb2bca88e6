/**
 * @module cli/chat
 * A terminal chat with a running Signaalwijzer through its real `/api/messages` endpoint
 * (`deliveryMode: expectReplies`). Cards are shown as text with numbered buttons; type a number to press one.
 * A small local listener receives proactive messages (status updates) and shows them too.
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
import { numberActions, renderActivity, type PickableAction } from "./render-card.js";

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
      "Type a message, or the number of a button. /quit ends the chat.\n" +
      '--json: read lines from stdin (text, or {"click":{"verb":..,"data":{..}}}), print each reply as JSON.\n',
  );
  process.exit(0);
}

type Activity = Record<string, unknown>;
const conversationId = args.channel ?? `chat-conv-${args.user}`;
let actions: PickableAction[] = [];

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
      show([body], req.method === "PUT" ? "(bijgewerkt) " : "(bericht) ");
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

function show(activities: Activity[], prefix = ""): void {
  if (args.json) {
    for (const a of activities) process.stdout.write(`${JSON.stringify(a)}\n`);
    return;
  }
  const fresh: PickableAction[] = [];
  for (const activity of activities) {
    if (activity.type === "invokeResponse") {
      const body = (activity.value as { body?: { type?: string; value?: unknown } } | undefined)?.body;
      if (body?.type === "application/vnd.microsoft.card.adaptive") {
        const r = renderActivity({ attachments: [{ contentType: body.type, content: body.value }] });
        process.stdout.write(`${prefix}(kaart bijgewerkt)\n${r.lines.map((l) => `  ${l}`).join("\n")}\n`);
      } else if (typeof body?.value === "string" && body.value) {
        process.stdout.write(`${prefix}${body.value}\n`);
      }
      continue;
    }
    if (activity.type !== "message") continue;
    const r = renderActivity(activity);
    process.stdout.write(`\nSignaalwijzer ${prefix}> ${r.lines.join("\n  ")}\n`);
    if (r.actions.length)
      process.stdout.write(`${numberActions(r.actions, actions.length + fresh.length + 1).join("\n")}\n`);
    fresh.push(...r.actions);
  }
  if (fresh.length) actions = [...actions, ...fresh];
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

async function ask(reader: LineReader, question: string): Promise<string> {
  return ((await reader.next(question)) ?? "").trim();
}

async function press(rl: LineReader, action: PickableAction): Promise<Activity[]> {
  if (action.type === "Action.OpenUrl") {
    process.stdout.write(`Open in je browser: ${action.url}\n`);
    return [];
  }
  if (action.type === "Action.ShowCard" && action.card) {
    actions = [];
    show([
      {
        type: "message",
        attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: action.card }],
      },
    ]);
    return [];
  }
  if (action.value !== undefined) return post({ type: "message", text: action.value });
  const inputs: Record<string, unknown> = {};
  for (const input of action.inputs) {
    if (input.choices.length) {
      process.stdout.write(
        `${input.label}:\n${input.choices.map((c, i) => `  (${i + 1}) ${c.title}`).join("\n")}\n`,
      );
      const answer = await ask(
        rl,
        input.multi ? "Kies nummers (bv. 1,3), leeg = geen: " : "Kies een nummer: ",
      );
      const picked = answer
        .split(/[ ,]+/)
        .filter(Boolean)
        .map((n) => input.choices[Number(n) - 1]?.value)
        .filter((v): v is string => v !== undefined);
      if (picked.length) inputs[input.id] = picked.join(",");
    } else {
      const answer = await ask(rl, `${input.label}${input.value ? ` [${input.value}]` : ""}: `);
      if (answer || input.value) inputs[input.id] = answer || input.value;
    }
  }
  const data = { ...inputs, ...(action.data ?? {}) };
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
  process.stdout.write(
    `Signaalwijzer chat met ${args.url} als ${args.name}. Typ een bericht of het nummer van een knop; /quit stopt.\n`,
  );
  show(await post({ type: "conversationUpdate", membersAdded: [{ id: "signaalwijzer" }] }));
  for (;;) {
    const next = await rl.next("\nJij > ");
    if (next === undefined) break;
    const line = next.trim();
    if (line === "/quit" || line === "/exit") break;
    if (!line) continue;
    try {
      const n = /^\d+$/.test(line) ? Number(line) : NaN;
      const action = Number.isInteger(n) ? actions[n - 1] : undefined;
      if (action) {
        const replies = await press(rl, action);
        if (replies.length) {
          actions = [];
          show(replies);
        }
      } else {
        actions = [];
        show(await post({ type: "message", text: line }));
      }
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
