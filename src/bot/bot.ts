/**
 * @module bot/bot
 * The activity handler: one turn at a time per conversation; the conversation's data and the user's settings
 * loaded and saved around the turn with eTag checks; the conversation reference stored on every personal turn.
 * Each activity is routed once: a click through the typed route map (`bot/actions`), a typed message through
 * the pure classification (`conversation/classify`) to the one feature that owns its meaning. Features return
 * values; the data change is applied and saved, and `bot/respond` sends. Errors end in one handler that
 * apologises and recovers.
 */
import { TurnContext, type Activity } from "botbuilder";
import { textsFor, type Lang } from "../i18n/index.js";
import type { Logger } from "../log.js";
import type { KeyValueStore } from "../storage/key-value-store.js";
import { MAX_ACTOR_NAME } from "../cases/case-service.js";
import { isCoordinator } from "../cases/coordinators.js";
import { classify, type Intent } from "../conversation/classify.js";
import { ConcurrencyError, StorageError } from "../errors.js";
import { keyId } from "../util/key-id.js";
import { KeyedLock } from "../util/keyed-lock.js";
import type { RateLimiter } from "../util/rate-limiter.js";
import { isPersonalOnly, parseAction, VERBS, type ActionData, type Verb } from "./actions.js";
import type { AdaptiveCard } from "./cards/adaptive.js";
import { personalOnlyCard, welcomeCard } from "./cards/welcome-cards.js";
import { ConversationData, newConversationData } from "./conversation-data.js";
import type { ActionHandler, CheckTextHandler, CommandHandler, Feature, QuestionHandler } from "./feature.js";
import { pickLang } from "./language.js";
import { UserPrefs, userPrefsKey, type ReferenceStore } from "./references.js";
import { ACUTE, handled, type Handled } from "./reply.js";
import { invokeResponse, respond, toActivity } from "./respond.js";
import { isPersonalConversation, type TurnView } from "./turn.js";

export { MAX_TEXT_LENGTH } from "../conversation/classify.js";

/** Acute danger in typed text: the detector and the 112 card it leads to. */
export interface AcuteDeps {
  detect(text: string): { acute: boolean; cues: readonly string[] };
  card(): AdaptiveCard;
}

/** What the activity handler needs from the rest of the app. */
export interface BotDeps {
  kv: KeyValueStore;
  references: ReferenceStore;
  /** Features with card verbs and commands; each verb and command must have one owner. */
  features: readonly Feature[];
  /** The running check's side of typed text; without it every text is a question. */
  check?: CheckTextHandler;
  /** The knowledge base, which answers every question (or declines honestly). */
  knowledge: QuestionHandler;
  acute?: AcuteDeps;
  coordinators: readonly string[];
  /** A link that opens the personal chat with the bot (Teams deep link), offered in group chats and channels. */
  personalChatUrl?: string;
  logger: Logger;
  clock?: () => Date;
  /** Per-user and per-tenant limits on messages and card clicks; none when absent (unit tests). */
  rateLimits?: { user: RateLimiter; tenant: RateLimiter };
}

/** How much of a typed message the danger detector reads; longer messages are refused as too long anyway. */
const MAX_ACUTE_SCAN = 20_000;
/** After this many failed turns in a row a conversation's state is cleared (see onTurnError). */
const FAILURES_BEFORE_RESET = 3;
/**
 * How often a turn is tried when its state write loses an eTag race against another instance (PostgreSQL). Each
 * retry reads the state that won; what the turn did before its save is safe to repeat: a report is created once
 * per request id, and a case action repeated finds the case already changed and answers from its current state.
 */
const MAX_TURN_ATTEMPTS = 4;
/** At most this many conversations' failure counts are kept in memory. */
const MAX_TRACKED_FAILURES = 10_000;
/** At most this many conversations' last saved state (as JSON) are remembered, to skip validating it again. */
const MAX_TRUSTED_STATES = 5_000;

/** The loaded state of a turn: the conversation's data and the user's settings, each with its eTag. */
interface Loaded {
  data: ConversationData;
  /** `data` as JSON (what a save compares with); empty for a new or reset conversation. */
  json: string;
  eTag?: string;
  reset: boolean;
  prefs: UserPrefs;
  prefsETag?: string;
}

/** The Signaalwijzer bot: call `run` with each TurnContext from the adapter. */
export class SignaalwijzerBot {
  private readonly lock = new KeyedLock();
  /** Failed turns in a row per conversation key; bounded, the oldest entry goes first. */
  private readonly failures = new Map<string, number>();
  /**
   * Per conversation key, the JSON of the state this process last saved or validated there. A state read back with
   * exactly that JSON is what this process built from validated data, so it is not parsed again; anything else
   * (written by another instance, changed on disk, older) is. Bounded, the least recently used dropped first.
   */
  private readonly trusted = new Map<string, string>();
  private readonly actions = new Map<Verb, ActionHandler<Verb>>();
  private readonly commands = new Map<string, CommandHandler>();
  private readonly log: Logger;
  private readonly clock: () => Date;

  constructor(private readonly deps: BotDeps) {
    this.log = deps.logger.child({ module: "bot" });
    this.clock = deps.clock ?? (() => new Date());
    for (const feature of deps.features) {
      for (const verb of VERBS) {
        const handler = feature.actions?.[verb] as ActionHandler<Verb> | undefined;
        if (!handler) continue;
        if (this.actions.has(verb)) throw new Error(`card verb ${verb} registered twice (${feature.name})`);
        this.actions.set(verb, handler);
      }
      for (const [command, handler] of Object.entries(feature.commands ?? {})) {
        if (this.commands.has(command))
          throw new Error(`command ${command} registered twice (${feature.name})`);
        this.commands.set(command, handler);
      }
    }
  }

  /** Processes one activity; turns of one conversation never overlap. */
  async run(ctx: TurnContext): Promise<void> {
    const conversationId = ctx.activity.conversation?.id;
    if (!conversationId || !ctx.activity.from?.id) {
      this.log.warn({ type: ctx.activity.type }, "activity without conversation or sender ignored");
      return;
    }
    if (this.isRateLimited(ctx.activity)) {
      await this.sayRateLimited(ctx);
      return;
    }
    await this.lock.run(conversationId, () => this.turn(ctx));
  }

  /** Messages and clicks count against the user's and the tenant's bucket; install events never do. */
  private isRateLimited(activity: Activity): boolean {
    const limits = this.deps.rateLimits;
    if (!limits || (activity.type !== "message" && activity.type !== "invoke")) return false;
    const now = this.clock().getTime();
    const user = activity.from.aadObjectId ?? activity.from.id;
    const tenant =
      activity.conversation.tenantId ??
      (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    const allowed = limits.user.take(user, now) && (tenant === undefined || limits.tenant.take(tenant, now));
    if (!allowed) this.log.warn({ user: keyId(user), type: activity.type }, "rate limited");
    return !allowed;
  }

  private async sayRateLimited(ctx: TurnContext): Promise<void> {
    const text = textsFor(pickLang(undefined, ctx.activity.locale)).bot.rateLimited;
    await respond(ctx, handled([text], { notice: text }), () => this.acuteCard());
  }

  /** Resolves when every queued turn has finished (graceful shutdown). */
  drain(): Promise<void> {
    return this.lock.drain();
  }

  private stateKey(activity: Activity): string {
    return `conversation/${activity.channelId}/${activity.conversation.id}`;
  }

  private acuteCard(): AdaptiveCard {
    const card = this.deps.acute?.card();
    if (!card) throw new Error("an acute reply without an acute card configured");
    return card;
  }

  private async turn(ctx: TurnContext): Promise<void> {
    const activity = ctx.activity;
    const key = this.stateKey(activity);
    const started = Date.now();
    // The activity's key id ties a turn's log lines together (and to the channel's request) without its id.
    const activityKey = activity.id ? keyId(activity.id) : undefined;
    let lang: Lang = "nl";
    try {
      let result: Handled | undefined;
      let deferred: Array<() => Promise<void>> = [];
      for (let attempt = 1; !result; attempt++) {
        try {
          ({ result, lang, deferred } = await this.decide(ctx, key));
        } catch (error) {
          // Another instance saved this conversation between our read and our write (PostgreSQL, several
          // instances). Nothing has been sent yet, so the turn runs again on the state that won.
          if (!(error instanceof ConcurrencyError) || attempt >= MAX_TURN_ATTEMPTS) throw error;
          this.log.info(
            { conv: keyId(activity.conversation.id), activity: activityKey, attempt },
            "state changed meanwhile, turn retried",
          );
        }
      }
      this.failures.delete(key);
      await this.runDeferred(deferred);
      await respond(ctx, result, () => this.acuteCard());
      this.log.info(
        {
          type: activity.type,
          conv: keyId(activity.conversation.id),
          activity: activityKey,
          ms: Date.now() - started,
        },
        "turn done",
      );
    } catch (error) {
      await this.onTurnError(ctx, key, lang, error);
    }
  }

  /** The work the saved attempt deferred (TurnView `defer`), in order; a failure is logged, never thrown. */
  private async runDeferred(work: ReadonlyArray<() => Promise<void>>): Promise<void> {
    for (const item of work) {
      try {
        await item();
      } catch (error) {
        this.log.warn({ err: { name: (error as Error).name } }, "deferred turn work failed");
      }
    }
  }

  /**
   * One attempt at a turn: read the state, decide the reply, save the change; nothing is sent here, and what the
   * features deferred is returned to run once the save has succeeded.
   */
  private async decide(
    ctx: TurnContext,
    key: string,
  ): Promise<{ result: Handled; lang: Lang; deferred: Array<() => Promise<void>> }> {
    const activity = ctx.activity;
    const userId = activity.from.aadObjectId ?? activity.from.id;
    const deferred: Array<() => Promise<void>> = [];
    const loaded = await this.load(key, userId);
    const chosenLang = loaded.prefs.lang ?? loaded.data.lang;
    const lang = pickLang(chosenLang, activity.locale);
    const view: TurnView = {
      activity,
      data: loaded.data,
      lang,
      chosenLang,
      now: this.clock(),
      conversationId: activity.conversation.id,
      personal: isPersonalConversation(activity),
      acute: false,
      defer: (work) => void deferred.push(work),
      user: {
        id: userId,
        // A display name is whatever the client sends: keep it to a sensible length.
        name: activity.from.name?.slice(0, MAX_ACTOR_NAME),
        // One rule, the case service's: the Entra object id Teams vouches for (from.id only without one),
        // never a from.id a client chose next to it.
        isCoordinator: isCoordinator({ ids: this.deps.coordinators, onDuty: [] }, userId),
        department: loaded.prefs.department,
        practice: loaded.prefs.practice,
      },
    };
    await this.saveReference(view);
    const result = await this.route(view);
    if (loaded.reset) result.replies.unshift({ kind: "text", text: textsFor(lang).bot.stateReset });
    await this.save(key, userId, loaded, result, view.now);
    return { result, lang, deferred };
  }

  private async load(key: string, userId: string): Promise<Loaded> {
    const prefsKey = userPrefsKey(userId);
    const items = await this.deps.kv.read([key, prefsKey]);
    const { eTag: prefsETag, ...prefsRest } = items[prefsKey] ?? {};
    const prefs = UserPrefs.safeParse(prefsRest).data ?? {};
    const item = items[key];
    if (!item) return { data: newConversationData(), json: "", reset: false, prefs, prefsETag };
    const { eTag, ...rest } = item;
    const json = JSON.stringify(rest);
    if (this.trusted.get(key) === json) {
      return { data: rest as ConversationData, json, eTag, reset: false, prefs, prefsETag };
    }
    const parsed = ConversationData.safeParse(rest);
    if (parsed.success) {
      const data = parsed.data;
      return { data, json: JSON.stringify(data), eTag, reset: false, prefs, prefsETag };
    }
    this.trusted.delete(key);
    this.log.warn(
      { issues: parsed.error.issues.length },
      "stored conversation data unreadable, starting over",
    );
    return { data: newConversationData(), json: "", eTag, reset: true, prefs, prefsETag };
  }

  /**
   * Applies the result's data change and saves it with the turn's eTag when anything changed; the user's settings
   * when they changed.
   */
  private async save(key: string, userId: string, loaded: Loaded, result: Handled, now: Date): Promise<void> {
    const { handled: keys, ...patch } = result.patch ?? {};
    const data: ConversationData = { ...loaded.data, ...patch, seen: now.toISOString().slice(0, 10) };
    for (const [name, value] of Object.entries(patch)) {
      if (value === undefined) delete (data as Record<string, unknown>)[name];
    }
    if (keys?.length) data.handled = [...data.handled.filter((k) => !keys.includes(k)), ...keys].slice(-50);
    const writes: Record<string, Record<string, unknown>> = {};
    const json = JSON.stringify(data);
    // A turn that changed nothing (help, a question, mijn meldingen on a day already seen) writes nothing.
    const unchanged = loaded.eTag !== undefined && !loaded.reset && json === loaded.json;
    if (!unchanged) writes[key] = { ...data, eTag: loaded.eTag ?? "*" };
    const prefs: UserPrefs = {
      ...loaded.prefs,
      ...(patch.lang ? { lang: patch.lang } : {}),
      ...result.prefs,
    };
    if (JSON.stringify(prefs) !== JSON.stringify(loaded.prefs)) {
      writes[userPrefsKey(userId)] = { ...prefs, eTag: loaded.prefsETag ?? "*" };
    }
    if (Object.keys(writes).length > 0) await this.deps.kv.write(writes);
    this.trust(key, json);
  }

  /** Remembers `json` as the state this process holds valid for `key` (see `trusted`). */
  private trust(key: string, json: string): void {
    this.trusted.delete(key);
    this.trusted.set(key, json);
    if (this.trusted.size > MAX_TRUSTED_STATES)
      this.trusted.delete(this.trusted.keys().next().value as string);
  }

  private async saveReference(turn: TurnView): Promise<void> {
    if (!turn.personal) {
      // A coordinator met only in the channel can still be told personally (an answer to their question).
      const { activity } = turn;
      if (turn.user.isCoordinator && activity.channelId === "msteams" && activity.recipient?.id) {
        const tenantId =
          activity.conversation.tenantId ??
          (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
        await this.deps.references.saveMember(
          turn.user.id,
          {
            serviceUrl: activity.serviceUrl,
            memberId: activity.from.id.slice(0, 200),
            tenantId: tenantId?.slice(0, 100),
            bot: { id: activity.recipient.id.slice(0, 200), name: activity.recipient.name?.slice(0, 200) },
          },
          turn.now,
        );
      }
      return;
    }
    const reference = TurnContext.getConversationReference(turn.activity);
    await this.deps.references.saveUser(turn.user.id, reference, turn.now);
  }

  private async route(turn: TurnView): Promise<Handled> {
    const activity = turn.activity;
    switch (activity.type) {
      case "conversationUpdate":
        return turn.personal && activity.membersAdded?.some((m) => m.id === activity.recipient?.id)
          ? this.welcome(turn, handled([]))
          : handled([]);
      case "installationUpdate":
        return turn.personal && (activity.action === "add" || activity.action === "add-upgrade")
          ? this.welcome(turn, handled([]))
          : handled([]);
      case "invoke": {
        if (activity.name !== "adaptiveCard/action") return handled([]);
        const value = activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined;
        return this.click(turn, value?.action?.verb, value?.action?.data);
      }
      case "message": {
        if (activity.value && typeof activity.value === "object") {
          const { verb, ...data } = activity.value as Record<string, unknown>;
          return this.click(turn, verb, data);
        }
        return this.message(turn);
      }
      default:
        return handled([]);
    }
  }

  /** The welcome card before a result, once per conversation, and only in the personal chat. */
  private welcome(turn: TurnView, result: Handled): Handled {
    if (turn.data.welcomed) return result;
    return {
      ...result,
      replies: [{ kind: "card", card: welcomeCard(turn.lang) }, ...result.replies],
      patch: { ...result.patch, welcomed: true },
    };
  }

  private async click(turn: TurnView, verb: unknown, data: unknown): Promise<Handled> {
    const parsed = parseAction(verb, data);
    const handler = parsed.ok ? this.actions.get(parsed.verb) : undefined;
    if (!parsed.ok || !handler) {
      this.log.warn(
        {
          verb: parsed.verb,
          reason: parsed.ok ? "no_handler" : parsed.reason,
        },
        "card action refused",
      );
      const text =
        !parsed.ok && parsed.reason === "bad_payload"
          ? textsFor(turn.lang).bot.invalidInput
          : textsFor(turn.lang).bot.unknownAction;
      return handled([], { notice: text });
    }
    if (isPersonalOnly(parsed.verb) && !turn.personal) {
      // A check or a report started from a card in a channel would live in the thread's shared data.
      this.log.info({ verb: parsed.verb }, "card action pointed to the personal chat");
      return handled([{ kind: "card", card: personalOnlyCard(turn.lang, this.deps.personalChatUrl) }]);
    }
    this.log.debug({ verb: parsed.verb }, "card action");
    const result = await handler(turn, parsed.data as ActionData<Verb>);
    return result.status === "handled"
      ? result
      : handled([], { notice: textsFor(turn.lang).bot.unknownAction });
  }

  private async message(turn: TurnView): Promise<Handled> {
    const activity = turn.activity;
    const raw = TurnContext.removeRecipientMention(activity) ?? activity.text ?? "";
    const text = raw.replace(/\s+/g, " ").trim();
    const intent = classify(text, {
      personal: turn.personal,
      check: this.deps.check?.position(turn.data) ?? "none",
    });
    // Danger is looked for in a message too long to answer as well (its start, within a bound).
    const acute = intent.kind !== "empty" && this.detectAcute(text.slice(0, MAX_ACUTE_SCAN));
    const result = await this.answer({ ...turn, acute }, intent);
    const withAcute = acute ? { ...result, replies: [ACUTE, ...result.replies] } : result;
    return turn.personal ? this.welcome(turn, withAcute) : withAcute;
  }

  private detectAcute(text: string): boolean {
    const found = this.deps.acute?.detect(text);
    if (!found?.acute) return false;
    this.log.info({ cues: found.cues }, "acute danger cue");
    return true;
  }

  /** The one place where a message's meaning picks the feature that answers it. */
  private async answer(turn: TurnView, intent: Intent): Promise<Handled> {
    const lang = turn.lang;
    switch (intent.kind) {
      case "empty":
        return handled([]);
      case "too_long":
        return handled([textsFor(lang).bot.tooLong]);
      case "language":
        return handled([textsFor(intent.lang).bot.languageSet], { patch: { lang: intent.lang } });
      case "command": {
        const handler = this.commands.get(intent.command);
        if (!handler) return handled([textsFor(lang).bot.notAvailable]);
        return orNothing(await handler(turn));
      }
      case "check_text": {
        const result = this.deps.check ? await this.deps.check.onCheckText(turn, intent.text) : undefined;
        if (result?.status === "handled") return result;
        return orNothing(await this.deps.knowledge.onQuestion(turn, intent.text));
      }
      case "no_check":
        return handled([textsFor(lang).bot.noCheck]);
      case "question":
        return orNothing(await this.deps.knowledge.onQuestion(turn, intent.text));
      case "personal_only":
        return handled([personalOnlyCard(lang, this.deps.personalChatUrl)]);
    }
  }

  /**
   * Logs, apologises and never rethrows. The state saved before this turn stays as it was (a failed turn writes
   * nothing), so a report draft or a check in progress survives and the apology's "nothing was lost" is true.
   * Only a conversation whose turns keep failing is cleared, after FAILURES_BEFORE_RESET in a row, so that stored
   * state that itself makes every turn fail cannot lock the user out.
   */
  private async onTurnError(ctx: TurnContext, key: string, lang: Lang, error: unknown): Promise<void> {
    const name = error instanceof Error ? error.name : typeof error;
    const storage = error instanceof StorageError;
    this.log.error(
      {
        err: { name, message: storage ? undefined : error instanceof Error ? error.message : undefined },
        conv: keyId(ctx.activity.conversation.id),
      },
      "turn failed",
    );
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.delete(key);
    this.failures.set(key, failures);
    if (this.failures.size > MAX_TRACKED_FAILURES)
      this.failures.delete(this.failures.keys().next().value as string);
    const t = textsFor(lang).bot;
    let text = storage ? t.storageError : t.turnError;
    if (!storage && failures >= FAILURES_BEFORE_RESET) {
      try {
        await this.deps.kv.delete([key]);
        this.failures.delete(key);
        text = t.turnErrorReset;
        this.log.warn({ conv: keyId(ctx.activity.conversation.id), failures }, "conversation state cleared");
      } catch (cleanupError) {
        this.log.error({ err: { name: (cleanupError as Error).name } }, "could not clear conversation state");
      }
    }
    try {
      if (ctx.activity.type === "invoke") await ctx.sendActivity(invokeResponse({ text }));
      await ctx.sendActivity(toActivity(text));
    } catch (sendError) {
      this.log.error({ err: { name: (sendError as Error).name } }, "could not send the apology");
    }
  }
}

/** A feature that answered nothing for a command or question it owns still answers: with nothing. */
function orNothing(result: Awaited<ReturnType<CommandHandler>>): Handled {
  return result.status === "handled" ? result : handled([]);
}
