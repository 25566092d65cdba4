// The bot as an OS process of its own, with a clock the test holds: `node --import tsx
// tests/helpers/clocked-bot.ts`, configured by the environment as `npm start` is, starting at CLOCK (ISO).
// Over IPC: {clock} sets the clock; {tick} runs one scheduler tick and answers {tick, report}. It stops when
// the test closes the channel (or dies).
import { startApp } from '../../src/app.js';
import { readConfig } from '../../src/config.js';
import { createLog } from '../../src/log.js';

type Message = { clock?: string; tick?: number };

let now = new Date(process.env.CLOCK ?? Date.now());
const config = readConfig();
const app = await startApp(config, createLog(config.logLevel), { clock: () => now });
await app.ready;
const scheduler = await app.scheduler();
process.on('message', (m: Message) => {
  if (m.clock) now = new Date(m.clock);
  if (m.tick !== undefined) void scheduler.tick().then((report) => process.send!({ tick: m.tick, report }));
});
process.on('disconnect', () => void app.stop().finally(() => process.exit(0)));
process.send!({ ready: app.port });
