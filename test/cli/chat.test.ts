import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startTestBot, type TestBot } from "../harness/bot-server.js";

type Activity = Record<string, unknown>;

function runChat(
  url: string,
  input: string,
  extra: string[] = [],
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/chat.ts", "--url", url, ...extra], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

/** A stand-in bot: records every activity the chat posts and answers with `reply`'s activities. */
async function startFakeBot(reply: (activity: Activity) => Activity[]) {
  const posted: Activity[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const activity = JSON.parse(body) as Activity;
      posted.push(activity);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ activities: reply(activity) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** What the chat sent, without the conversation start. */
    sent: () =>
      posted
        .filter((a) => a.type !== "conversationUpdate")
        .map(({ type, text, value }) => ({ type, text, value }) as Activity),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const message = (...content: Activity[]): Activity => ({
  type: "message",
  attachments: content.map((c) => ({ contentType: "application/vnd.microsoft.card.adaptive", content: c })),
});
const card = (body: Activity[], actions: Activity[] = []): Activity => ({
  type: "AdaptiveCard",
  body,
  actions,
});
const text = (t: string, extra: Activity = {}): Activity => ({ type: "TextBlock", text: t, ...extra });
const execute = (title: string, verb: string, data: Activity = {}): Activity => ({
  type: "Action.Execute",
  title,
  verb,
  data,
});
const executed = (verb: string, data: Activity) => ({
  type: "invoke",
  value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
});

/** A question of the check as the bot shows it: numbered option buttons and a "typ het nummer" hint. */
function question(nodeId: string, labels: string[]): Activity {
  return message(
    card(
      [
        text(`Vraag over ${nodeId}`, { weight: "Bolder" }),
        {
          type: "ActionSet",
          actions: labels.map((l, i) =>
            execute(`${i + 1}. ${l}`, "check.answer", { nodeId, optionIds: [l.toLowerCase()] }),
          ),
        },
        text("Je kunt ook typen: het nummer (bijvoorbeeld 2) of het antwoord."),
      ],
      [execute("Terug", "check.back", { nodeId }), execute("Stop", "check.stop")],
    ),
  );
}

describe("chat CLI", () => {
  describe("with the real bot", () => {
    let bot: TestBot;
    beforeAll(async () => {
      bot = await startTestBot();
    });
    afterAll(() => bot.stop());

    it("should print the bot's replies as JSON lines in --json mode", async () => {
      const { code, out } = await runChat(bot.url, 'help\n{"click":{"verb":"help.show"}}\n', ["--json"]);
      expect(code).toBe(0);
      const activities = out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { type: string });
      expect(activities.filter((a) => a.type === "message").length).toBeGreaterThanOrEqual(3);
      expect(activities.some((a) => a.type === "invokeResponse")).toBe(true);
    }, 30_000);

    it("should walk a check with a typed number and a lettered button", async () => {
      const { code, out, err } = await runChat(bot.url, "check\n1\na\n/quit\n");
      expect({ code, err }).toEqual({ code: 0, err: "" });
      expect(out).toContain("Vraag 1 van");
      expect(out).toContain("Vraag 2 van");
      expect(out).toContain("Vraag 3 van");
      expect(out).toMatch(/\[a\] 1\. /);
      expect(out).not.toMatch(/\[\d+\]/);
    }, 30_000);

    it("should say clearly when no bot is running", async () => {
      const { code, err } = await runChat("http://127.0.0.1:9", "help\n", ["--json"]);
      expect(code).toBe(1);
      expect(err).toMatch(/cannot reach .* is the bot running\?/);
    }, 30_000);
  });

  describe("with a stand-in bot", () => {
    it("should send a typed number as text and key buttons by letter, per reply", async () => {
      const bot = await startFakeBot((a) => {
        if (a.text === "wat is een loverboy?") {
          const topics = ["Loverboys", "Fier", "Veilig Thuis"].map((t) =>
            execute(t, "kb.topic", { topicId: t }),
          );
          return [
            message(card([text("Bedoelde je ...?")], topics)),
            question("minor", ["Ja", "Nee", "Weet ik niet"]),
          ];
        }
        return a.type === "invoke" ? [question("form", ["Werk", "Seks", "Criminele klussen"])] : [];
      });
      const { out } = await runChat(bot.url, "wat is een loverboy?\nF\n3\n/quit\n");
      await bot.stop();
      expect(out).toContain("[c] Veilig Thuis");
      expect(out).toContain("[f] 3. Weet ik niet");
      expect(out).toContain("[a] 1. Werk");
      expect(out).toMatch(/typ a voor \[a\]/);
      expect(bot.sent()).toEqual([
        { type: "message", text: "wat is een loverboy?" },
        executed("check.answer", { nodeId: "minor", optionIds: ["weet ik niet"] }),
        { type: "message", text: "3" },
      ]);
    }, 30_000);

    it("should show a multi-select's choices and submit the picked values comma-separated", async () => {
      const choices = ["Geen paspoort", "Woont op het werk", "Schulden"].map((t, i) => ({
        title: `${i + 1}. ${t}`,
        value: ["paspoort", "wonen", "schuld"][i],
      }));
      const multi = card(
        [
          text("Wat zie je?", { weight: "Bolder" }),
          { type: "Input.ChoiceSet", id: "optionIds", isMultiSelect: true, style: "expanded", choices },
        ],
        [execute("Volgende", "check.answer", { nodeId: "zie" }), execute("Stop", "check.stop")],
      );
      const bot = await startFakeBot((a) => (a.text === "multi" ? [message(multi)] : []));
      const { out } = await runChat(bot.url, "multi\na\n1,3\n/quit\n");
      await bot.stop();
      expect(out).not.toContain("optionIds");
      expect(out).toContain(
        "[invoer] Kies een of meer: 1. Geen paspoort / 2. Woont op het werk / 3. Schulden",
      );
      expect(out).toContain("\n    2. Woont op het werk\n");
      expect(bot.sent()).toEqual([
        { type: "message", text: "multi" },
        executed("check.answer", { optionIds: "paspoort,schuld", nodeId: "zie" }),
      ]);
    }, 30_000);

    it("should tell same-titled buttons apart by their container and render markdown as plain text", async () => {
      const tree = (title: string, treeId: string): Activity => ({
        type: "Container",
        items: [
          text(title, { weight: "Bolder" }),
          text("Uitleg", { isSubtle: true }),
          { type: "ActionSet", actions: [execute("Start", "check.start", { treeId })] },
        ],
      });
      const menu = card([
        text("Welke signaalcheck wil je doen?"),
        tree("Signaalcheck (algemeen)", "algemeen"),
        tree("Belscript KCC", "kcc-belscript"),
      ]);
      const bot = await startFakeBot((a) =>
        a.text === "menu" ? [{ type: "message", text: "Typ **check** of _help_." }, message(menu)] : [],
      );
      const { out } = await runChat(bot.url, "menu\nb\n/quit\n");
      await bot.stop();
      expect(out).toContain("[a] Start — Signaalcheck (algemeen)");
      expect(out).toContain("[b] Start — Belscript KCC");
      expect(out).toContain("Typ check of help.");
      expect(out).not.toContain("*");
      expect(bot.sent()[1]).toEqual(executed("check.start", { treeId: "kcc-belscript" }));
    }, 30_000);

    it("should cancel a form on stop without sending, mark required fields and enforce maxLength", async () => {
      const form = card(
        [
          text("Melden", { weight: "Bolder" }),
          {
            type: "Input.Text",
            id: "description",
            label: "Wat heb je gezien?",
            isRequired: true,
            maxLength: 20,
          },
          { type: "Input.Text", id: "place", label: "Waar?", maxLength: 200 },
          {
            type: "Input.ChoiceSet",
            id: "department",
            label: "Jouw afdeling",
            isRequired: true,
            choices: [
              { title: "Wijkteam", value: "wijkteam" },
              { title: "Wmo", value: "wmo" },
            ],
          },
        ],
        [execute("Controleren", "report.review")],
      );
      const bot = await startFakeBot((a) => (a.text === "melden" ? [message(form)] : []));
      const secret = "Jan de Vries woont hier al jaren";
      const { out, err } = await runChat(bot.url, `melden\na\n${secret}\nstop\na\nkort\n\n2\n/quit\n`);
      await bot.stop();
      expect(out).toContain("[invoer] Wat heb je gezien? (verplicht)");
      expect(out).toContain("[invoer] Jouw afdeling (verplicht): Wijkteam / Wmo");
      expect(out).toContain("Te lang: 32 tekens, maximaal 20.");
      expect(out).toContain("Formulier geannuleerd, er is niets verstuurd.");
      expect(out).toMatch(/stop of annuleer/);
      // The typed text goes to the bot only: it is not echoed, printed or logged.
      expect(out + err).not.toContain(secret);
      expect(err).toBe("");
      expect(bot.sent()).toEqual([
        { type: "message", text: "melden" },
        executed("report.review", { description: "kort", department: "wmo" }),
      ]);
    }, 30_000);
  });
});
