import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { CaseRecord } from "../../src/cases/case-schema.js";
import { DeliveryError } from "../../src/errors.js";
import { createSmtpChannel } from "../../src/notify/smtp-channel.js";
import { newCase, outboxItem } from "../fixtures/cases/build.js";

interface Sink {
  port: number;
  messages: string[];
  close: () => Promise<void>;
}

async function startSink(rejectWith?: number): Promise<Sink> {
  const messages: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!rejectWith) return callback();
      const error = Object.assign(new Error("rejected"), { responseCode: rejectWith });
      return callback(error);
    },
    onData(stream, _session, callback) {
      let data = "";
      stream.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
      stream.on("end", () => {
        messages.push(data);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const record: CaseRecord = {
  ...newCase({
    urgent: true,
    outcome: "ACUTE",
    place: "Dorpsstraat 12, 1234 AB",
    description: "Geheime beschrijving met naam Jan Jansen",
  }),
  number: "MH-2026-0042",
};

describe("smtp channel", () => {
  let sink: Sink | undefined;
  afterEach(async () => {
    await sink?.close();
    sink = undefined;
  });

  it("should send a minimal redacted message with case number and urgency in the subject", async () => {
    sink = await startSink();
    const channel = createSmtpChannel({
      url: `smtp://127.0.0.1:${sink.port}`,
      from: "signaalwijzer@gemeente.example",
      to: "meldpunt@gemeente.example",
      allowInsecure: true,
    });
    const item = {
      ...outboxItem(record.id, { target: { kind: "fallback" } }),
      payload: { failedTarget: "channel" },
    };
    await channel.deliver(item, record);
    channel.close();
    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0]!;
    expect(mail).toMatch(/Subject: Signaalwijzer MH-2026-0042: SPOED ACUTE/);
    expect(mail).toContain("Bekijk de melding in Teams.");
    expect(mail).toContain("[adres]");
    expect(mail).not.toMatch(/Dorpsstraat|1234 AB|Jan Jansen|Geheime/);
    expect(mail).toMatch(/Message-ID: <.*@signaalwijzer>/i);
  });

  it("should refuse to send without TLS unless insecure sending is allowed", async () => {
    sink = await startSink();
    const strict = createSmtpChannel({
      url: `smtp://user:secret@127.0.0.1:${sink.port}`,
      from: "a@b.example",
      to: "c@d.example",
    });
    const error = await strict
      .deliver(outboxItem(record.id, { target: { kind: "fallback" } }), record)
      .catch((e: unknown) => e);
    strict.close();
    expect(error).toMatchObject({ retryable: false, message: "smtp_tls_required" });
    expect(sink.messages).toHaveLength(0);
  });

  it("should report a 5xx rejection as permanent and a refused connection as retryable", async () => {
    sink = await startSink(550);
    const rejected = createSmtpChannel({
      url: `smtp://127.0.0.1:${sink.port}`,
      from: "a@b.example",
      to: "c@d.example",
      allowInsecure: true,
    });
    const item = outboxItem(record.id, { target: { kind: "fallback" } });
    const error = await rejected.deliver(item, record).catch((e: unknown) => e);
    rejected.close();
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ retryable: false, message: "smtp_rejected_550" });

    const port = sink.port;
    await sink.close();
    sink = undefined;
    const down = createSmtpChannel({
      url: `smtp://127.0.0.1:${port}`,
      from: "a@b.example",
      to: "c@d.example",
      allowInsecure: true,
    });
    const unreachable = await down.deliver(item, record).catch((e: unknown) => e);
    down.close();
    expect(unreachable).toMatchObject({ retryable: true, message: "smtp_unavailable" });
  });
});
