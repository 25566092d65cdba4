// The bot's logger: pino, one JSON object a line on stdout, with its level from the configuration
// (LOG_LEVEL, also read from .env). Callers log an event name and fields; a turn logs through a child
// logger that carries its activity and conversation ids.
import { pino, type Logger } from 'pino';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export type Log = {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger that adds these fields to every line. */
  child?(bindings: LogFields): Log;
};

function wrap(logger: Logger): Log {
  return {
    info: (event, fields) => logger.info({ event, ...fields }),
    warn: (event, fields) => logger.warn({ event, ...fields }),
    error: (event, fields) => logger.error({ event, ...fields }),
    child: (bindings) => wrap(logger.child(bindings)),
  };
}

/** A pino logger at `level`, writing to `destination` (stdout by default, synchronously, so no line is lost at exit). */
export function createLog(level: LogLevel = 'info', destination: pino.DestinationStream = pino.destination({ dest: 1, sync: true })): Log {
  return wrap(
    pino(
      {
        level,
        base: undefined,
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      destination,
    ),
  );
}

/** `log` with `bindings` on every line, also for loggers without children of their own (tests). */
export function childLog(log: Log, bindings: LogFields): Log {
  if (log.child) return log.child(bindings);
  return {
    info: (event, fields) => log.info(event, { ...bindings, ...fields }),
    warn: (event, fields) => log.warn(event, { ...bindings, ...fields }),
    error: (event, fields) => log.error(event, { ...bindings, ...fields }),
  };
}

export const silentLog: Log = { info: () => {}, warn: () => {}, error: () => {}, child: () => silentLog };
