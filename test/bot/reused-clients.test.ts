import type { Activity } from "botbuilder";
import { ConfigurationBotFrameworkAuthentication } from "botbuilder";
import { ClaimsIdentity, ConnectorFactory, type ConnectorClient } from "botframework-connector";
import { ReusedClientsAuthentication } from "../../src/bot/reused-clients.js";

const activity = (serviceUrl: string) =>
  ({ type: "message", channelId: "msteams", serviceUrl, conversation: { id: "c" } }) as Activity;

/** Authentication off (no app id), as in local tools: the Bot Framework's own anonymous claims. */
const withoutAuth = () => new ConfigurationBotFrameworkAuthentication({});

async function clientFor(auth: ReusedClientsAuthentication, serviceUrl: string): Promise<ConnectorClient> {
  const { connectorFactory, audience } = await auth.authenticateRequest(activity(serviceUrl), "");
  if (!connectorFactory) throw new Error("no connector factory with authentication off");
  return connectorFactory.create(serviceUrl, audience);
}

describe("reused Bot Framework clients", () => {
  it("should hand two turns on one service URL the same connector client, and another URL its own", async () => {
    const auth = new ReusedClientsAuthentication(withoutAuth());
    const first = await clientFor(auth, "https://smba.example/emea/");
    expect(await clientFor(auth, "https://smba.example/emea/")).toBe(first);
    const other = await clientFor(auth, "https://smba.example/amer/");
    expect(other).not.toBe(first);
    // The client's base address is protected in its type; it is the service URL it sends to.
    expect((other as unknown as { baseUri: string }).baseUri).toBe("https://smba.example/amer/");
    expect(auth.connectorClients).toBe(2);
  });

  it("should keep clients apart by app id, as the claims of the request say", async () => {
    const auth = new ReusedClientsAuthentication(withoutAuth());
    const url = "https://smba.example/emea/";
    const forBot = (appId: string) =>
      auth.createConnectorFactory(new ClaimsIdentity([{ type: "aud", value: appId }], true)).create(url);
    const a = await forBot("app-a");
    expect(await forBot("app-a")).toBe(a);
    expect(await forBot("app-b")).not.toBe(a);
  });

  it("should keep at most its bound of clients, dropping the least recently used", async () => {
    const auth = new ReusedClientsAuthentication(withoutAuth(), 2);
    const a = await clientFor(auth, "https://a.example/");
    await clientFor(auth, "https://b.example/");
    expect(await clientFor(auth, "https://a.example/")).toBe(a);
    await clientFor(auth, "https://c.example/");
    expect(auth.connectorClients).toBe(2);
    // b was the least recently used: a is still shared, b is built anew.
    expect(await clientFor(auth, "https://a.example/")).toBe(a);
  });

  it("should share one user token client per app id", async () => {
    const auth = new ReusedClientsAuthentication(withoutAuth());
    const claims = new ClaimsIdentity([], true);
    expect(await auth.createUserTokenClient(claims)).toBe(await auth.createUserTokenClient(claims));
  });

  it("should try again after a client could not be built, instead of keeping the failure", async () => {
    const inner = withoutAuth();
    const real = inner.createConnectorFactory(new ClaimsIdentity([], true));
    let calls = 0;
    const failingOnce = new (class extends ConnectorFactory {
      async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        calls += 1;
        if (calls === 1) throw new Error("token endpoint unreachable");
        return real.create(serviceUrl, audience);
      }
    })();
    inner.createConnectorFactory = () => failingOnce;
    const auth = new ReusedClientsAuthentication(inner);
    const factory = auth.createConnectorFactory(new ClaimsIdentity([], true));
    await expect(factory.create("https://a.example/")).rejects.toThrow("token endpoint unreachable");
    const client = await factory.create("https://a.example/");
    expect(await factory.create("https://a.example/")).toBe(client);
    expect(calls).toBe(2);
  });
});
