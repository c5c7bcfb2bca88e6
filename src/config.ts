/**
 * @module config
 * The one place that reads the environment: a zod schema over `process.env`-shaped input that yields one frozen
 * Config. A wrong or missing value stops start-up with a ConfigError naming the variable and what is expected.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ConfigError } from "./errors.js";

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

/** The environment variables Signaalwijzer reads; `.env.example` documents each one. */
export const EnvSchema = z
  .object({
    PORT: intWithDefault(3978, 0, 65535),
    HOST: z.preprocess(emptyToUndefined, z.string().default("0.0.0.0")),
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
    STORAGE: z.preprocess(emptyToUndefined, z.enum(["lowdb", "postgres"]).default("lowdb")),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("./data")),
    DATABASE_URL: optionalString,
    DIALOGS_DIR: z.preprocess(emptyToUndefined, z.string().default(resolve(repoRoot, "dialogs"))),
    KNOWLEDGE_DIR: z.preprocess(emptyToUndefined, z.string().default(resolve(repoRoot, "knowledge"))),
    COORDINATORS: idList,
    COORDINATORS_ON_DUTY: idList,
    SMTP_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^smtps?$/ }).optional()),
    FALLBACK_EMAIL_TO: z.preprocess(emptyToUndefined, z.email().optional()),
    FALLBACK_EMAIL_FROM: z.preprocess(emptyToUndefined, z.email().optional()),
    WEBHOOK_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
    REMINDER_ESCALATE_HOURS: intWithDefault(4, 1, 24 * 14),
    REMINDER_CONSULT_WORKDAYS: intWithDefault(2, 1, 30),
    DISPATCH_INTERVAL_MS: intWithDefault(5000, 10, 3_600_000),
    DELIVERY_MAX_ATTEMPTS: intWithDefault(8, 1, 100),
    DELIVERY_TIMEOUT_MS: intWithDefault(15_000, 100, 120_000),
    SHUTDOWN_TIMEOUT_MS: intWithDefault(10_000, 100, 120_000),
    BOT_DOMAIN: optionalString,
    TEAMS_APP_ID: z.preprocess(emptyToUndefined, z.uuid().optional()),
  })
  .superRefine((env, ctx) => {
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
  readonly host: string;
  readonly logLevel: string;
  readonly auth: {
    readonly appId?: string;
    readonly appPassword?: string;
    readonly appType: "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
    readonly tenantId?: string;
  };
  readonly storage:
    | { readonly kind: "lowdb"; readonly dataDir: string }
    | { readonly kind: "postgres"; readonly url: string; readonly dataDir: string };
  readonly dialogsDir: string;
  readonly knowledgeDir: string;
  readonly coordinators: readonly string[];
  readonly coordinatorsOnDuty: readonly string[];
  readonly fallback: {
    readonly smtp?: { readonly url: string; readonly to: string; readonly from: string };
    readonly webhookUrl?: string;
  };
  readonly reminders: { readonly escalateHours: number; readonly consultWorkdays: number };
  readonly dispatch: {
    readonly intervalMs: number;
    readonly maxAttempts: number;
    readonly timeoutMs: number;
  };
  readonly shutdownTimeoutMs: number;
  readonly teams: { readonly botDomain?: string; readonly appId?: string };
}

/**
 * Validates `env` and returns the Config. Throws a ConfigError listing every wrong variable with what is
 * expected, so an operator fixes all of them in one go.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      const got = env[name];
      const shown =
        got === undefined
          ? "not set"
          : name.toLowerCase().includes("password")
            ? "(hidden)"
            : JSON.stringify(got);
      return `  ${name}: ${issue.message} (got ${shown})`;
    });
    throw new ConfigError(
      `invalid configuration:\n${lines.join("\n")}\nSee .env.example for every variable.`,
    );
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    auth: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
    },
    storage:
      e.STORAGE === "postgres"
        ? { kind: "postgres", url: e.DATABASE_URL ?? "", dataDir }
        : { kind: "lowdb", dataDir },
    dialogsDir: resolve(e.DIALOGS_DIR),
    knowledgeDir: resolve(e.KNOWLEDGE_DIR),
    coordinators: e.COORDINATORS,
    coordinatorsOnDuty: e.COORDINATORS_ON_DUTY,
    fallback: {
      smtp:
        e.SMTP_URL && e.FALLBACK_EMAIL_TO && e.FALLBACK_EMAIL_FROM
          ? { url: e.SMTP_URL, to: e.FALLBACK_EMAIL_TO, from: e.FALLBACK_EMAIL_FROM }
          : undefined,
      webhookUrl: e.WEBHOOK_URL,
    },
    reminders: { escalateHours: e.REMINDER_ESCALATE_HOURS, consultWorkdays: e.REMINDER_CONSULT_WORKDAYS },
    dispatch: {
      intervalMs: e.DISPATCH_INTERVAL_MS,
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
      timeoutMs: e.DELIVERY_TIMEOUT_MS,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
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
