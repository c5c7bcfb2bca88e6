/**
 * @module config
 * The one place that reads the environment: a zod schema over `process.env`-shaped input that yields one frozen
 * Config. A wrong or missing value stops start-up with a ConfigError naming the variable and what is expected.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ConfigError } from "./errors.js";
import type { StorageBackend } from "./storage/storage-settings.js";

/** The repository root, so content paths do not depend on the working directory. */
export const repoRoot = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const idList = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : (v ?? []),
  z.array(z.string().min(1)),
);
const intWithDefault = (def: number, min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(def));

/**
 * The place-key secret when PLACE_KEY_SECRET is not set: fine on a developer's machine, never in production (anyone
 * who knows it can test a guessed address against the stored keys), so start-up warns while it is in use.
 */
const DEV_PLACE_KEY_SECRET = "signaalwijzer-development-place-key";

/** The environment variables Signaalwijzer reads; `.env.example` documents each one. */
export const EnvSchema = z
  .object({
    NODE_ENV: z.preprocess(emptyToUndefined, z.string().optional()),
    PORT: intWithDefault(3978, 0, 65535),
    HOST: optionalString,
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    ),
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppType: z.preprocess(
      emptyToUndefined,
      z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).default("SingleTenant"),
    ),
    MicrosoftAppTenantId: optionalString,
    ALLOWED_TENANTS: idList,
    STORAGE: z.preprocess(emptyToUndefined, z.enum(["lowdb", "postgres"]).default("lowdb")),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("./data")),
    DATABASE_URL: optionalString,
    DATABASE_CONNECT_TIMEOUT_MS: intWithDefault(5000, 100, 120_000),
    DATABASE_STATEMENT_TIMEOUT_MS: intWithDefault(10_000, 100, 600_000),
    DATABASE_IDLE_TIMEOUT_MS: intWithDefault(30_000, 1000, 3_600_000),
    DATABASE_POOL_SIZE: intWithDefault(10, 1, 200),
    DATABASE_NAMED_STATEMENTS: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("true")),
    STARTUP_STORAGE_WAIT_MS: intWithDefault(60_000, 0, 3_600_000),
    DIALOGS_DIR: z.preprocess(emptyToUndefined, z.string().default(resolve(repoRoot, "dialogs"))),
    KNOWLEDGE_DIR: z.preprocess(emptyToUndefined, z.string().default(resolve(repoRoot, "knowledge"))),
    COORDINATORS: idList,
    COORDINATORS_ON_DUTY: idList,
    SMTP_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^smtps?$/ }).optional()),
    SMTP_ALLOW_INSECURE: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("false")),
    FALLBACK_EMAIL_TO: z.preprocess(emptyToUndefined, z.email().optional()),
    FALLBACK_EMAIL_FROM: z.preprocess(emptyToUndefined, z.email().optional()),
    WEBHOOK_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
    REMINDER_ESCALATE_HOURS: intWithDefault(4, 1, 24 * 14),
    REMINDER_CONSULT_WORKDAYS: intWithDefault(2, 1, 30),
    DISPATCH_INTERVAL_MS: intWithDefault(5000, 10, 3_600_000),
    DELIVERY_MAX_ATTEMPTS: intWithDefault(8, 1, 100),
    DELIVERY_TIMEOUT_MS: intWithDefault(15_000, 100, 120_000),
    DELIVERY_LEASE_MS: intWithDefault(60_000, 200, 3_600_000),
    TEAMS_SENDS_PER_SECOND: intWithDefault(10, 1, 50),
    TEAMS_SENDS_PER_SECOND_PER_CONVERSATION: intWithDefault(3, 1, 7),
    SHUTDOWN_TIMEOUT_MS: intWithDefault(10_000, 100, 120_000),
    RETENTION_CLOSED_CASE_DAYS: intWithDefault(1825, 1, 36_500),
    RETENTION_CONVERSATION_DAYS: intWithDefault(30, 1, 3650),
    RETENTION_UNANSWERED_DAYS: intWithDefault(180, 1, 3650),
    RETENTION_INTERVAL_HOURS: intWithDefault(24, 1, 24 * 30),
    INSIGHT_MIN_CELL: intWithDefault(5, 2, 100),
    PLACE_KEY_SECRET: z.preprocess(emptyToUndefined, z.string().min(16).optional()),
    PLACE_CLUSTER_MIN_REPORTS: intWithDefault(3, 2, 100),
    PLACE_CLUSTER_MIN_DEPARTMENTS: intWithDefault(2, 1, 20),
    PLACE_CLUSTER_MONTHS: intWithDefault(6, 1, 120),
    TAB_JWKS_URL: z.preprocess(
      emptyToUndefined,
      z.url({ protocol: /^https?$/ }).default("https://login.microsoftonline.com/common/discovery/v2.0/keys"),
    ),
    RATE_LIMIT_USER_PER_MINUTE: intWithDefault(30, 1, 100_000),
    RATE_LIMIT_USER_BURST: intWithDefault(30, 1, 100_000),
    RATE_LIMIT_TENANT_PER_MINUTE: intWithDefault(1200, 1, 1_000_000),
    RATE_LIMIT_TENANT_BURST: intWithDefault(300, 1, 1_000_000),
    BOT_DOMAIN: optionalString,
    TEAMS_APP_ID: z.preprocess(emptyToUndefined, z.uuid().optional()),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.MicrosoftAppId) {
      ctx.addIssue({
        code: "custom",
        path: ["MicrosoftAppId"],
        message: "required when NODE_ENV=production: without it the bot would run without authentication",
      });
    }
    for (const name of ["MicrosoftAppPassword", "MicrosoftAppTenantId"] as const) {
      if (env[name] && !env.MicrosoftAppId) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message:
            "is set but MicrosoftAppId is empty, so authentication would be off; set MicrosoftAppId too",
        });
      }
    }
    if (env.STORAGE === "postgres" && !env.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_URL"],
        message: "required when STORAGE=postgres (e.g. postgres://user@host:5432/db)",
      });
    }
    if (env.MicrosoftAppId && env.MicrosoftAppType !== "UserAssignedMSI" && !env.MicrosoftAppPassword) {
      ctx.addIssue({
        code: "custom",
        path: ["MicrosoftAppPassword"],
        message: "required when MicrosoftAppId is set (the client secret of the bot's app registration)",
      });
    }
    if (env.MicrosoftAppId && env.MicrosoftAppType !== "MultiTenant" && !env.MicrosoftAppTenantId) {
      ctx.addIssue({
        code: "custom",
        path: ["MicrosoftAppTenantId"],
        message: `required when MicrosoftAppType=${env.MicrosoftAppType} (the Entra ID tenant id)`,
      });
    }
    if (env.DELIVERY_LEASE_MS < 2 * env.DELIVERY_TIMEOUT_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["DELIVERY_LEASE_MS"],
        message: `must be at least twice DELIVERY_TIMEOUT_MS (${env.DELIVERY_TIMEOUT_MS}): a delivery can take two sends, and a lease that runs out during one lets another instance send it again`,
      });
    }
    if (env.SMTP_URL && !(env.FALLBACK_EMAIL_TO && env.FALLBACK_EMAIL_FROM)) {
      ctx.addIssue({
        code: "custom",
        path: ["FALLBACK_EMAIL_TO"],
        message: "FALLBACK_EMAIL_TO and FALLBACK_EMAIL_FROM are required when SMTP_URL is set",
      });
    }
  });

/** The validated, frozen configuration of one bot process. */
export interface Config {
  readonly port: number;
  /** Loopback by default while authentication is off (development mode), all interfaces otherwise. */
  readonly host: string;
  readonly logLevel: string;
  /** `development` when no MicrosoftAppId is set: no authentication, for local tools; start-up and /readyz warn. */
  readonly mode: "development" | "authenticated";
  /** Channels and tenants the bot answers (after authentication); others get 403. */
  readonly allow: { readonly channels: readonly string[]; readonly tenants: readonly string[] };
  readonly auth: {
    readonly appId?: string;
    readonly appPassword?: string;
    readonly appType: "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
    readonly tenantId?: string;
  };
  readonly storage: StorageBackend;
  /** How long start-up waits (retrying with back-off) for storage that cannot be reached yet. */
  readonly startupStorageWaitMs: number;
  readonly dialogsDir: string;
  readonly knowledgeDir: string;
  readonly coordinators: readonly string[];
  readonly coordinatorsOnDuty: readonly string[];
  readonly fallback: {
    readonly smtp?: {
      readonly url: string;
      readonly to: string;
      readonly from: string;
      readonly allowInsecure: boolean;
    };
    readonly webhookUrl?: string;
  };
  readonly reminders: { readonly escalateHours: number; readonly consultWorkdays: number };
  readonly dispatch: {
    readonly intervalMs: number;
    readonly maxAttempts: number;
    readonly timeoutMs: number;
    /**
     * How long an instance reserves the outbox items it is delivering; after it, another instance delivers an item
     * whose instance died mid-delivery. At least twice `timeoutMs`.
     */
    readonly leaseMs: number;
    /** Connector calls per second from one instance, overall and into one conversation (see docs/scaling.md). */
    readonly sendsPerSecond: number;
    readonly sendsPerSecondPerConversation: number;
  };
  readonly shutdownTimeoutMs: number;
  /** Retention in days per kind of data, and how often the purge runs (see privacy/retention). */
  readonly retention: {
    readonly closedCaseDays: number;
    readonly conversationDays: number;
    readonly unansweredDays: number;
    readonly intervalHours: number;
  };
  /** The anonymous statistics: counts under `minCell` (and totals that would give them away) are not shown. */
  readonly insight: { readonly minCell: number };
  /**
   * Reports about one place brought together (cases/place-key, cases/place-links): the secret of the keyed hash
   * (`secretIsDefault` while it is the development value, which start-up warns about) and when several
   * reports raise the cluster hint.
   */
  readonly places: {
    readonly secret: string;
    readonly secretIsDefault: boolean;
    readonly cluster: {
      readonly minReports: number;
      readonly minDepartments: number;
      readonly months: number;
    };
  };
  /** The tab's sign-in: where Entra ID publishes its signing keys (tests point it at a local key set). */
  readonly tab: { readonly jwksUrl: string };
  /** Messages and card clicks per user and per tenant (token buckets: a burst, then perMinute). */
  readonly rateLimits: {
    readonly user: { readonly perMinute: number; readonly burst: number };
    readonly tenant: { readonly perMinute: number; readonly burst: number };
  };
  readonly teams: { readonly botDomain?: string; readonly appId?: string };
}

/** The four Bot Framework variables, exactly as botbuilder spells them. */
const AUTH_NAMES = [
  "MicrosoftAppId",
  "MicrosoftAppPassword",
  "MicrosoftAppType",
  "MicrosoftAppTenantId",
] as const;

/**
 * Names that look like a Bot Framework variable but are spelled otherwise (`MICROSOFT_APP_ID`, `MicrosoftAppID`):
 * ignoring one would silently turn authentication off, so each is an error that names the right spelling.
 */
function misspelledAuthNames(env: Record<string, string | undefined>): string[] {
  const squash = (name: string) => name.toLowerCase().replace(/[^a-z]/g, "");
  const known = new Map(AUTH_NAMES.map((n) => [squash(n), n]));
  return Object.keys(env).flatMap((name) => {
    if ((AUTH_NAMES as readonly string[]).includes(name) || !squash(name).startsWith("microsoftapp"))
      return [];
    const meant = known.get(squash(name));
    return [`  ${name}: not a known variable${meant ? `; did you mean ${meant}?` : ""} (see .env.example)`];
  });
}

/** A value as an error message may show it: secrets hidden, credentials and query strings of URLs masked. */
function shownValue(name: string, value: string | undefined): string {
  if (value === undefined) return "not set";
  if (/password|secret|token|key/i.test(name)) return "(hidden)";
  return JSON.stringify(maskUrlSecrets(value));
}

/** Masks the user info and the query of every URL in `text` (`smtp://user:pass@host` -> `smtp://***@host`). */
export function maskUrlSecrets(text: string): string {
  return text.replace(
    /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@?#]*@)?([^\s?#]*)(\?[^\s#]*)?/gi,
    (_m, scheme: string, user: string | undefined, rest: string, query: string | undefined) =>
      `${scheme}${user ? "***@" : ""}${rest}${query ? "?***" : ""}`,
  );
}

/**
 * Validates `env` and returns the Config. Throws a ConfigError listing every wrong variable with what is
 * expected, so an operator fixes all of them in one go.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  const lines = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        return `  ${name}: ${maskUrlSecrets(issue.message)} (got ${shownValue(name, env[name])})`;
      });
  lines.push(...misspelledAuthNames(env));
  if (!parsed.success || lines.length > 0) {
    throw new ConfigError(
      `invalid configuration:\n${lines.join("\n")}\nSee .env.example for every variable.`,
    );
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const mode = e.MicrosoftAppId ? "authenticated" : "development";
  const config: Config = {
    port: e.PORT,
    // Without authentication nobody outside this machine may reach the bot, unless HOST says so explicitly.
    host: e.HOST ?? (mode === "development" ? "127.0.0.1" : "0.0.0.0"),
    logLevel: e.LOG_LEVEL,
    mode,
    allow: {
      // Teams only; the Emulator and botbuilder's test channel only while authentication is off.
      channels: mode === "development" ? ["msteams", "emulator", "test"] : ["msteams"],
      tenants:
        e.ALLOWED_TENANTS.length > 0
          ? e.ALLOWED_TENANTS
          : e.MicrosoftAppId && e.MicrosoftAppType !== "MultiTenant" && e.MicrosoftAppTenantId
            ? [e.MicrosoftAppTenantId]
            : [],
    },
    auth: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
    },
    storage:
      e.STORAGE === "postgres"
        ? {
            kind: "postgres",
            url: e.DATABASE_URL ?? "",
            dataDir,
            pg: {
              connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
              statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
              idleTimeoutMs: e.DATABASE_IDLE_TIMEOUT_MS,
              poolSize: e.DATABASE_POOL_SIZE,
              namedStatements: e.DATABASE_NAMED_STATEMENTS === "true",
            },
          }
        : { kind: "lowdb", dataDir },
    startupStorageWaitMs: e.STARTUP_STORAGE_WAIT_MS,
    dialogsDir: resolve(e.DIALOGS_DIR),
    knowledgeDir: resolve(e.KNOWLEDGE_DIR),
    coordinators: e.COORDINATORS,
    coordinatorsOnDuty: e.COORDINATORS_ON_DUTY,
    fallback: {
      smtp:
        e.SMTP_URL && e.FALLBACK_EMAIL_TO && e.FALLBACK_EMAIL_FROM
          ? {
              url: e.SMTP_URL,
              to: e.FALLBACK_EMAIL_TO,
              from: e.FALLBACK_EMAIL_FROM,
              allowInsecure: e.SMTP_ALLOW_INSECURE === "true",
            }
          : undefined,
      webhookUrl: e.WEBHOOK_URL,
    },
    reminders: { escalateHours: e.REMINDER_ESCALATE_HOURS, consultWorkdays: e.REMINDER_CONSULT_WORKDAYS },
    dispatch: {
      intervalMs: e.DISPATCH_INTERVAL_MS,
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
      timeoutMs: e.DELIVERY_TIMEOUT_MS,
      leaseMs: e.DELIVERY_LEASE_MS,
      sendsPerSecond: e.TEAMS_SENDS_PER_SECOND,
      sendsPerSecondPerConversation: e.TEAMS_SENDS_PER_SECOND_PER_CONVERSATION,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    retention: {
      closedCaseDays: e.RETENTION_CLOSED_CASE_DAYS,
      conversationDays: e.RETENTION_CONVERSATION_DAYS,
      unansweredDays: e.RETENTION_UNANSWERED_DAYS,
      intervalHours: e.RETENTION_INTERVAL_HOURS,
    },
    insight: { minCell: e.INSIGHT_MIN_CELL },
    places: {
      secret: e.PLACE_KEY_SECRET ?? DEV_PLACE_KEY_SECRET,
      secretIsDefault: e.PLACE_KEY_SECRET === undefined,
      cluster: {
        minReports: e.PLACE_CLUSTER_MIN_REPORTS,
        minDepartments: e.PLACE_CLUSTER_MIN_DEPARTMENTS,
        months: e.PLACE_CLUSTER_MONTHS,
      },
    },
    tab: { jwksUrl: e.TAB_JWKS_URL },
    rateLimits: {
      user: { perMinute: e.RATE_LIMIT_USER_PER_MINUTE, burst: e.RATE_LIMIT_USER_BURST },
      tenant: { perMinute: e.RATE_LIMIT_TENANT_PER_MINUTE, burst: e.RATE_LIMIT_TENANT_BURST },
    },
    teams: { botDomain: e.BOT_DOMAIN, appId: e.TEAMS_APP_ID },
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const PackagingEnv = z.object({
  MicrosoftAppId: z.preprocess(
    emptyToUndefined,
    z.uuid({ message: "required: the bot's app registration id (a GUID)" }),
  ),
  TEAMS_APP_ID: z.preprocess(emptyToUndefined, z.uuid().optional()),
  BOT_DOMAIN: z.preprocess(
    emptyToUndefined,
    z
      .string({ message: "required: the public host name of the bot, e.g. signaalwijzer.gemeente.nl" })
      .regex(/^[a-z0-9.-]+$/i, "a bare host name without https:// or a path"),
  ),
});

/**
 * The settings `npm run package` needs (app id, bot id, domain); the Teams app id defaults to the bot's app id.
 * Throws a ConfigError naming each missing or wrong variable.
 */
export function loadPackagingConfig(env: Record<string, string | undefined>): {
  appId: string;
  botId: string;
  domain: string;
} {
  const parsed = PackagingEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`cannot package the Teams app:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return { appId: e.TEAMS_APP_ID ?? e.MicrosoftAppId, botId: e.MicrosoftAppId, domain: e.BOT_DOMAIN };
}
