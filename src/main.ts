/**
 * @module main
 * The composition root: load config, open storage, load content, build the bot and the server, listen. The only
 * module that wires the others together; start-up side effects happen only when it is run as the entry point.
 */
import "./quiet-deprecations.js";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { parseEnv } from "node:util";
import { loadConfig, repoRoot, type Config } from "./config.js";
import { createAdapter } from "./bot/adapter.js";
import { SignaalwijzerBot } from "./bot/bot.js";
import { acuteDanger } from "./bot/features/acute.js";
import { basicsFeature } from "./bot/features/basics.js";
import { practiceFeature } from "./bot/features/practice.js";
import { checkFeature } from "./bot/features/check.js";
import { contactPointSettings } from "./bot/features/contact-point.js";
import { coordinatorFeature } from "./bot/features/coordinator.js";
import { knowledgeFeature } from "./bot/features/knowledge.js";
import { reportFeature } from "./bot/features/report.js";
import { createTeamsDelivery } from "./bot/teams-delivery.js";
import { createCaseService } from "./cases/case-service.js";
import { placeKeyer } from "./cases/place-key.js";
import { formsOf } from "./signals/catalogue.js";
import { factsOfRule } from "./signals/policy.js";
import { combineChannels } from "./notify/combined-channel.js";
import { createDispatcher, type DeliveryChannel } from "./notify/dispatcher.js";
import { createNotifier, type ReminderSchedule } from "./notify/notifier.js";
import { createSmtpChannel } from "./notify/smtp-channel.js";
import { createWebhookChannel } from "./notify/webhook-channel.js";
import { ReferenceStore } from "./bot/references.js";
import { botFrameworkToken, credentialCheck } from "./bot/credential-check.js";
import { createServer } from "./bot/server.js";
import { mountTab, type TabDeps } from "./tab/api.js";
import { createDevChat } from "./devchat/dev-chat.js";
import { developmentAuthenticator, entraAuthenticator } from "./tab/auth.js";
import { loadContent } from "./content/content.js";
import { SETTINGS_EXAMPLE_MARK } from "./knowledge/load.js";
import { createLogger, type Logger } from "./log.js";
import { applyRetention } from "./privacy/retention.js";
import { limitUnanswered } from "./storage/knowledge-log.js";
import { openStorage } from "./storage/open-storage.js";
import { RateLimiter } from "./util/rate-limiter.js";

/** The language of what the contact point's channel sees (case cards): the municipality's default. */
const CHANNEL_LANG = "nl" as const;

/** Options tests use to control time and logging. */
export interface AppOptions {
  logger?: Logger;
  clock?: () => Date;
  /** Runs the reminder checks (default: on an interval); tests run them when they choose. */
  reminderSchedule?: ReminderSchedule;
}

/** A built app: `start` listens (port 0 picks a free one), `stop` shuts down gracefully. */
export interface App {
  start(): Promise<{ port: number; url: string }>;
  stop(): Promise<void>;
}

/** Wires every module for `config`; throws ContentError or StorageError when it cannot run. */
/** The tab's local identity in development mode when no coordinator is configured. */
export const LOCAL_DEVELOPER = "local-developer";

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const loadStarted = Date.now();
  const content = await loadContent(config);
  logger.info(
    { topics: content.kb.topics.length, trees: content.trees.length, ms: Date.now() - loadStarted },
    "content loaded",
  );
  const storage = await openStorage(config, logger);
  const warnings = startupWarnings(config, JSON.stringify(content.kb.settings));
  for (const warning of warnings) logger.warn({ warning: warning.id }, warning.text);
  const references = new ReferenceStore(storage.kv);
  const contactPoint = contactPointSettings(content.kb.settings);
  // Development mode with no COORDINATORS: the tab's local identity is the one coordinator, so the tab works
  // right after `npm start`. Never in authenticated mode, where an empty list means nobody sees cases.
  const devCoordinator = config.mode === "development" && config.coordinators.length === 0;
  const coordinatorIds = devCoordinator ? [LOCAL_DEVELOPER] : config.coordinators;
  if (devCoordinator)
    logger.warn(
      { warning: "dev_coordinator" },
      `COORDINATORS is empty: in development mode the tab's local identity (${LOCAL_DEVELOPER}) is the coordinator`,
    );
  const knowledge = knowledgeFeature({
    kb: content.kb,
    index: content.index,
    // One user cannot flood the curators' gap list: 20 a day each, and no repeats of a recent question.
    log: limitUnanswered(storage.knowledgeLog, { perAskerPerDay: 20, recentQuestions: 2000 }),
    countUnanswered: (counters) => storage.cases.addInsight(counters),
    logger,
  });
  const topicTitles = new Map(content.kb.topics.map((t) => [t.id, t.title]));
  // Practice starts checks and the check asks practice what to do with a practice run: bound through `check`.
  const practice = practiceFeature({
    cases: content.practice,
    catalogue: content.catalogue,
    topicTitle: (id, lang) => topicTitles.get(id)?.[lang] ?? id,
    startCheck: (turn, treeId) => check.startCheck(turn, treeId),
    countPractice: (counters) => storage.cases.addInsight(counters),
    logger,
  });
  const check = checkFeature({
    trees: content.trees,
    catalogue: content.catalogue,
    policy: content.policy,
    contactPoint,
    topicTitles,
    practice: practice.hooks,
    answerQuestion: knowledge.answerQuestion,
    showTopic: knowledge.showTopic,
    countCheck: (counters) => storage.cases.addInsight(counters),
    logger,
  });
  const clock = { now: options.clock ?? (() => new Date()) };
  // The notifier needs the case service and the service tells the notifier after each commit: bound late.
  let notifyAfterCommit: () => void = () => undefined;
  const cases = createCaseService({
    store: storage.cases,
    coordinators: { ids: coordinatorIds, onDuty: config.coordinatorsOnDuty },
    clock,
    ids: { uuid: randomUUID },
    logger,
    formsOf: (signalIds) => formsOf(content.catalogue, signalIds),
    onCommit: () => notifyAfterCommit(),
    places: {
      key: placeKeyer(config.places.secret),
      retentionDays: config.retention.closedCaseDays,
      cluster: config.places.cluster,
    },
    playbooks: {
      list: content.playbooks,
      // The rule that gave the advice says whether it concerned a minor (or an age in doubt) or only a place.
      factsOf: (record) => ({
        ...factsOfRule(content.policy, record.rule),
        acute: record.outcome === "ACUTE",
        forms: record.forms ?? [],
      }),
    },
  });
  const adapter = createAdapter(config);
  const smtp = config.fallback.smtp && createSmtpChannel(config.fallback.smtp);
  const fallbacks: DeliveryChannel[] = [
    ...(smtp ? [smtp] : []),
    ...(config.fallback.webhookUrl ? [createWebhookChannel({ url: config.fallback.webhookUrl })] : []),
  ];
  if (fallbacks.length === 0 && !(await references.getContactPoint())) {
    logger.warn(
      { warning: "no_target" },
      "no contact-point channel is registered yet and no fallback is set: reports wait until one is registered",
    );
  }
  const dispatcher = createDispatcher({
    store: storage.cases,
    channels: {
      teams: createTeamsDelivery({
        adapter,
        references,
        botAppId: config.auth.appId ?? "",
        timeoutMs: config.dispatch.timeoutMs,
        sendsPerSecond: config.dispatch.sendsPerSecond,
        sendsPerSecondPerConversation: config.dispatch.sendsPerSecondPerConversation,
        logger,
        catalogue: content.catalogue,
        placeLinks: (record) => cases.placeLinks(record),
        playbooks: content.playbooks,
      }),
      fallback: combineChannels(fallbacks),
    },
    clock,
    logger,
    backoff: {
      baseMs: Math.min(1000, config.dispatch.intervalMs),
      maxMs: 5 * 60_000,
      maxAttempts: config.dispatch.maxAttempts,
    },
    leaseMs: config.dispatch.leaseMs,
  });
  const notifier = createNotifier({
    dispatcher,
    cases,
    reminders: {
      escalateHours: config.reminders.escalateHours,
      consultWorkdays: config.reminders.consultWorkdays,
    },
    intervalMs: config.dispatch.intervalMs,
    logger,
    schedule: options.reminderSchedule,
  });
  const notify = () => notifier.notify();
  notifyAfterCommit = notify;
  const bot = new SignaalwijzerBot({
    kv: storage.kv,
    references,
    // Which feature answers a message is decided by the classification (conversation/classify), not by order.
    features: [
      basicsFeature(),
      reportFeature({ cases, logger }),
      coordinatorFeature({
        cases,
        store: storage.cases,
        references,
        notify,
        channelLang: CHANNEL_LANG,
        catalogue: content.catalogue,
        playbooks: content.playbooks,
        hasFallback: fallbacks.length > 0,
        logger,
      }),
      check,
      practice,
      knowledge,
    ],
    check,
    knowledge,
    acute: acuteDanger(contactPoint, content.acute),
    personalChatUrl: config.auth.appId
      ? `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(config.auth.appId)}`
      : undefined,
    coordinators: coordinatorIds,
    logger,
    clock: options.clock,
    rateLimits: {
      user: new RateLimiter(config.rateLimits.user),
      tenant: new RateLimiter(config.rateLimits.tenant),
    },
  });
  // Authenticated mode only: an expired client secret should show in /readyz, not only as failed deliveries.
  const credential = config.mode === "authenticated" ? credentialCheck(botFrameworkToken(config)) : undefined;
  // The tab: Entra ID tokens in production; in development mode the first coordinator as a local identity.
  const tabDeps: TabDeps = {
    topicTitles,
    partners: content.kb.settings.partners,
    contactPoint: content.kb.settings.aanspreekpunt.naam,
    authenticate:
      config.mode === "development"
        ? developmentAuthenticator({
            id: coordinatorIds[0] ?? LOCAL_DEVELOPER,
            name: "Lokale ontwikkelaar",
          })
        : entraAuthenticator({
            jwksUrl: config.tab.jwksUrl,
            audiences: [
              ...(config.teams.botDomain && config.auth.appId
                ? [`api://${config.teams.botDomain}/${config.auth.appId}`]
                : []),
              ...(config.auth.appId ? [config.auth.appId] : []),
            ],
            tenants: config.allow.tenants,
          }),
    cases,
    store: storage.cases,
    catalogue: content.catalogue,
    treeTitles: new Map(content.trees.map((t) => [t.id, t.title])),
    coordinators: { ids: coordinatorIds, onDuty: config.coordinatorsOnDuty },
    reminders: config.reminders,
    minCell: config.insight.minCell,
    clock: clock.now,
    root: repoRoot,
    logger,
  };
  // The local web chat at /chat exists only while authentication is off; with an app id /chat is a 404.
  const devChat = config.mode === "development" ? createDevChat({ root: repoRoot, logger }) : undefined;
  const { server, inFlight } = createServer({
    adapter,
    handleTurn: (ctx) => bot.run(ctx),
    readiness: [
      // Content is checked once at start-up (the app does not start without it), so storage is what can fail.
      { name: "storage", check: () => storage.kv.checkWritable() },
    ],
    warnings: async () => [
      ...warnings.map((w) => w.text),
      ...(credential ? [await credential()].filter((w): w is string => w !== undefined) : []),
      ...((await references.getContactPoint()) || fallbacks.length > 0
        ? []
        : [
            "no contact-point channel is registered (registreer meldpunt) and no SMTP or webhook fallback is set",
          ]),
    ],
    allow: config.allow,
    mounts: [(server) => mountTab(server, tabDeps), ...(devChat ? [devChat.mount] : [])],
    logger,
  });

  let purging: Promise<void> = Promise.resolve();
  // Shutdown stops a running purge between two of its steps instead of waiting for the whole pass.
  const stopPurge = new AbortController();
  const runPurge = async (): Promise<void> => {
    if (stopPurge.signal.aborted) return;
    const started = Date.now();
    try {
      const report = await applyRetention(storage, config.retention, clock.now(), false, stopPurge.signal);
      logger.info({ ...report, ms: Date.now() - started }, "retention applied");
    } catch (error) {
      if (stopPurge.signal.aborted)
        logger.info({ ms: Date.now() - started }, "retention run stopped for shutdown");
      else logger.error({ err: { name: (error as Error).name } }, "retention run failed");
    }
  };
  // One purge at a time, beside the traffic (start-up does not wait for it); shutdown stops the one running and
  // waits for it to let go of storage before closing it.
  const purge = () => (purging = purging.then(runPurge));
  let purgeTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  return {
    start: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.port, config.host, () => {
          const { port } = server.address() as AddressInfo;
          notifier.start();
          void purge();
          purgeTimer = setInterval(() => void purge(), config.retention.intervalHours * 3_600_000);
          purgeTimer.unref();
          logger.info({ port, storage: storage.kind }, "listening");
          resolve({ port, url: `http://127.0.0.1:${port}` });
        });
      }),
    stop: () =>
      (stopping ??= (async () => {
        const deadline = Date.now() + config.shutdownTimeoutMs;
        clearInterval(purgeTimer);
        // Open chat event streams would keep the server from closing.
        devChat?.close();
        stopPurge.abort();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await purging;
        while (inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        await bot.drain();
        await notifier.stop();
        smtp?.close();
        await storage.close();
        logger.info({ abandoned: inFlight() }, "stopped");
      })()),
  };
}

/** A condition the bot runs with but an operator must know about; logged at start-up and shown by /readyz. */
interface StartupWarning {
  id: string;
  text: string;
}

function startupWarnings(config: Config, settingsJson: string): StartupWarning[] {
  const warnings: StartupWarning[] = [];
  if (config.mode === "development") {
    warnings.push({
      id: "auth_off",
      text: `authentication is off (no MicrosoftAppId): development mode, listening on ${config.host} only`,
    });
  }
  if (config.mode === "authenticated" && config.places.secretIsDefault) {
    warnings.push({
      id: "place_key_secret",
      text: "PLACE_KEY_SECRET is not set: place keys use the development secret; set a long random secret",
    });
  }
  if (settingsJson.includes(SETTINGS_EXAMPLE_MARK)) {
    warnings.push({
      id: "example_settings",
      text: `knowledge/municipality.yaml still holds example values (${SETTINGS_EXAMPLE_MARK}); answers show them`,
    });
  }
  return warnings;
}

/**
 * The environment with a `.env` file in the working directory underneath it: a variable set in the real
 * environment wins over the file, so a host's settings are never overridden by a forgotten file.
 */
export function environmentWithDotEnv(
  env: NodeJS.ProcessEnv,
  file = ".env",
): Record<string, string | undefined> {
  if (!existsSync(file)) return env;
  return { ...parseEnv(readFileSync(file, "utf8")), ...env };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(environmentWithDotEnv(process.env));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  let app: App;
  try {
    app = await createApp(config, { logger });
    await app.start();
  } catch (error) {
    logger.fatal({ err: error }, "start-up failed");
    process.stderr.write(`start-up failed: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, "shutting down");
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
