/**
 * @module bot/reused-clients
 * Bot Framework authentication that hands out one ConnectorClient per bot app id, service URL and audience, and
 * one UserTokenClient per app id, instead of new ones for every turn. CloudAdapter builds both for each incoming
 * activity; each is an HTTP pipeline of a dozen policies plus credentials, and building them was about a tenth of
 * the server's CPU per turn under load (profiled with `bench:turns`). The clients hold no per-turn state: the
 * credentials cache and renew their own token, and every call names its conversation, so sharing them between
 * turns is safe (the older BotFrameworkAdapter kept such a cache too).
 *
 * The service URL comes from the activity: with authentication on, only the Bot Framework can send one; with it
 * off (local tools), anyone could, so the cache is bounded and drops the least recently used client.
 */
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from "botframework-connector";
import type { Activity } from "botbuilder";

/** At most this many connector clients are kept (Teams uses a handful of regional service URLs). */
export const MAX_REUSED_CLIENTS = 64;

/** A promise per key, least recently used dropped first; a rejected promise is forgotten so the next call retries. */
class ReuseCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly limit: number) {}

  get(key: string, create: () => Promise<T>): Promise<T> {
    const known = this.entries.get(key);
    if (known) {
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    const made = create();
    this.entries.set(key, made);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    return made;
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * The bot's app id as the Bot Framework's own ParameterizedBotFrameworkAuthentication reads it from a request's
 * claims: the audience for a channel, the appid claim for the emulator, nothing with authentication off.
 */
function appIdOf(claims: ClaimsIdentity): string {
  return (
    claims.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claims.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ""
  );
}

/** A ConnectorFactory that returns the shared client for its app id, service URL and audience. */
class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: ReuseCache<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = JSON.stringify([this.appId, serviceUrl, audience ?? null]);
    return this.clients.get(key, () => this.inner.create(serviceUrl, audience));
  }
}

/** Wraps `inner` (ConfigurationBotFrameworkAuthentication) so its clients are reused; everything else is its own. */
export class ReusedClientsAuthentication extends BotFrameworkAuthentication {
  private readonly connectors: ReuseCache<ConnectorClient>;
  private readonly tokenClients: ReuseCache<UserTokenClient>;

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    limit = MAX_REUSED_CLIENTS,
  ) {
    super();
    this.connectors = new ReuseCache(limit);
    this.tokenClients = new ReuseCache(limit);
  }

  /** How many connector clients are kept now (for tests). */
  get connectorClients(): number {
    return this.connectors.size;
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new ReusingConnectorFactory(
      this.inner.createConnectorFactory(claimsIdentity),
      appIdOf(claimsIdentity),
      this.connectors,
    );
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.tokenClients.get(JSON.stringify([appIdOf(claimsIdentity)]), () =>
      this.inner.createUserTokenClient(claimsIdentity),
    );
  }

  override createBotFrameworkClient(): ReturnType<BotFrameworkAuthentication["createBotFrameworkClient"]> {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private reusing(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return {
      ...result,
      connectorFactory: new ReusingConnectorFactory(
        result.connectorFactory,
        appIdOf(result.claimsIdentity),
        this.connectors,
      ),
    };
  }
}
