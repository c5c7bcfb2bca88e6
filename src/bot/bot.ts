/**
 * @module bot/bot
 * The activity handler: one turn at a time per conversation, state loaded and saved around the turn with eTag
 * checks, the conversation reference stored on every turn, and routing to features (acute check first, then card
 * actions, then text handlers in order). Errors end in one handler that apologises and recovers.
 */
import { TurnContext, type Activity } from "botbuilder";
import { z } from "zod";
import type { Logger } from "../log.js";
import type { KeyValueStore } from "../storage/key-value-store.js";
import { MAX_ACTOR_NAME } from "../cases/case-service.js";
import { isCoordinator } from "../cases/coordinators.js";
import { StorageError } from "../errors.js";
import { keyId } from "../storage/lowdb-kv-store.js";
import { KeyedLock } from "../util/keyed-lock.js";
import type { RateLimiter } from "../util/rate-limiter.js";
import { welcomeCard } from "./cards/welcome-cards.js";
import { ConversationData, newConversationData } from "./conversation-data.js";
import type { ActionHandler, Feature } from "./feature.js";
import { languageCommand, pickLang } from "./language.js";
import type { ReferenceStore } from "./references.js";
import { texts, type Lang } from "./texts.js";
import { Turn, type InvokeAnswer } from "./turn.js";

/** The longest typed message the bot accepts (Teams allows ~28 KB; staff never need this much). */
export const MAX_TEXT_LENGTH = 4000;

/** What the activity handler needs from the rest of the app. */
export interface BotDeps {
  kv: KeyValueStore;
  references: ReferenceStore;
  features: readonly Feature[];
  coordinators: readonly string[];
  logger: Logger;
  clock?: () => Date;
  /** Per-user and per-tenant limits on messages and card clicks; none when absent (unit tests). */
  rateLimits?: { user: RateLimiter; tenant: RateLimiter };
}

const CardAction = z.object({
  verb: z.string().min(1).max(100),
  data: z.record(z.string(), z.unknown()).default({}),
});
type CardAction = z.infer<typeof CardAction>;

/** After this many failed turns in a row a conversation's state is cleared (see onTurnError). */
const FAILURES_BEFORE_RESET = 3;
/** At most this many conversations' failure counts are kept in memory. */
const MAX_TRACKED_FAILURES = 10_000;

/** The Signaalwijzer bot: call `run` with each TurnContext from the adapter. */
export class SignaalwijzerBot {
  private readonly lock = new KeyedLock();
  /** Failed turns in a row per conversation key; bounded, the oldest entry goes first. */
  private readonly failures = new Map<string, number>();
  private readonly actions = new Map<string, ActionHandler>();
  private readonly log: Logger;
  private readonly clock: () => Date;

  constructor(private readonly deps: BotDeps) {
    this.log = deps.logger.child({ module: "bot" });
    this.clock = deps.clock ?? (() => new Date());
    for (const feature of deps.features) {
      for (const [verb, handler] of Object.entries(feature.actions ?? {})) {
        if (this.actions.has(verb)) throw new Error(`card verb ${verb} registered twice (${feature.name})`);
        this.actions.set(verb, handler);
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
    const lang = pickLang(undefined, ctx.activity.locale);
    const text = texts.rateLimited[lang];
    if (ctx.activity.type === "invoke") {
      const body = { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text };
      await ctx.sendActivity({ type: "invokeResponse", value: { status: 200, body } });
      return;
    }
    await ctx.sendActivity({ type: "message", text, textFormat: "markdown" });
  }

  /** Resolves when every queued turn has finished (graceful shutdown). */
  drain(): Promise<void> {
    return this.lock.drain();
  }

  private stateKey(activity: Activity): string {
    return `conversation/${activity.channelId}/${activity.conversation.id}`;
  }

  private async turn(ctx: TurnContext): Promise<void> {
    const activity = ctx.activity;
    const key = this.stateKey(activity);
    const started = Date.now();
    const now = this.clock();
    let lang: Lang = "nl";
    let turn: Turn | undefined;
    try {
      const loaded = await this.loadData(key);
      lang = pickLang(loaded.data.lang, activity.locale);
      const userId = activity.from.aadObjectId ?? activity.from.id;
      turn = new Turn(
        ctx,
        loaded.data,
        lang,
        {
          id: userId,
          // A display name is whatever the client sends: keep it to a sensible length.
          name: activity.from.name?.slice(0, MAX_ACTOR_NAME),
          // One rule, the case service's: the Entra object id Teams vouches for (from.id only without one),
          // never a from.id a client chose next to it.
          isCoordinator: isCoordinator({ ids: this.deps.coordinators, onDuty: [] }, userId),
        },
        now,
      );
      if (loaded.reset) await turn.say(texts.stateReset[lang]);
      await this.saveReference(turn);
      await this.route(turn);
      await this.deps.kv.write({ [key]: { ...turn.data, eTag: loaded.eTag ?? "*" } });
      this.failures.delete(key);
      if (activity.type === "invoke") await this.answerInvoke(ctx, turn.invokeAnswer, turn.lang);
      this.log.info(
        { type: activity.type, conv: keyId(activity.conversation.id), ms: Date.now() - started },
        "turn done",
      );
    } catch (error) {
      await this.onTurnError(ctx, key, lang, error);
    }
  }

  private async loadData(key: string): Promise<{ data: ConversationData; eTag?: string; reset: boolean }> {
    const item = (await this.deps.kv.read([key]))[key];
    if (!item) return { data: newConversationData(), reset: false };
    const { eTag, ...rest } = item;
    const parsed = ConversationData.safeParse(rest);
    if (parsed.success) return { data: parsed.data, eTag, reset: false };
    this.log.warn(
      { issues: parsed.error.issues.length },
      "stored conversation data unreadable, starting over",
    );
    return { data: newConversationData(), eTag, reset: true };
  }

  private async saveReference(turn: Turn): Promise<void> {
    if (!turn.isPersonal) return;
    const reference = TurnContext.getConversationReference(turn.ctx.activity);
    await this.deps.references.saveUser(turn.user.id, reference, turn.now);
  }

  private async route(turn: Turn): Promise<void> {
    const activity = turn.ctx.activity;
    switch (activity.type) {
      case "conversationUpdate":
        if (activity.membersAdded?.some((m) => m.id === activity.recipient?.id)) await this.welcome(turn);
        return;
      case "installationUpdate":
        if (activity.action === "add" || activity.action === "add-upgrade") await this.welcome(turn);
        return;
      case "invoke":
        if (activity.name === "adaptiveCard/action")
          await this.dispatchAction(turn, this.parseExecute(activity));
        return;
      case "message":
        return this.onMessage(turn);
      default:
        return;
    }
  }

  private async welcome(turn: Turn): Promise<void> {
    if (turn.data.welcomed) return;
    turn.data.welcomed = true;
    await turn.say(welcomeCard(turn.lang));
  }

  private parseExecute(activity: Activity): CardAction | undefined {
    const value = activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined;
    const parsed = CardAction.safeParse({ verb: value?.action?.verb, data: value?.action?.data ?? {} });
    return parsed.success ? parsed.data : undefined;
  }

  private async onMessage(turn: Turn): Promise<void> {
    const activity = turn.ctx.activity;
    if (activity.value && typeof activity.value === "object") {
      const value = activity.value as Record<string, unknown>;
      const { verb, ...data } = value;
      return this.dispatchAction(turn, CardAction.safeParse({ verb, data }).data);
    }
    const raw = TurnContext.removeRecipientMention(activity) ?? activity.text ?? "";
    const text = raw.replace(/\s+/g, " ").trim();
    if (!turn.data.welcomed) await this.welcome(turn);
    if (text.length === 0) return;
    if (text.length > MAX_TEXT_LENGTH) {
      await turn.say(texts.tooLong[turn.lang]);
      return;
    }
    for (const feature of this.deps.features) await feature.beforeText?.(turn, text);
    const lang = languageCommand(text);
    if (lang) {
      turn.lang = lang;
      turn.data.lang = lang;
      await turn.say(texts.languageSet[lang]);
      return;
    }
    for (const feature of this.deps.features) {
      if (feature.onText && (await feature.onText(turn, text))) return;
    }
  }

  private async dispatchAction(turn: Turn, action: CardAction | undefined): Promise<void> {
    const handler = action && this.actions.get(action.verb);
    if (!action || !handler) {
      this.log.warn({ verb: action?.verb }, "unknown card action");
      turn.invokeAnswer = { kind: "message", text: texts.unknownAction[turn.lang] };
      await turn.say(texts.unknownAction[turn.lang]);
      return;
    }
    this.log.debug({ verb: action.verb }, "card action");
    await handler(turn, action.data);
  }

  private async answerInvoke(ctx: TurnContext, answer: InvokeAnswer | undefined, lang: Lang): Promise<void> {
    const body =
      answer?.kind === "card"
        ? { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: answer.card }
        : {
            statusCode: 200,
            type: "application/vnd.microsoft.activity.message",
            value: answer?.text ?? (lang === "en" ? "Done." : "Gedaan."),
          };
    await ctx.sendActivity({ type: "invokeResponse", value: { status: 200, body } });
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
    let text: string = storage ? texts.storageError[lang] : texts.turnError[lang];
    if (!storage && failures >= FAILURES_BEFORE_RESET) {
      try {
        await this.deps.kv.delete([key]);
        this.failures.delete(key);
        text = texts.turnErrorReset[lang];
        this.log.warn({ conv: keyId(ctx.activity.conversation.id), failures }, "conversation state cleared");
      } catch (cleanupError) {
        this.log.error({ err: { name: (cleanupError as Error).name } }, "could not clear conversation state");
      }
    }
    try {
      if (ctx.activity.type === "invoke") {
        await ctx.sendActivity({
          type: "invokeResponse",
          value: {
            status: 200,
            body: {
              statusCode: 200,
              type: "application/vnd.microsoft.activity.message",
              value: text,
            },
          },
        });
      }
      await ctx.sendActivity({ type: "message", text, textFormat: "markdown" });
    } catch (sendError) {
      this.log.error({ err: { name: (sendError as Error).name } }, "could not send the apology");
    }
  }
}
