// One JSON line per event on stdout/stderr: easy to read locally, easy to ship from App Service.
export type Log = {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
};

export function createLog(quiet = process.env.LOG_LEVEL === 'silent'): Log {
  const write = (level: string, event: string, fields: Record<string, unknown> = {}) => {
    if (quiet && level !== 'error') return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
    (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
  };
  return {
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
  };
}

export const silentLog: Log = { info: () => {}, warn: () => {}, error: () => {} };
