/**
 * Reads the local web chat's event stream (`GET /chat/events`) from a test: every Server-Sent Event in order,
 * and a wait for the one a test expects.
 */

/** One Server-Sent Event: its name, id (if any) and parsed data. */
export interface ChatEvent {
  event: string;
  id?: string;
  data: Record<string, unknown>;
}

/** An open event stream. */
export interface ChatEvents {
  status: number;
  events: ChatEvent[];
  /** Resolves with the first event (seen or to come) that matches, or rejects after `timeoutMs`. */
  waitFor(predicate: (event: ChatEvent) => boolean, timeoutMs?: number): Promise<ChatEvent>;
  close(): void;
}

function parse(block: string): ChatEvent | undefined {
  let event = "message";
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event: ")) event = line.slice(7);
    else if (line.startsWith("id: ")) id = line.slice(4);
    else if (line.startsWith("data: ")) data.push(line.slice(6));
  }
  return data.length
    ? { event, id, data: JSON.parse(data.join("\n")) as Record<string, unknown> }
    : undefined;
}

/** Opens the event stream of `conversationId` on the bot at `url`, optionally resuming after `lastEventId`. */
export async function openChatEvents(
  url: string,
  conversationId: string,
  lastEventId?: string,
): Promise<ChatEvents> {
  const controller = new AbortController();
  const res = await fetch(`${url}/chat/events?conversation=${encodeURIComponent(conversationId)}`, {
    signal: controller.signal,
    headers: lastEventId ? { "last-event-id": lastEventId } : {},
  });
  const events: ChatEvent[] = [];
  const waiters = new Set<() => void>();
  if (res.ok && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const event = parse(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            if (event) events.push(event);
          }
          for (const wake of waiters) wake();
        }
      } catch {
        // Closed by the test (abort) or by the server (shutdown): the events seen so far stay readable.
        return;
      }
    })();
  } else {
    await res.body?.cancel();
  }
  return {
    status: res.status,
    events,
    waitFor: (predicate, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(predicate);
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching chat event within ${timeoutMs} ms (saw ${events.length})`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    close: () => controller.abort(),
  };
}
