// Reads a card the way the Adaptive Cards renderer does and lists what it objects to: unknown element
// types, invalid property values, properties newer than 1.5, too many actions for the host. Used by tests
// and the render script; the bot itself does not load the renderer.
import { createRequire } from 'node:module';
import type * as AC from 'adaptivecards';
import { TEAMS_LIGHT_HOST_CONFIG } from './host-config.js';

// The package's main entry fails under plain Node (3.0.5/3.0.6); the UMD bundle works and needs no DOM
// for parsing and validation. Its types are the package's own.
const require = createRequire(import.meta.url);
const Adaptive = require('adaptivecards/dist/adaptivecards.js') as typeof AC;

export type CardProblem = { event: string; message: string };

/**
 * Properties Teams reads in cards of version 1.5 that this renderer files under a later version: the
 * people picker's "choices.data" (a Data.Query on graph.microsoft.com/users) on an Input.ChoiceSet.
 */
const TEAMS_EXTENSIONS = /^Property "choices\.data" is supported in version/;

/** Every parse and validation event of the card, by event name; an empty list means Teams-ready. */
export function cardProblems(card: object): CardProblem[] {
  const adaptive = new Adaptive.AdaptiveCard();
  adaptive.hostConfig = new Adaptive.HostConfig(TEAMS_LIGHT_HOST_CONFIG);
  const context = new Adaptive.SerializationContext(Adaptive.Versions.v1_5);
  adaptive.parse(card, context);
  const events = [];
  for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i));
  events.push(...adaptive.validateProperties().validationEvents);
  return events
    .map((e) => ({ event: Adaptive.ValidationEvent[e.event] ?? String(e.event), message: e.message }))
    .filter((e) => !(e.event === 'UnsupportedProperty' && TEAMS_EXTENSIONS.test(e.message)));
}
