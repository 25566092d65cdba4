// Starts the bot: configuration, then the app; stops gracefully on SIGTERM/SIGINT.
import './warnings.js';
import { ConfigError, loadDotEnv, readConfig } from './config.js';
import { ContentError } from './knowledge/content-loader.js';
import { StoreSetupError } from './storage/index.js';
import { createLog } from './log.js';
import { startApp } from './app.js';

try {
  // .env first, so that LOG_LEVEL and every other setting in it count.
  loadDotEnv();
  const config = readConfig();
  const log = createLog(config.logLevel);
  const app = await startApp(config, log);
  await app.ready;
  log.info('ready', {
    port: app.port,
    localMode: config.localMode,
    msg: config.localMode
      ? `Zero Trust guide is running in local mode on http://localhost:${app.port}/api/messages (no app id: no authentication). Chat with it: npm run playground`
      : `Zero Trust guide is running on port ${app.port} for app ${config.bot.MicrosoftAppId} (${config.bot.MicrosoftAppType})`,
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutdown', { signal, inFlight: app.server.inFlight() });
    await app.stop();
    process.exit(0);
  };
  // SIGHUP reads the docs again (a checkout updated in place, or the synced copy) without a restart.
  process.on('SIGHUP', () => {
    log.info('docs.reload', { signal: 'SIGHUP' });
    app.reloadDocs().catch((err: Error) => log.error('docs.reload.failed', { message: err.message }));
  });
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (err) {
  console.error(`Cannot start: ${startupProblem(err)}`);
  process.exit(1);
}

/** One line that names what to fix: the setting, the file, the port or the folder. */
function startupProblem(err: unknown): string {
  if (err instanceof ContentError) return `content error in ${err.message}`;
  if (err instanceof ConfigError || err instanceof StoreSetupError) return err.message;
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string };
  const port = process.env.PORT || '3978';
  const host = process.env.HOST || '(default)';
  switch (e?.code) {
    case 'EADDRINUSE':
      return `PORT ${port} is already in use on HOST ${host}: stop what uses it, or set PORT to a free port`;
    case 'EACCES':
      return `PORT ${port} may not be opened by this user: use a port above 1023`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HOST ${host} is not an address of this machine (${e.code}): set HOST to one of its addresses, or leave it unset`;
    default:
      return (e?.message ?? String(err)).split('\n')[0]!;
  }
}
