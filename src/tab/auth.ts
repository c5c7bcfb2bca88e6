/**
 * @module tab/auth
 * Who calls the tab's API. In Teams the tab gets a Microsoft Entra access token by SSO
 * (`authentication.getAuthToken()`); the API accepts only such a token: signed with one of the signing keys
 * published by Entra ID (fetched from `jwksUrl`, cached and refreshed by jose when an unknown key id appears),
 * audience the app's id URI (`api://<domain>/<app id>`) or the app id, issued by an allowed tenant (v1 and v2
 * issuer forms), not expired. In development mode (no app id) a local identity is used instead, and the API says
 * so. Whether the caller is a coordinator is the case service's rule, applied by the API.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from "jose";

/** The caller: the Entra object id (`oid`), the display name, and the tenant. */
export interface TabIdentity {
  id: string;
  name: string;
  tenantId?: string;
}

/** The outcome of checking a request's `Authorization` header. */
export type TabAuthResult =
  | { ok: true; identity: TabIdentity; development: boolean }
  | { ok: false; status: 401 | 503; reason: string };

/** Checks an `Authorization` header. */
export type TabAuthenticator = (authorization: string | undefined) => Promise<TabAuthResult>;

/** Settings of the Entra check. */
export interface EntraSettings {
  /** Where the tenant's signing keys are published (JWKS). */
  jwksUrl: string;
  /** Accepted `aud` values: the app's id URI and the app id. */
  audiences: readonly string[];
  /** Accepted tenant ids; empty accepts any tenant (a multi-tenant app). */
  tenants: readonly string[];
  /** Fetching the keys takes at most this long (then 503). */
  timeoutMs?: number;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;
/** Longest header accepted: Entra access tokens are a few kilobytes. */
const MAX_HEADER = 16_384;

/** The issuers Entra ID uses for tenant `tid` (v2.0 and v1.0 tokens). */
export function issuersOf(tid: string): string[] {
  return [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`];
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** An authenticator that accepts only valid Entra ID access tokens (see the module comment). */
export function entraAuthenticator(settings: EntraSettings): TabAuthenticator {
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl), {
    timeoutDuration: settings.timeoutMs ?? 5000,
    cooldownDuration: 30_000,
    cacheMaxAge: 24 * 3_600_000,
  });
  return async (authorization) => {
    const match = authorization && authorization.length <= MAX_HEADER ? BEARER.exec(authorization) : null;
    if (!match?.[1]) return { ok: false, status: 401, reason: "no_token" };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1], keys, {
        audience: [...settings.audiences],
        algorithms: ["RS256"],
        clockTolerance: 60,
        requiredClaims: ["exp", "iss", "tid", "oid"],
      }));
    } catch (error) {
      if (error instanceof errors.JWKSTimeout) return { ok: false, status: 503, reason: "keys_timeout" };
      if (error instanceof errors.JOSEError) return { ok: false, status: 401, reason: error.code };
      // The keys could not be fetched (network): the token may be fine, so "try again later".
      return { ok: false, status: 503, reason: "keys_unavailable" };
    }
    const tid = str(payload.tid) ?? "";
    if (settings.tenants.length > 0 && !settings.tenants.includes(tid)) {
      return { ok: false, status: 401, reason: "tenant" };
    }
    if (!issuersOf(tid).includes(str(payload.iss) ?? "")) return { ok: false, status: 401, reason: "issuer" };
    const name = str(payload.name) ?? str(payload.preferred_username) ?? "";
    return {
      ok: true,
      development: false,
      identity: { id: str(payload.oid)!.slice(0, 200), name: name.slice(0, 100), tenantId: tid },
    };
  };
}

/** Development mode: every caller is the given local identity (the API marks the answers as development). */
export function developmentAuthenticator(identity: TabIdentity): TabAuthenticator {
  return async () => ({ ok: true, identity, development: true });
}
