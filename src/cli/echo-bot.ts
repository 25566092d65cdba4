// The limit of the stack, for benchmarks: the bot's own server (restify), adapter (CloudAdapter) and
// request handling, with a bot that only echoes what it is told. bench:startup and bench:turn compare the
// real bot against it, so their figures say what the bot's own work costs, not what botbuilder costs.
//   node dist/cli/echo-bot.js   (PORT, HOST as for the bot; local mode)
import '../warnings.js';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TeamsActivityHandler } from 'botbuilder';
import { createAdapter } from '../bot/adapter.js';
import { messageProcessor } from '../bot/process.js';
import { readConfig } from '../config.js';
import { type Log, createLog } from '../log.js';
import { createServer } from '../server.js';

export class EchoBot extends TeamsActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`echo: ${context.activity.text}`);
      await next();
    });
  }
}

/** Starts the echo bot on the configured port; resolves with the port and a stop function. */
export async function startEchoBot(env: Record<string, string | undefined> = process.env, givenLog?: Log) {
  const config = readConfig({ ...env, MicrosoftAppId: '', MicrosoftAppPassword: '' });
  const log = givenLog ?? createLog(config.logLevel);
  const bot = new EchoBot();
  const adapter = createAdapter(config.bot, log, async () => {});
  const handle = messageProcessor(adapter, log, { loopbackOnly: true });
  const server = createServer({
    config,
    log,
    health: () => ({ ready: true, details: {} }),
    messages: (req, res) => handle(req, res, (context) => bot.run(context)),
  });
  const { port } = await server.listen(config.port, config.host);
  log.info('server.listening', { port });
  return { port, stop: () => server.close() };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { stop } = await startEchoBot();
  process.on('SIGTERM', () => void stop().then(() => process.exit(0)));
}
