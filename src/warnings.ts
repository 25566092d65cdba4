// restify 11 (the last release that runs on Node 20) loads spdy, which touches process.binding at import
// and makes Node print DEP0111 at every start. The warning is about a dependency we cannot change here and
// says nothing to whoever runs the bot, so that one code is dropped; every other warning still prints.
// Imported first by index.ts, before restify loads.
const emit = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
  if (code === 'DEP0111') return;
  (emit as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
