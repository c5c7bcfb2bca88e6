/**
 * @module devchat/conversation-log
 * The memory of the local Bot Connector emulation: the activities of each conversation, in order, as the bot
 * posted and updated them (and the page's own messages), so the page can show them live and again after a
 * reload. Everything is bounded: the newest activities per conversation, the most recently used conversations,
 * and the number of listeners. Nothing is written to disk; a restart forgets it all.
 */
import { randomUUID } from "node:crypto";

/** An activity as the log keeps it: what was sent, with the id, conversation and time the connector gave it. */
export type LoggedActivity = Record<string, unknown> & {
  id: string;
  type: string;
  conversation: { id: string };
  timestamp: string;
};

/**
 * One change a listener hears about. `seq` grows with every change in this process, so a page that reconnects can
 * ask for what it missed; `activity` is new, or replaces the activity with the same id (a card update).
 */
export interface LogEvent {
  kind: "activity" | "update";
  seq: number;
  activity: LoggedActivity;
}

/** How much the log keeps, and how many may listen. */
export interface LogLimits {
  conversations: number;
  activitiesPerConversation: number;
  listeners: number;
}

/** The bounds of the issue: the last 200 activities of at most 100 conversations, a few pages listening. */
export const DEFAULT_LOG_LIMITS: LogLimits = {
  conversations: 100,
  activitiesPerConversation: 200,
  listeners: 32,
};

interface Entry {
  /** the change that added the activity */
  created: number;
  /** the latest change of the activity (its creation or its last update) */
  changed: number;
  activity: LoggedActivity;
}

type Listener = (event: LogEvent) => void;

/** The conversations of the emulated connector; see the module note. */
export class ConversationLog {
  /** Least recently used first: a conversation moves to the end whenever something is added to it. */
  private readonly conversations = new Map<string, Entry[]>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private listenerCount = 0;
  private seq = 0;

  constructor(
    private readonly limits: LogLimits = DEFAULT_LOG_LIMITS,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The number of the latest change (0 before any). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Starts an empty conversation with a new id (`POST /v3/conversations`). */
  create(): string {
    const id = `devchat-conv-${randomUUID()}`;
    this.touch(id);
    return id;
  }

  /** Adds an activity to a conversation (started when unknown) and tells its listeners; returns it as logged. */
  append(conversationId: string, activity: Record<string, unknown>): LoggedActivity {
    const entries = this.touch(conversationId);
    const seq = ++this.seq;
    const logged: LoggedActivity = {
      ...activity,
      type: typeof activity.type === "string" ? activity.type : "message",
      id: `devchat-act-${seq}`,
      timestamp: this.clock().toISOString(),
      conversation: { ...asObject(activity.conversation), id: conversationId },
    };
    entries.push({ created: seq, changed: seq, activity: logged });
    if (entries.length > this.limits.activitiesPerConversation) entries.shift();
    this.emit(conversationId, { kind: "activity", seq, activity: logged });
    return logged;
  }

  /**
   * Replaces an activity (`PUT .../activities/{id}`): the fields sent win, id and conversation stay. Undefined
   * when the conversation or the activity is not (or no longer) kept, which the connector answers with 404.
   */
  update(
    conversationId: string,
    activityId: string,
    activity: Record<string, unknown>,
  ): LoggedActivity | undefined {
    const entry = this.conversations.get(conversationId)?.find((e) => e.activity.id === activityId);
    if (!entry) return undefined;
    const seq = ++this.seq;
    const logged: LoggedActivity = {
      ...entry.activity,
      ...activity,
      type: entry.activity.type,
      id: activityId,
      timestamp: entry.activity.timestamp,
      conversation: entry.activity.conversation,
    };
    entry.changed = seq;
    entry.activity = logged;
    this.emit(conversationId, { kind: "update", seq, activity: logged });
    return logged;
  }

  /**
   * What changed in a conversation after change `after`, in the order the page must show it: activities added
   * since then in their order, each in its latest form, then updates of activities it already has.
   */
  since(conversationId: string, after: number): LogEvent[] {
    const entries = this.conversations.get(conversationId) ?? [];
    const added = entries
      .filter((e) => e.created > after)
      .map((e): LogEvent => ({ kind: "activity", seq: e.changed, activity: e.activity }));
    const updated = entries
      .filter((e) => e.created <= after && e.changed > after)
      .sort((a, b) => a.changed - b.changed)
      .map((e): LogEvent => ({ kind: "update", seq: e.changed, activity: e.activity }));
    return [...added, ...updated];
  }

  /** Calls `listener` with every later change of the conversation; undefined when too many listen already. */
  listen(conversationId: string, listener: Listener): (() => void) | undefined {
    if (this.listenerCount >= this.limits.listeners) return undefined;
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    this.listenerCount++;
    let listening = true;
    return () => {
      if (!listening) return;
      listening = false;
      this.listenerCount--;
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(conversationId);
    };
  }

  /** The conversation's entries, moved to the most recently used end; the least recently used beyond the limit go. */
  private touch(conversationId: string): Entry[] {
    const entries = this.conversations.get(conversationId) ?? [];
    this.conversations.delete(conversationId);
    this.conversations.set(conversationId, entries);
    while (this.conversations.size > this.limits.conversations) {
      const oldest = this.conversations.keys().next().value as string;
      this.conversations.delete(oldest);
    }
    return entries;
  }

  private emit(conversationId: string, event: LogEvent): void {
    for (const listener of this.listeners.get(conversationId) ?? []) listener(event);
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
