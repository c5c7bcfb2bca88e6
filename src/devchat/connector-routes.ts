/**
 * @module devchat/connector-routes
 * A small Bot Connector emulation under `/chat/connector`, for the local web chat: the page sends its activities
 * with this address as `serviceUrl`, so the bot's replies, proactive messages and card updates arrive here, the way
 * they reach Teams through the real connector (`POST /v3/conversations`, `POST /v3/conversations/{id}/activities`
 * and `.../activities/{replyToId}`, `PUT .../activities/{activityId}`). In development mode the bot sends no
 * token, so none is asked for. What arrives is kept in a ConversationLog; errors answer in the connector's shape
 * (`{ error: { code, message } }`) so the bot's delivery sees what it would see from Teams.
 */
import { depthOf } from "../util/json-depth.js";
import type restify from "restify";
import { z } from "zod";
import type { Logger } from "../log.js";
import type { ConversationLog } from "./conversation-log.js";

/** Where the emulation is mounted; a page's `serviceUrl` is this path on the bot's own origin. */
export const CONNECTOR_PATH = "/chat/connector";

/** An activity larger than this is refused with 413, as Teams refuses a message that is too big. */
export const MAX_ACTIVITY_BYTES = 64 * 1024;
/** Deeper JSON is refused: no card is nested this deep, and the log must stay safe to serialise. */
const MAX_DEPTH = 32;
/**
 * The longest conversation id: restify's router matches a path parameter of at most 100 characters (find-my-way's
 * `maxParamLength`), so a longer id could not be posted to anyway. The page's and the tests' ids are short.
 */
export const MAX_CONVERSATION_ID = 100;
const MAX_ACTIVITY_ID = 100;

const Activity = z.looseObject({ type: z.string().min(1).max(64) });
const NewConversation = z.looseObject({ activity: Activity.optional() });

/** True for an id the emulation accepts: not empty, not too long, no control characters or spaces. */
export function isAcceptableId(id: string, max: number = MAX_CONVERSATION_ID): boolean {
  return id.length > 0 && id.length <= max && !/[\s\p{Cc}]/u.test(id);
}

function refuse(res: restify.Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

/** The request's activity, or undefined when refused (the answer is then sent). */
function activityOf(body: unknown, res: restify.Response): Record<string, unknown> | undefined {
  if (depthOf(body, MAX_DEPTH) > MAX_DEPTH) {
    refuse(res, 400, "BadArgument", `nested deeper than ${MAX_DEPTH}`);
    return undefined;
  }
  if (Buffer.byteLength(JSON.stringify(body ?? null)) > MAX_ACTIVITY_BYTES) {
    refuse(res, 413, "MessageSizeTooBig", `an activity may be at most ${MAX_ACTIVITY_BYTES} bytes`);
    return undefined;
  }
  const parsed = Activity.safeParse(body);
  if (!parsed.success) {
    refuse(res, 400, "BadArgument", "an activity with a type is expected");
    return undefined;
  }
  return parsed.data;
}

/** The conversation (and activity) ids of the path, or undefined when refused (the answer is then sent). */
function idsOf(
  req: restify.Request,
  res: restify.Response,
): { conversationId: string; activityId?: string } | undefined {
  const conversationId = String(req.params.conversationId ?? "");
  const activityId = req.params.activityId === undefined ? undefined : String(req.params.activityId);
  if (
    !isAcceptableId(conversationId) ||
    (activityId !== undefined && !isAcceptableId(activityId, MAX_ACTIVITY_ID))
  ) {
    refuse(res, 400, "BadArgument", "conversation or activity id missing, too long or malformed");
    return undefined;
  }
  return { conversationId, activityId };
}

/** Mounts the connector emulation's routes on `server`, keeping what arrives in `log`. */
export function mountConnector(server: restify.Server, log: ConversationLog, logger: Logger): void {
  const base = `${CONNECTOR_PATH}/v3/conversations`;

  server.post(base, async (req, res) => {
    const body = NewConversation.safeParse(req.body ?? {});
    if (!body.success) return refuse(res, 400, "BadArgument", "conversation parameters expected");
    const id = log.create();
    const first = body.data.activity && activityOf(body.data.activity, res);
    if (body.data.activity && !first) return;
    const activityId = first ? log.append(id, first).id : undefined;
    logger.debug({ posted: first ? 1 : 0 }, "conversation created");
    res.send(201, { id, ...(activityId ? { activityId } : {}) });
  });

  const post = async (req: restify.Request, res: restify.Response) => {
    const ids = idsOf(req, res);
    const activity = ids && activityOf(req.body, res);
    if (!ids || !activity) return;
    const logged = log.append(ids.conversationId, {
      ...activity,
      ...(ids.activityId ? { replyToId: ids.activityId } : {}),
    });
    res.send(200, { id: logged.id });
  };
  server.post(`${base}/:conversationId/activities`, post);
  server.post(`${base}/:conversationId/activities/:activityId`, post);

  server.put(`${base}/:conversationId/activities/:activityId`, async (req, res) => {
    const ids = idsOf(req, res);
    const activity = ids && activityOf(req.body, res);
    if (!ids?.activityId || !activity) return;
    const logged = log.update(ids.conversationId, ids.activityId, activity);
    if (!logged) return refuse(res, 404, "ActivityNotFound", "no such activity in this conversation");
    res.send(200, { id: logged.id });
  });
}
