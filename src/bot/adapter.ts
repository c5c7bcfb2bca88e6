/**
 * @module bot/adapter
 * Builds the CloudAdapter. With a MicrosoftAppId set, every request must carry a valid Bot Framework token
 * (SingleTenant, MultiTenant or managed identity); without one, authentication is off for local tools and tests.
 * The adapter exposes authentication and processing as two steps, so the server can bound the first (a time
 * limit and a cap on concurrent work: botframework-connector fetches Microsoft's OpenID metadata without either)
 * and validate the activity's shape only after the caller is known. Its clients are built once and reused
 * (bot/reused-clients).
 */
import type { Activity, TurnContext } from "botbuilder";
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type InvokeResponse } from "botbuilder";
import type { Config } from "../config.js";
import { ReusedClientsAuthentication } from "./reused-clients.js";

/** What a successful authentication yields (botframework-connector's AuthenticateRequestResult). */
export type AuthenticateRequestResult = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication["authenticateRequest"]>
>;

/** The CloudAdapter with authentication and processing as separate steps (see the module note). */
export class SignaalwijzerAdapter extends CloudAdapter {
  /** Validates the request's token for `activity`; rejects with an AuthenticationError (statusCode 401). */
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
  }

  /** Runs `logic` for an authenticated activity; returns the invoke response to write, if any. */
  processAuthenticated(
    result: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(result, activity, logic);
  }
}

/** Creates the adapter from the validated configuration (never from process.env). */
export function createAdapter(config: Config): SignaalwijzerAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.auth.appId ?? "",
    MicrosoftAppPassword: config.auth.appPassword ?? "",
    MicrosoftAppType: config.auth.appId ? config.auth.appType : "",
    MicrosoftAppTenantId: config.auth.tenantId ?? "",
  });
  // Connector and token clients are shared between turns instead of built for each (see reused-clients).
  return new SignaalwijzerAdapter(new ReusedClientsAuthentication(auth));
}
