import { loadConfig } from "../src/config.js";
import { ConfigError } from "../src/errors.js";

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("config", () => {
  it("should start with defaults on an empty environment (embedded storage, auth off)", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.storage.kind).toBe("lowdb");
    expect(config.auth.appId).toBeUndefined();
    expect(config.coordinators).toEqual([]);
    expect(Object.isFrozen(config.auth)).toBe(true);
  });

  it("should name the variable and what is expected for a bad port", () => {
    const error = configError({ PORT: "abc" });
    expect(error.message).toMatch(/PORT: .*number/i);
    expect(error.message).toContain('"abc"');
  });

  it("should require DATABASE_URL for PostgreSQL storage", () => {
    expect(configError({ STORAGE: "postgres" }).message).toMatch(
      /DATABASE_URL: required when STORAGE=postgres/,
    );
    expect(configError({ STORAGE: "mongo" }).message).toMatch(/STORAGE: .*lowdb.*postgres/);
  });

  it("should require password and tenant for a SingleTenant bot and hide the password", () => {
    const message = configError({ MicrosoftAppId: "11111111-1111-1111-1111-111111111111" }).message;
    expect(message).toMatch(/MicrosoftAppPassword: required/);
    expect(message).toMatch(/MicrosoftAppTenantId: required when MicrosoftAppType=SingleTenant/);
    const hidden = configError({ MicrosoftAppType: "Other", MicrosoftAppPassword: "s3cret" }).message;
    expect(hidden).not.toContain("s3cret");
  });

  it("should reject a malformed fallback e-mail and webhook URL", () => {
    const message = configError({ SMTP_URL: "smtp://127.0.0.1:2525", FALLBACK_EMAIL_TO: "nope" }).message;
    expect(message).toMatch(/FALLBACK_EMAIL_TO/);
    expect(configError({ WEBHOOK_URL: "ftp://x" }).message).toMatch(/WEBHOOK_URL/);
  });

  it("should listen on loopback only in development mode (no app id), unless HOST says otherwise", () => {
    expect(loadConfig({})).toMatchObject({ mode: "development", host: "127.0.0.1" });
    expect(loadConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    const authenticated = loadConfig({
      MicrosoftAppId: "11111111-1111-1111-1111-111111111111",
      MicrosoftAppPassword: "x",
      MicrosoftAppTenantId: "22222222-2222-2222-2222-222222222222",
    });
    expect(authenticated).toMatchObject({ mode: "authenticated", host: "0.0.0.0" });
  });

  it("should refuse production without an app id, a misspelled auth variable, and a password without app id", () => {
    expect(configError({ NODE_ENV: "production" }).message).toMatch(
      /MicrosoftAppId: required when NODE_ENV=production/,
    );
    const misspelled = configError({ MICROSOFT_APP_ID: "11111111-1111-1111-1111-111111111111" }).message;
    expect(misspelled).toMatch(/MICROSOFT_APP_ID: not a known variable; did you mean MicrosoftAppId\?/);
    expect(configError({ MicrosoftAppID: "x" }).message).toMatch(/did you mean MicrosoftAppId/);
    expect(configError({ microsoftapppasswort: "x" }).message).toMatch(
      /microsoftapppasswort: not a known variable/,
    );
    const orphan = configError({ MicrosoftAppPassword: "s3cret" }).message;
    expect(orphan).toMatch(/MicrosoftAppPassword: is set but MicrosoftAppId is empty/);
    expect(orphan).not.toContain("s3cret");
  });

  it("should never print the credentials or query of a URL in a configuration error", () => {
    const message = configError({
      SMTP_URL: "smtpz://mailer:hunter2@smtp.example.org:587",
      WEBHOOK_URL: "ftp://hook:topsecret@hooks.example.org/x?token=abc123",
    }).message;
    expect(message).toMatch(/SMTP_URL: .*\(got "smtpz:\/\/\*\*\*@smtp.example.org:587"\)/);
    expect(message).toMatch(/WEBHOOK_URL: .*\(got "ftp:\/\/\*\*\*@hooks.example.org\/x\?\*\*\*"\)/);
    for (const secret of ["hunter2", "mailer", "topsecret", "abc123"]) expect(message).not.toContain(secret);
  });

  it("should keep the delivery lease at least twice the send time limit, so a slow send is never sent twice", () => {
    expect(loadConfig({}).dispatch).toMatchObject({ leaseMs: 60_000, timeoutMs: 15_000 });
    expect(loadConfig({ DELIVERY_LEASE_MS: "2000", DELIVERY_TIMEOUT_MS: "1000" }).dispatch.leaseMs).toBe(
      2000,
    );
    expect(configError({ DELIVERY_LEASE_MS: "20000" }).message).toMatch(
      /DELIVERY_LEASE_MS: must be at least twice DELIVERY_TIMEOUT_MS \(15000\)/,
    );
  });

  it("should split coordinator lists and ignore blanks", () => {
    const config = loadConfig({ COORDINATORS: " a, b ,,c ", COORDINATORS_ON_DUTY: "" });
    expect(config.coordinators).toEqual(["a", "b", "c"]);
    expect(config.coordinatorsOnDuty).toEqual([]);
  });
});

describe(".env.example", () => {
  it("should document every variable the config schema reads, each with a comment", async () => {
    const { readFile } = await import("node:fs/promises");
    const { EnvSchema, repoRoot } = await import("../src/config.js");
    const lines = (await readFile(`${repoRoot}/.env.example`, "utf8")).split("\n");
    for (const name of Object.keys(EnvSchema.shape)) {
      const at = lines.findIndex((l) => l.startsWith(`${name}=`));
      expect({ name, documented: at > 0 }).toEqual({ name, documented: true });
      expect(
        lines
          .slice(0, at)
          .reverse()
          .find((l) => !/^[A-Za-z_]+=/.test(l)),
      ).toMatch(/^#/);
    }
  });
});
