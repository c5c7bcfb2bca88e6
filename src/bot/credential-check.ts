/**
 * @module bot/credential-check
 * Whether the bot's own credential can still obtain a Bot Framework token (an expired or wrong client secret
 * otherwise shows only as failed deliveries). /readyz asks at most once per `cacheMs`, with a time limit, so a
 * probe never hammers Entra ID or waits on it; the answer is a warning text or undefined.
 */
import { ConfigurationServiceClientCredentialFactory } from "botbuilder";
import { AuthenticationConstants } from "botframework-connector";
import type { Config } from "../config.js";

/** Obtains one token for the bot's credential; rejects when that is not possible. */
export type ObtainToken = () => Promise<void>;

/** The real token request, through botbuilder's own credential factory for the configured app type. */
export function botFrameworkToken(config: Config): ObtainToken {
  return async () => {
    const { appId, appPassword, appType, tenantId } = config.auth;
    const factory = new ConfigurationServiceClientCredentialFactory({
      MicrosoftAppId: appId ?? "",
      MicrosoftAppPassword: appPassword ?? "",
      MicrosoftAppType: appType,
      MicrosoftAppTenantId: tenantId ?? "",
    });
    const tenant =
      appType === "MultiTenant" ? AuthenticationConstants.DefaultChannelAuthTenant : (tenantId ?? "");
    const credentials = (await factory.createCredentials(
      appId ?? "",
      AuthenticationConstants.ToChannelFromBotOAuthScope,
      `${AuthenticationConstants.ToChannelFromBotLoginUrlPrefix}${tenant}`,
      true,
    )) as { getToken?: (forceRefresh?: boolean) => Promise<string> };
    if (!credentials.getToken) throw new Error("no token-based credential for this app type");
    await credentials.getToken(true);
  };
}

/**
 * Returns the check /readyz calls: undefined while the last token request (at most `cacheMs` old) succeeded, else
 * a warning that says what to fix. Only for authenticated mode; in development mode there is no credential.
 */
export function credentialCheck(
  obtain: ObtainToken,
  options: { cacheMs?: number; timeoutMs?: number; now?: () => number } = {},
): () => Promise<string | undefined> {
  const cacheMs = options.cacheMs ?? 10 * 60_000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const now = options.now ?? Date.now;
  let last: { at: number; warning: string | undefined } | undefined;
  let pending: Promise<string | undefined> | undefined;
  const run = async (): Promise<string | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        obtain(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("timed out")), timeoutMs);
          timer.unref();
        }),
      ]);
      return undefined;
    } catch (error) {
      const reason =
        error instanceof Error && error.message === "timed out" ? "no answer in time" : "refused";
      return `the bot's credential could not obtain a token (${reason}): check MicrosoftAppId, the client secret and its expiry date, and MicrosoftAppTenantId`;
    } finally {
      clearTimeout(timer);
    }
  };
  return async () => {
    if (last && now() - last.at < cacheMs) return last.warning;
    pending ??= run().then((warning) => {
      last = { at: now(), warning };
      pending = undefined;
      return warning;
    });
    return pending;
  };
}
