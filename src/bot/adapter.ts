/**
 * @module bot/adapter
 * Builds the CloudAdapter. With a MicrosoftAppId set, every request must carry a valid Bot Framework token
 * (SingleTenant, MultiTenant or managed identity); without one, authentication is off for local tools and tests.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import type { Config } from "../config.js";

/** Creates the adapter from the validated configuration (never from process.env). */
export function createAdapter(config: Config): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.auth.appId ?? "",
    MicrosoftAppPassword: config.auth.appPassword ?? "",
    MicrosoftAppType: config.auth.appId ? config.auth.appType : "",
    MicrosoftAppTenantId: config.auth.tenantId ?? "",
  });
  return new CloudAdapter(auth);
}
