/**
 * Reports about one place brought together, end to end through the real HTTP server and a fake Bot Connector:
 * two reports about the same address in different spelling are linked on the second case's card, a third from
 * another department raises the cluster hint, a case reported before the retention window is not linked, the
 * tab's case detail shows the linked cases and their timelines, and the reporter never sees another case.
 */
import { startFakeConnector, type FakeConnector } from "../harness/fake-connector.js";
import { makeUser, startTestBot, visibleText, type TestBot, type TestUser } from "../harness/bot-server.js";
import { CHANNEL, cardText, channelUser, reviewAndSubmit, setUpContactPoint } from "../harness/escalation.js";

const DAY = 24 * 60 * 60 * 1000;

describe("reports about one place", () => {
  let connector: FakeConnector;
  let bot: TestBot;
  let now = Date.now();
  const reporters = new Map<string, { reporter: TestUser; receipt: string }>();

  beforeEach(async () => {
    now = Date.now();
    connector = await startFakeConnector();
    bot = await startTestBot(
      { COORDINATORS: "coord-1", DISPATCH_INTERVAL_MS: "50", RETENTION_CLOSED_CASE_DAYS: "30" },
      { serviceUrl: connector.url, clock: () => new Date(now) },
    );
  });
  afterEach(async () => {
    await bot.stop();
    await connector.close();
  });

  /** One report by a new reporter (three turns each, far below the per-user limit); its number and card. */
  async function report(place: string, department: string): Promise<{ number: string; card: string }> {
    const reporter: TestUser = makeUser(`Melder ${department}`);
    await bot.say(reporter, "melden");
    const { receipt } = await reviewAndSubmit(bot, reporter, {
      description: "Veel mensen komen en gaan, 's nachts busjes voor de deur.",
      place,
      seenAt: "vorige week",
      department,
      contact: "via Teams",
    });
    const number = /MH-\d{4}-\d{4}/.exec(visibleText(receipt))?.[0];
    expect(number).toBeDefined();
    await connector.waitFor((calls) =>
      calls.some((c) => c.conversationId === CHANNEL && cardText(c).includes(number!)),
    );
    // Cards posted earlier were rendered before this number existed: the one holding it is this case's card.
    const card = cardText(connector.sent(CHANNEL).find((c) => cardText(c).includes(number!))!);
    reporters.set(number!, { reporter, receipt: visibleText(receipt) });
    return { number: number!, card };
  }

  it("should link differently spelled reports, raise the hint for a third department, and skip cases past retention", async () => {
    await setUpContactPoint(bot, channelUser("coord-1", "Carla Coördinator"));

    // Reported 31 days ago: past the 30-day retention window by the time the others come in.
    const old = await report("Dorpsstraat 1, 1234 AB", "kcc");
    now += 31 * DAY;

    const first = await report("Dorpsstraat 1, 1234 AB", "wijkteam");
    expect(first.card).not.toContain("Eerdere meldingen over dit adres");
    expect(first.card).not.toContain(old.number);

    const second = await report("1234ab dorpsstraat 1", "wijkteam");
    expect(second.card).toContain("Eerdere meldingen over dit adres");
    expect(second.card).toMatch(new RegExp(`${first.number} · [^"]+ · Wijkteam · ontvangen`));
    expect(second.card).not.toContain(old.number);
    expect(second.card).not.toMatch(/meldingen uit \d+ afdelingen/);

    const third = await report("Dorpsstraat 1 1234AB", "handhaving");
    expect(third.card).toContain("3 meldingen uit 2 afdelingen in 6 maanden");
    expect(third.card).toContain("Dit is een hint. Het advies verandert er niet door.");
    expect(third.card).toContain(first.number);
    expect(third.card).toContain(second.number);
    expect(third.card).not.toContain(old.number);

    // An unrelated place is linked to nothing.
    const elsewhere = await report("camping De Berk", "handhaving");
    expect(elsewhere.card).not.toContain("Eerdere meldingen over dit adres");

    // The reporter never sees another case: not in the receipt, not in "mijn meldingen".
    const { reporter, receipt } = reporters.get(third.number)!;
    const mine = visibleText(await bot.say(reporter, "mijn meldingen"));
    for (const other of [first.number, second.number]) {
      expect(receipt).not.toContain(other);
      expect(mine).not.toContain(other);
    }
    expect(mine).not.toMatch(/Eerdere meldingen|afdelingen in/);
    expect(connector.sent(reporter.conversationId).map(cardText).join("\n")).not.toContain(first.number);

    // The tab's detail (the coordinator's local identity in development mode) shows the links and timelines.
    const caseId = /"caseId":"([0-9a-f-]{36})"/.exec(third.card)![1]!;
    const res = await fetch(`${bot.url}/api/tab/cases/${caseId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      case: { outcome: string };
      places: {
        usable: boolean;
        cluster?: unknown;
        earlier: Array<{ number: string; department: string }>;
        later: unknown[];
        timeline: Array<{ number: string; current: boolean; events: Array<{ kind: string }> }>;
      };
    };
    expect(body.places.usable).toBe(true);
    expect(body.places.cluster).toEqual({ reports: 3, departments: 2, months: 6 });
    expect(body.places.earlier.map((c) => [c.number, c.department])).toEqual([
      [first.number, "wijkteam"],
      [second.number, "wijkteam"],
    ]);
    expect(body.places.later).toEqual([]);
    expect(body.places.timeline.map((c) => [c.number, c.current])).toEqual([
      [third.number, true],
      [first.number, false],
      [second.number, false],
    ]);
    expect(body.places.timeline[0]!.events.map((e) => e.kind)).toEqual(["reported"]);
    // No place or key reaches the tab beyond the case's own free text.
    expect(JSON.stringify(body.places)).not.toMatch(/[0-9a-f]{64}|1234ab|dorpsstraat/i);
    // The first case's detail sees the later ones, and still without the case past retention.
    const firstId = /"caseId":"([0-9a-f-]{36})"/.exec(first.card)![1]!;
    const firstBody = (await (await fetch(`${bot.url}/api/tab/cases/${firstId}`)).json()) as {
      places: { earlier: unknown[]; later: Array<{ number: string }> };
    };
    expect(firstBody.places.earlier).toEqual([]);
    expect(firstBody.places.later.map((c) => c.number)).toEqual([second.number, third.number]);
  });
});
