/**
 * Escalation end to end, through the real HTTP server and a fake Bot Connector: a report from an advice card
 * reaches the registered channel, a coordinator claims it, asks for more, the reporter answers, the case is
 * referred and closed; the reporter hears each step; the audit trail holds every step; others cannot act.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { openLowdbCaseStore } from "../../src/storage/lowdb-case-store.js";
import { createTestSchema, testDatabaseUrl } from "../helpers/pg.js";
import { startFakeConnector, type FakeConnector } from "../harness/fake-connector.js";
import {
  actionsOf,
  makeUser,
  startTestBot,
  visibleText,
  type TestBot,
  type TestUser,
} from "../harness/bot-server.js";
import {
  CHANNEL,
  contactPointUsers,
  startContactPointBot,
  type ContactPointBot,
  cardText,
  channelUser,
  reportFromAdvice,
  reviewAndSubmit,
  setUpContactPoint,
} from "../harness/escalation.js";

describe("escalation to the contact point", () => {
  let connector: FakeConnector;
  let bot: TestBot;
  const { coordinator, colleague } = contactPointUsers();

  let started: ContactPointBot;
  beforeEach(async () => {
    started = await startContactPointBot({ COORDINATORS_ON_DUTY: "coord-1" });
    ({ connector, bot } = started);
  });
  // A test may have replaced the bot (a restart on the same data): the one running now is stopped.
  afterEach(() => started.stop(bot));

  it("should carry a report from the advice card through claim, question, answer, referral and closing", async () => {
    coordinator.conversationId = "conv-coord-1";
    colleague.conversationId = "conv-coord-2";
    await bot.say(coordinator, "help");
    await bot.say(colleague, "help");
    await setUpContactPoint(bot, channelUser("coord-1", "Carla Coördinator"));
    const reporter = makeUser("Rita Melder");
    await bot.say(reporter, "hallo");
    const { number } = await reportFromAdvice(bot, reporter);

    // The card reaches the channel, and the on-duty coordinator gets a personal copy.
    await connector.waitFor((calls) =>
      calls.some((c) => c.conversationId === CHANNEL && cardText(c).includes(number)),
    );
    await connector.waitFor((calls) =>
      calls.some((c) => c.conversationId === "conv-coord-1" && cardText(c).includes(number)),
    );
    const posted = connector.sent(CHANNEL).filter((c) => cardText(c).includes(number));
    expect(posted).toHaveLength(1);
    const caseId = String(
      JSON.stringify(posted[0]!.body).match(/"verb":"case.claim","data":\{"caseId":"([0-9a-f-]+)"/)?.[1],
    );
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);

    // A non-coordinator cannot act.
    const refused = await bot.click(reporter, "case.claim", { caseId });
    expect(visibleText(refused)).toMatch(/Alleen coördinatoren/);

    // Claim: the card is updated in place for everyone, the reporter hears who has it.
    const claimed = await bot.click(colleague, "case.claim", { caseId });
    expect(JSON.stringify(claimed)).toContain("Kees Collega");
    await connector.waitFor((calls) =>
      calls.some(
        (c) => c.method === "PUT" && c.conversationId === CHANNEL && cardText(c).includes("Kees Collega"),
      ),
    );
    await connector.waitFor((calls) =>
      calls.some((c) => c.conversationId === reporter.conversationId && /opgepakt/.test(cardText(c))),
    );

    // Ask for more: the reporter gets the question as a card and answers it.
    await bot.click(colleague, "case.ask", { caseId, question: "Hoeveel mensen waren er ongeveer?" });
    await connector.waitFor((calls) =>
      calls.some(
        (c) => c.conversationId === reporter.conversationId && cardText(c).includes("Hoeveel mensen"),
      ),
    );
    const questionCall = connector
      .sent(reporter.conversationId)
      .find((c) => cardText(c).includes("Hoeveel mensen"))!;
    const questionId = /"verb":"case.answer","data":\{[^}]*"questionId":"([0-9a-f-]+)"/.exec(
      cardText(questionCall),
    )?.[1];
    expect(questionId).toBeDefined();
    const answered = await bot.click(reporter, "case.answer", { caseId, questionId, answer: "Ongeveer zes" });
    expect(visibleText(answered)).toMatch(/doorgegeven/);
    await connector.waitFor((calls) =>
      calls.some((c) => c.method === "PUT" && cardText(c).includes("Ongeveer zes")),
    );
    await connector.waitFor((calls) =>
      calls.some((c) => c.conversationId === "conv-coord-2" && /beantwoord/.test(cardText(c))),
    );

    // The coordinator changes the advice and records why; the card shows it.
    const overridden = await bot.click(colleague, "case.override", {
      caseId,
      outcome: "CONSULT",
      reason: "Na overleg met het Zorg- en Veiligheidshuis",
    });
    expect(JSON.stringify(overridden)).toContain("Advies aangepast door Kees Collega");

    // Refer and close; the reporter hears both.
    await bot.click(colleague, "case.refer", { caseId, to: "arbeidsinspectie", note: "Via NLA-meldpunt" });
    // The claimed case has a follow-up playbook whose steps are still open: closing needs the explicit override.
    const early = await bot.click(colleague, "case.close", {
      caseId,
      reason: "Doorgezet naar de Arbeidsinspectie",
    });
    expect(visibleText(early)).toMatch(/Afsluiten kan nog niet/);
    await bot.click(colleague, "case.close", {
      caseId,
      reason: "Doorgezet naar de Arbeidsinspectie",
      override: "true",
    });
    await connector.waitFor((calls) =>
      calls.some((c) => c.conversationId === reporter.conversationId && /afgesloten/.test(cardText(c))),
    );
    expect(
      connector.sent(reporter.conversationId).some((c) => /doorverwezen|Arbeidsinspectie/.test(cardText(c))),
    ).toBe(true);

    // "mijn meldingen" shows the case as closed.
    expect(visibleText(await bot.say(reporter, "mijn meldingen"))).toMatch(
      new RegExp(`${number}[\\s\\S]*fgesloten`),
    );

    // The audit trail holds every step, including the refused attempt.
    await bot.stop({ keepData: true });
    const store = await openLowdbCaseStore(bot.dataDir);
    const audit = await store.listAudit(caseId);
    await store.close();
    const steps = audit.map((a) => `${a.action}:${a.allowed}`);
    expect(steps).toEqual(
      expect.arrayContaining([
        "case.create:true",
        "case.claim:false",
        "case.claim:true",
        "case.ask:true",
        "case.override:true",
        "case.answer:true",
        "case.refer:true",
        "case.close:true",
      ]),
    );
    expect(audit.every((a) => a.at && a.actor.id)).toBe(true);
    bot = await startTestBot({}, { serviceUrl: connector.url });
  });

  it("should tell a coordinator met only in the channel, personally, when the reporter answers their question", async () => {
    await setUpContactPoint(bot, channelUser("coord-1", "Carla Coördinator"));
    const reporter = makeUser("Rita Melder");
    const { number } = await reportFromAdvice(bot, reporter);
    await connector.waitFor((calls) =>
      calls.some((c) => c.conversationId === CHANNEL && cardText(c).includes(number)),
    );
    const caseId = /"caseId":"([0-9a-f-]{36})"/.exec(cardText(connector.sent(CHANNEL).at(-1)!))![1]!;
    // Kees has never opened the bot's personal chat: he asks from the card in the channel.
    const kees = channelUser("coord-2", "Kees Collega");
    await bot.click(kees, "case.ask", { caseId, question: "Hoeveel mensen waren er?" });
    // Wait for the question in the reporter's chat: the channel card, updated first, also shows it.
    await connector.waitFor(() =>
      connector.sent(reporter.conversationId).some((c) => cardText(c).includes("Hoeveel mensen waren er?")),
    );
    const questionCall = connector
      .sent(reporter.conversationId)
      .find((c) => cardText(c).includes("Hoeveel"))!;
    const questionId = /"questionId":"([0-9a-f-]+)"/.exec(cardText(questionCall))?.[1];
    await bot.click(reporter, "case.answer", { caseId, questionId, answer: "Zes" });
    // Teams is asked for a 1:1 chat with him, and the notice goes there.
    await connector.waitFor((calls) =>
      calls.some(
        (c) =>
          c.method === "POST" &&
          c.path === "/v3/conversations" &&
          JSON.stringify(c.body.members).includes('"id":"coord-2"'),
      ),
    );
    const created = connector.calls.find((c) => c.path === "/v3/conversations")!;
    expect(created.body).toMatchObject({ isGroup: false, bot: { id: "bot-id" } });
    await connector.waitFor((calls) =>
      calls.some(
        (c) =>
          c.conversationId?.startsWith("conv-") === true &&
          c.conversationId !== reporter.conversationId &&
          c.conversationId !== CHANNEL &&
          /beantwoord/.test(cardText(c)) &&
          cardText(c).includes(number),
      ),
    );
  });

  it("should keep a report made before any channel is registered, say so truthfully, and deliver it once after registration", async () => {
    const reporter = makeUser("Rita Melder");
    const { number, receipt } = await reportFromAdvice(bot, reporter);
    expect(visibleText(receipt)).toMatch(/opgeslagen en gaat naar het aanspreekpunt/);
    expect(visibleText(receipt)).not.toMatch(/heeft je melding/);
    // A coordinator sees it waiting, first, in words.
    const carla = makeUser("Carla Coördinator", {
      id: "coord-1",
      conversationId: "conv-carla",
    } as Partial<TestUser>);
    const status = visibleText(await bot.say(carla, "meldpunt status"));
    expect(status).toContain("Er is nog geen kanaal geregistreerd.");
    expect(status).toMatch(
      new RegExp(
        `Nog niet bij een coördinator\\n- ${number} \\(gemeld [^)]+\\): wacht tot er een kanaal is\\.`,
      ),
    );
    // The dispatcher tries the channel notice again and again with nowhere to go: it waits, it does not die.
    const channelItem = async () => {
      const dir = join(bot.dataDir, "cases");
      for (const name of (await readdir(dir)).filter((n) => /^[0-9a-f-]{36}\.json$/.test(n))) {
        const doc = JSON.parse(await readFile(join(dir, name), "utf8")) as {
          case: { number: string };
          outbox: Array<{ event: string; target: { kind: string }; attempts: number; status: string }>;
        };
        if (doc.case.number !== number) continue;
        return doc.outbox.find((i) => i.event === "case.created" && i.target.kind === "channel");
      }
      return undefined;
    };
    for (let item = await channelItem(); (item?.attempts ?? 0) < 2; item = await channelItem()) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await channelItem())?.status).toBe("pending");
    expect(connector.sent(CHANNEL)).toEqual([]);
    await setUpContactPoint(bot, channelUser("coord-1", "Carla Coördinator"));
    await connector.waitFor((calls) =>
      calls.some((c) => c.conversationId === CHANNEL && cardText(c).includes(number)),
    );
    // Recorded as delivered, so no round after this sends it again.
    for (let item = await channelItem(); item?.status !== "done"; item = await channelItem()) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(connector.sent(CHANNEL).filter((c) => cardText(c).includes(number))).toHaveLength(1);
    // The case learns of its card's delivery in a write after the outbox item's: the status says so within moments
    // (polled, 5 s at most; under load the two writes can straddle a status request).
    const statusNow = () => bot.say(carla, "meldpunt status").then(visibleText);
    const deadline = Date.now() + 5000;
    let shown = await statusNow();
    while (shown.includes("Nog niet bij een coördinator") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      shown = await statusNow();
    }
    expect(shown).not.toContain("Nog niet bij een coördinator");
  });

  it("should let exactly one of two simultaneous claims win and tell the other who has it", async () => {
    coordinator.conversationId = "conv-coord-1b";
    colleague.conversationId = "conv-coord-2b";
    await setUpContactPoint(bot, channelUser("coord-1", "Carla Coördinator"));
    const reporter = makeUser("Rita Melder");
    const { number } = await reportFromAdvice(bot, reporter);
    await connector.waitFor((calls) =>
      calls.some((c) => c.conversationId === CHANNEL && cardText(c).includes(number)),
    );
    const caseId = /"caseId":"([0-9a-f-]{36})"/.exec(cardText(connector.sent(CHANNEL).at(-1)!))![1]!;
    const [a, b] = await Promise.all([
      bot.click(coordinator, "case.claim", { caseId }),
      bot.click(colleague, "case.claim", { caseId }),
    ]);
    const texts = [JSON.stringify(a), JSON.stringify(b)];
    const losers = texts.filter((t) => /al opgepakt door/.test(t));
    expect(losers).toHaveLength(1);
    expect(losers[0]).toMatch(/Carla Coördinator|Kees Collega/);
  });

  it("should tell a reporter who chose English about their report in English", async () => {
    colleague.conversationId = "conv-coord-2";
    await bot.say(colleague, "help");
    await setUpContactPoint(bot, channelUser("coord-1", "Carla Coördinator"));
    const reporter = makeUser("Emma Reporter");
    await bot.say(reporter, "english");
    await bot.say(reporter, "melden");
    await reviewAndSubmit(bot, reporter, {
      description: "Workers sleep in the warehouse.",
      place: "Harbour",
      seenAt: "today",
      department: "handhaving",
      contact: "Teams",
    });
    await connector.waitFor((calls) =>
      calls.some((c) => c.conversationId === CHANNEL && /case\.claim/.test(cardText(c))),
    );
    const posted = connector.sent(CHANNEL).at(-1)!;
    const caseId = String(
      JSON.stringify(posted.body).match(/"verb":"case.claim","data":\{"caseId":"([0-9a-f-]+)"/)?.[1],
    );
    await bot.click(colleague, "case.claim", { caseId });
    await connector.waitFor((calls) =>
      calls.some((c) => c.conversationId === reporter.conversationId && /picked up/.test(cardText(c))),
    );
  });

  it("should mark a report started from the 112 card as urgent", async () => {
    const reporter = makeUser("Acuut Melder");
    const acute = await bot.say(reporter, "help, hij slaat haar nu en ze kan niet weg");
    const start = actionsOf(acute).find((a) => a.verb === "report.start" && a.data.urgent === true);
    expect(start).toBeDefined();
    await bot.click(reporter, "report.start", start!.data);
    const { receipt } = await reviewAndSubmit(bot, reporter, {
      description: "Man slaat vrouw in portiek, 112 gebeld.",
      place: "Portiek Noord",
      seenAt: "nu",
      department: "handhaving",
      contact: "Teams",
    });
    expect(visibleText(receipt)).toMatch(/spoed/);
  });

  it("should create one case when Versturen is clicked twice at once", async () => {
    const reporter = makeUser("Dubbel Klikker");
    await bot.say(reporter, "melden");
    const summary = await bot.click(reporter, "report.review", {
      description: "Veel mensen op één adres ingeschreven.",
      place: "Centrum",
      seenAt: "vandaag",
      department: "burgerzaken",
      contact: "Teams",
    });
    const send = actionsOf(summary).find((a) => a.verb === "report.submit")!;
    const [first, second] = await Promise.all([
      bot.click(reporter, "report.submit", send.data),
      bot.click(reporter, "report.submit", send.data),
    ]);
    const numbers = [visibleText(first), visibleText(second)].map((t) => /MH-\d{4}-\d{4}/.exec(t)?.[0]);
    expect(numbers[0]).toBeDefined();
    expect(numbers[1]).toBe(numbers[0]);
    expect(visibleText(second)).toMatch(/al verstuurd/);
    const mine = visibleText(await bot.say(reporter, "mijn meldingen"));
    expect(mine.match(/MH-\d{4}-\d{4}/g)).toHaveLength(1);
  });
});

describe("escalation with PostgreSQL storage", () => {
  it("should run the same flow with bot state, cases and outbox in PostgreSQL", async () => {
    const db = await createTestSchema();
    const connector = await startFakeConnector();
    const url = `${testDatabaseUrl}?options=${encodeURIComponent(`-c search_path=${db.schema}`)}`;
    const env = {
      STORAGE: "postgres",
      DATABASE_URL: url,
      COORDINATORS: "coord-1",
      DISPATCH_INTERVAL_MS: "50",
    };
    let bot = await startTestBot(env, { serviceUrl: connector.url });
    try {
      await setUpContactPoint(bot, channelUser("coord-1", "Carla Coördinator"));
      const reporter = makeUser("Rita Melder");
      const { number } = await reportFromAdvice(bot, reporter);
      await connector.waitFor((calls) =>
        calls.some((c) => c.conversationId === CHANNEL && cardText(c).includes(number)),
      );
      const caseId = /"caseId":"([0-9a-f-]{36})"/.exec(cardText(connector.sent(CHANNEL).at(-1)!))![1]!;
      // A second bot instance on the same database sees the case and the registration.
      await bot.stop();
      bot = await startTestBot(env, { serviceUrl: connector.url });
      const coordinator: TestUser = {
        id: "coord-1",
        name: "Carla Coördinator",
        conversationId: "conv-pg-coord",
      };
      const claimed = await bot.click(coordinator, "case.claim", { caseId });
      expect(JSON.stringify(claimed)).toContain("Carla Coördinator");
      await connector.waitFor((calls) =>
        calls.some((c) => c.conversationId === reporter.conversationId && /opgepakt/.test(cardText(c))),
      );
      expect(visibleText(await bot.say(reporter, "mijn meldingen"))).toContain(number);
    } finally {
      await bot.stop();
      await connector.close();
      await db.drop();
    }
  });
});
