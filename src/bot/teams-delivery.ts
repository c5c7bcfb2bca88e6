/**
 * @module bot/teams-delivery
 * Delivers outbox items in Teams through proactive messages: the case card to the contact point's registered
 * channel (posted once, then updated in place for everyone), a personal copy for on-duty coordinators, and status
 * messages and questions to the reporter. Failures become DeliveryErrors the dispatcher can act on: a missing
 * registration or reference goes to the fallback at once, a timeout or 5xx is retried later, a 429 no sooner than
 * its Retry-After. Sends are paced below Teams' bot limits (per app and tenant, and per conversation thread; see
 * docs/scaling.md): each call to the connector waits for a slot, overall and in its conversation.
 */
import type { SignalCatalogue } from "../signals/catalogue.js";
import type { Playbook } from "../cases/playbook-schema.js";
import { TurnContext, type CloudAdapter, type ConversationReference } from "botbuilder";
import { AuthenticationConstants } from "botframework-connector";
import type { CaseRecord } from "../cases/case-schema.js";
import type { PlaceLinks } from "../cases/place-links.js";
import { DeliveryError } from "../errors.js";
import { fill, textsFor } from "../i18n/index.js";
import type { DeliveryChannel } from "../notify/dispatcher.js";
import type { DeliveryResult, OutboxItem } from "../notify/outbox-schema.js";
import { cardAttachment } from "./cards/adaptive.js";
import { caseCard, reporterStatusText, type ReporterChange } from "./cards/case-cards.js";
import { answerQuestionCard } from "./cards/report-cards.js";
import type { ReferenceStore } from "./references.js";
import { toActivity, type ReplyPart } from "./respond.js";
import type { Logger } from "../log.js";
import { keyId } from "../util/key-id.js";
import { Pacer } from "../util/pacer.js";

/** The part of botframework-connector's client this module touches: its @azure/core-rest-pipeline pipeline. */
interface ConnectorWithPipeline {
  client?: { pipeline?: { removePolicy(options: { phase: "Retry" }): unknown } };
}

/** Settings of the Teams delivery. */
export interface TeamsDeliverySettings {
  adapter: CloudAdapter;
  references: ReferenceStore;
  /** Labels and weights of the signals the case cards list. */
  catalogue?: SignalCatalogue;
  /** The other reports about a case's place, shown on the coordinators' card (case service `placeLinks`). */
  placeLinks?: (record: CaseRecord) => Promise<PlaceLinks | undefined>;
  /** The follow-up playbooks, for the step titles on the card. */
  playbooks?: readonly Playbook[];
  /** The bot's app id ("" when authentication is off). */
  botAppId: string;
  /** A send that takes longer counts as failed and is retried (default 15 s). */
  timeoutMs?: number;
  /** Connector calls per second from this instance, all conversations together (default 10). */
  sendsPerSecond?: number;
  /** Connector calls per second into one conversation (default 3). */
  sendsPerSecondPerConversation?: number;
  /** Each connector call's release is logged at debug level (conversation key id, when, how long it waited). */
  logger?: Logger;
}

/** The longest Retry-After we honour; a larger one is capped (the dispatcher's own backoff goes on from there). */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** Creates the Teams DeliveryChannel for the dispatcher. */
export function createTeamsDelivery(settings: TeamsDeliverySettings): DeliveryChannel {
  const timeoutMs = settings.timeoutMs ?? 15_000;
  const log = settings.logger?.child({ module: "teams-delivery" });
  const overall = new Pacer({ intervalMs: 1000 / (settings.sendsPerSecond ?? 10) });
  const perConversation = new Pacer({ intervalMs: 1000 / (settings.sendsPerSecondPerConversation ?? 3) });

  /** Waits for this instance's next free slot, overall and in the conversation. */
  async function pace(conversationId: string | undefined): Promise<void> {
    const released = await overall.wait("all");
    const { at } = conversationId ? await perConversation.wait(conversationId) : released;
    const asked = released.at - released.waitedMs;
    log?.debug(
      { conv: conversationId ? keyId(conversationId) : undefined, at, waitedMs: at - asked },
      "connector call released",
    );
  }

  async function withConversation<T>(
    reference: Partial<ConversationReference>,
    work: (ctx: TurnContext) => Promise<T>,
  ): Promise<T> {
    await pace(reference.conversation?.id);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeliveryError("timeout", { retryable: true })), timeoutMs);
    });
    let result: T | undefined;
    const run = settings.adapter
      .continueConversationAsync(settings.botAppId, reference, async (ctx) => {
        // One attempt per dispatcher try: the dispatcher owns retries and backoff. The connector client's own
        // retries would keep a timed-out send going after the dispatcher gave up, and deliver it twice.
        const connector = ctx.turnState.get(settings.adapter.ConnectorClientKey) as
          ConnectorWithPipeline | undefined;
        connector?.client?.pipeline?.removePolicy({ phase: "Retry" });
        // Proactive sends are new messages, not replies to the synthetic continuation activity.
        ctx.onSendActivities(async (_ctx, activities, next) => {
          for (const activity of activities) delete activity.replyToId;
          return next();
        });
        result = await work(ctx);
      })
      .then(() => result as T);
    try {
      return await Promise.race([run, timeout]);
    } catch (error) {
      throw classify(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async function send(reference: Partial<ConversationReference>, part: ReplyPart): Promise<DeliveryResult> {
    return withConversation(reference, async (ctx) => {
      const response = await ctx.sendActivity(toActivity(part));
      return { activityId: response?.id, conversationId: reference.conversation?.id };
    });
  }

  /** The coordinators' case card, with the other reports about its place. */
  async function coordinatorCard(record: CaseRecord) {
    return caseCard(record, "nl", {
      catalogue: settings.catalogue,
      links: await settings.placeLinks?.(record),
      playbooks: settings.playbooks,
    });
  }

  async function deliverToChannel(item: OutboxItem, record: CaseRecord): Promise<DeliveryResult> {
    const registered = await settings.references.getContactPoint();
    if (!registered) throw new DeliveryError("no_target", { retryable: false });
    const reference = registered.reference;
    if (item.event === "case.reminder") {
      await send(reference, fill(textsFor("nl").delivery.reminder, { number: record.number }));
    }
    const card = record.card;
    const content = await coordinatorCard(record);
    if (card && card.conversationId === reference.conversation?.id) {
      await withConversation(reference, async (ctx) => {
        await ctx.updateActivity({
          type: "message",
          id: card.activityId,
          conversation: { ...ctx.activity.conversation, id: card.conversationId },
          attachments: [cardAttachment(content)],
        });
      });
      return { activityId: card.activityId, conversationId: card.conversationId };
    }
    return send(reference, content);
  }

  /**
   * Opens a personal chat with someone met only in a channel (Teams creates it when the app is installed in that
   * team) and keeps its reference for next time; undefined when the bot has no address for them.
   */
  async function openPersonalChat(userId: string): Promise<Partial<ConversationReference> | undefined> {
    const member = await settings.references.getMember(userId);
    if (!member) return undefined;
    let reference: Partial<ConversationReference> | undefined;
    await pace(undefined);
    const create = settings.adapter.createConversationAsync(
      settings.botAppId,
      "msteams",
      member.serviceUrl,
      AuthenticationConstants.ToChannelFromBotOAuthScope,
      {
        isGroup: false,
        bot: { id: member.bot.id, name: member.bot.name ?? "" },
        members: [{ id: member.memberId, name: "" }],
        tenantId: member.tenantId,
        channelData: member.tenantId ? { tenant: { id: member.tenantId } } : undefined,
        activity: undefined as never,
      },
      async (ctx) => {
        reference = TurnContext.getConversationReference(ctx.activity);
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeliveryError("timeout", { retryable: true })), timeoutMs);
    });
    try {
      await Promise.race([create, timeout]);
    } catch (error) {
      throw classify(error);
    } finally {
      clearTimeout(timer);
    }
    if (reference) await settings.references.saveUser(userId, reference, new Date());
    return reference;
  }

  async function deliverToUser(
    item: OutboxItem,
    record: CaseRecord,
    userId: string,
  ): Promise<DeliveryResult> {
    const reference = (await settings.references.getUser(userId)) ?? (await openPersonalChat(userId));
    if (!reference) throw new DeliveryError("no_target", { retryable: false });
    // A person hears about their report in the language they chose; Dutch when they never chose.
    const lang = (await settings.references.getUserLang(userId)) ?? "nl";
    switch (item.event) {
      case "reporter.status":
        return send(
          reference,
          reporterStatusText(record, String(item.payload.change) as ReporterChange, lang),
        );
      case "reporter.question": {
        const question = record.questions.find((q) => q.id === item.payload.questionId);
        if (!question) throw new DeliveryError("question_missing", { retryable: false });
        return send(reference, answerQuestionCard(record, question, lang));
      }
      case "case.answered":
        return send(reference, fill(textsFor(lang).delivery.answered, { number: record.number }));
      default:
        // A new or changed case for an on-duty coordinator: their own copy of the card.
        return {
          ...(await send(reference, await coordinatorCard(record))),
          conversationId: undefined,
        };
    }
  }

  return {
    deliver: (item, record) => {
      if (item.target.kind === "channel") return deliverToChannel(item, record);
      if (item.target.kind === "user") return deliverToUser(item, record, item.target.userId);
      return Promise.reject(new DeliveryError("not_a_teams_target", { retryable: false }));
    },
  };
}

/** Maps connector failures to retryable or final DeliveryErrors, with a hint where the cause is known. */
function classify(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 401 || status === 403) {
    return new DeliveryError(
      "unauthorized: check MicrosoftAppId / MicrosoftAppPassword / MicrosoftAppTenantId",
      {
        cause: error,
        retryable: false,
      },
    );
  }
  if (status === 404) return new DeliveryError("conversation_not_found", { cause: error, retryable: false });
  if (status === 429) {
    return new DeliveryError("connector_429", {
      cause: error,
      retryable: true,
      retryAfterMs: retryAfterMs(error),
    });
  }
  return new DeliveryError(status ? `connector_${status}` : "connector_unreachable", {
    cause: error,
    retryable: true,
  });
}

/**
 * The Retry-After of a connector error (@azure/core-rest-pipeline's RestError carries the response headers), in
 * ms: seconds or an HTTP date, capped at MAX_RETRY_AFTER_MS; undefined when absent or unreadable.
 */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const headers = (error as { response?: { headers?: { get?(name: string): string | undefined } } }).response
    ?.headers;
  const value = typeof headers?.get === "function" ? headers.get("retry-after") : undefined;
  if (!value) return undefined;
  const ms = /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/** The reference to post new threads in a Teams channel: the channel id, not the id of the thread it came from. */
export function channelReference(activity: TurnContext["activity"]): Partial<ConversationReference> {
  const reference = TurnContext.getConversationReference(activity);
  const channelId = (activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
  const conversationId = channelId ?? activity.conversation.id.split(";")[0] ?? activity.conversation.id;
  return {
    ...reference,
    activityId: undefined,
    conversation: { ...reference.conversation!, id: conversationId },
  };
}
