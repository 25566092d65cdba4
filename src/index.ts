// Starts the bot: configuration, then the app; stops gracefully on SIGTERM/SIGINT.
import { ConfigError, loadDotEnv, readConfig } from './config.js';
import { ContentError } from './knowledge/content-loader.js';
import { createLog } from './log.js';
import { startApp } from './app.js';

const log = createLog();
try {
  loadDotEnv();
  const config = readConfig();
  const app = await startApp(config, log);
  await app.ready;
  console.log(
    config.localMode
      ? `Zero Trust guide is running in local mode on http://localhost:${app.port}/api/messages (no app id: no authentication). Chat with it: npm run playground`
      : `Zero Trust guide is running on port ${app.port} for app ${config.bot.MicrosoftAppId} (${config.bot.MicrosoftAppType})`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutdown', { signal, inFlight: app.server.inFlight() });
    await app.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (err) {
  if (err instanceof ContentError) console.error(`Cannot start: content error in ${err.message}`);
  else if (err instanceof ConfigError) console.error(`Cannot start: ${err.message}`);
  else console.error('Cannot start:', err);
  process.exit(1);
}
