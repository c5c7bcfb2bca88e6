/**
 * @module bot/references
 * Conversation references, stored on every turn, so the bot can later message a user or a channel proactively
 * (Teams only delivers where the app is installed and the bot has seen the conversation).
 */
import type { ConversationReference } from "botbuilder";
import { z } from "zod";
import { Department } from "../cases/case-schema.js";
import type { KeyValueStore } from "../storage/key-value-store.js";

const CONTACT_POINT_KEY = "ref/contact-point";
/** At most this many users' last saved references are remembered in memory. */
const MAX_REMEMBERED = 10_000;

/** The key of a user's own settings (language, department), kept per person, not per conversation. */
export function userPrefsKey(userId: string): string {
  return `pref/user/${userId}`;
}

/**
 * A user's settings as stored; anything unreadable counts as not set. The department (chosen on a report or with
 * `afdeling`) only labels their finished checks and practice in the anonymous statistics.
 */
export const UserPrefs = z.object({
  lang: z.enum(["nl", "en"]).optional().catch(undefined),
  department: Department.optional().catch(undefined),
  /** Practice progress: counts and the ids of the last practice cases done (never answers). */
  practice: z
    .object({
      runs: z.int().min(0),
      found: z.int().min(0),
      present: z.int().min(0),
      recent: z.array(z.string().max(100)).max(10),
      month: z.string().max(7).optional(),
    })
    .optional()
    .catch(undefined),
});
export type UserPrefs = z.infer<typeof UserPrefs>;

interface StoredReference {
  reference: Partial<ConversationReference>;
  updatedAt: string;
  registeredBy?: string;
}

/**
 * How to open a personal chat with someone the bot has only met in a channel (a coordinator who never opened the
 * bot's personal chat): their Teams member id there, the service URL, the tenant and the bot's own account.
 */
export const MemberAddress = z.object({
  serviceUrl: z.string().min(1).max(2048),
  memberId: z.string().min(1).max(200),
  tenantId: z.string().max(100).optional(),
  bot: z.object({ id: z.string().min(1).max(200), name: z.string().max(200).optional() }),
});
export type MemberAddress = z.infer<typeof MemberAddress>;

/** Reads and writes conversation references in the key-value store. */
export class ReferenceStore {
  /**
   * What this process last saved per user, so an unchanged reference costs no write on every turn; bounded (the
   * oldest entry goes first), since every new user adds one.
   */
  private readonly saved = new Map<string, string>();

  constructor(private readonly kv: KeyValueStore) {}

  /** Saves the personal-chat reference of a user (keyed by their stable id) when it changed. */
  async saveUser(userId: string, reference: Partial<ConversationReference>, now: Date): Promise<void> {
    const fingerprint = JSON.stringify([reference.serviceUrl, reference.conversation?.id, reference.bot?.id]);
    if (this.saved.get(userId) === fingerprint) return;
    await this.kv.write({ [`ref/user/${userId}`]: { reference, updatedAt: now.toISOString(), eTag: "*" } });
    this.remember(userId, fingerprint);
  }

  private remember(key: string, fingerprint: string): void {
    this.saved.delete(key);
    this.saved.set(key, fingerprint);
    if (this.saved.size > MAX_REMEMBERED) this.saved.delete(this.saved.keys().next().value as string);
  }

  /** The user's personal-chat reference, if the bot has one. */
  async getUser(userId: string): Promise<Partial<ConversationReference> | undefined> {
    const key = `ref/user/${userId}`;
    const item = (await this.kv.read([key]))[key] as StoredReference | undefined;
    return item?.reference;
  }

  /** Saves how to reach a coordinator met in a channel (see MemberAddress) when it changed. */
  async saveMember(userId: string, address: MemberAddress, now: Date): Promise<void> {
    const fingerprint = JSON.stringify(address);
    if (this.saved.get(`member:${userId}`) === fingerprint) return;
    await this.kv.write({ [`ref/member/${userId}`]: { address, updatedAt: now.toISOString(), eTag: "*" } });
    this.remember(`member:${userId}`, fingerprint);
  }

  /** How to open a personal chat with `userId`, if the bot met them in a channel. */
  async getMember(userId: string): Promise<MemberAddress | undefined> {
    const key = `ref/member/${userId}`;
    const item = (await this.kv.read([key]))[key] as { address?: unknown } | undefined;
    return MemberAddress.safeParse(item?.address).data;
  }

  /** Registers the contact point's channel (from `registreer meldpunt` typed in that channel). */
  async saveContactPoint(reference: Partial<ConversationReference>, by: string, now: Date): Promise<void> {
    await this.kv.write({
      [CONTACT_POINT_KEY]: { reference, updatedAt: now.toISOString(), registeredBy: by, eTag: "*" },
    });
  }

  /** The registered contact-point channel, if any. */
  async getContactPoint(): Promise<
    (StoredReference & { reference: Partial<ConversationReference> }) | undefined
  > {
    const item = (await this.kv.read([CONTACT_POINT_KEY]))[CONTACT_POINT_KEY] as StoredReference | undefined;
    return item;
  }

  /** The language a user chose ("english" / "nederlands"), if any; status messages to them use it. */
  async getUserLang(userId: string): Promise<"nl" | "en" | undefined> {
    const key = userPrefsKey(userId);
    return UserPrefs.safeParse((await this.kv.read([key]))[key] ?? {}).data?.lang;
  }
}
