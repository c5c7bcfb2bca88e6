/**
 * The baseline of `npm run bench:turns`: a bare echo bot on the same stack as the real server (restify 11, body
 * parser, botbuilder's CloudAdapter without credentials), answering each message with one text. Run as its own
 * process: `node --import tsx bench/echo-bot.ts PORT`; prints `{"port": N}` when it listens.
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import restify from "restify";

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`echo: ${context.activity.text ?? ""}`);
      await next();
    });
  }
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new EchoBot();
const server = restify.createServer();
server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024 }));
server.post("/api/messages", async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  const address = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
