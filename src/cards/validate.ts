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

/**
 * The chart elements Teams draws in cards of version 1.5 (learn.microsoft.com, "Charts in Adaptive
 * Cards"). The Adaptive Cards JS renderer knows none of them; everywhere else in a card, an unknown type
 * is still a typo.
 */
export const CHART_TYPES = [
  'Chart.Donut',
  'Chart.Pie',
  'Chart.Gauge',
  'Chart.HorizontalBar',
  'Chart.HorizontalBar.Stacked',
  'Chart.Line',
  'Chart.VerticalBar',
  'Chart.VerticalBar.Grouped',
] as const;
export type ChartType = (typeof CHART_TYPES)[number];

/** What every element has, which the renderer's own CardElement reads; the rest of a chart is kept as it came. */
const COMMON = new Set(['type', 'id', 'isVisible', 'separator', 'spacing', 'height', 'horizontalAlignment', 'requires', 'fallback', 'lang', 'targetWidth']);

/** A chart element as the renderer's parser keeps it: its own properties, and its fallback parsed and checked like any element. */
export abstract class ChartElement extends Adaptive.CardElement {
  /** The chart's properties (data, title, colours, axes), as in the card. */
  chart: Record<string, unknown> = {};
  fallbackElement?: AC.CardElement;
  private fallbackGiven = false;

  protected override internalParse(source: AC.PropertyBag, context: AC.SerializationContext): void {
    super.internalParse(source, context);
    this.chart = Object.fromEntries(Object.entries(source).filter(([k]) => !COMMON.has(k)));
    this.fallbackGiven = source.fallback !== undefined;
    // Teams shows the fallback wherever it draws no charts, so it is read as closely as the card itself:
    // parsed here (the renderer skips the fallback of an element it knows), so a typo in it is reported.
    this.fallbackElement = typeof source.fallback === 'object' ? context.parseElement(this, source.fallback, [], false) : undefined;
  }

  protected override internalToJSON(target: AC.PropertyBag, context: AC.SerializationContext): void {
    super.internalToJSON(target, context);
    Object.assign(target, this.chart);
  }

  override internalValidateProperties(context: AC.ValidationResults): void {
    super.internalValidateProperties(context);
    const type = this.getJsonTypeName();
    // Chart.Gauge is drawn from "value" and "segments"; every other chart needs its list of data points.
    if (type !== 'Chart.Gauge' && !Array.isArray(this.chart.data)) {
      context.addFailure(this, Adaptive.ValidationEvent.PropertyCantBeNull, `${type} needs a "data" list`);
    }
    // Clients that draw no charts (older Teams, Outlook, the Agents Playground) show only the fallback:
    // without one, the numbers would silently vanish there.
    if (!this.fallbackGiven) context.addFailure(this, Adaptive.ValidationEvent.PropertyCantBeNull, `${type} needs a fallback`);
    else if (this.fallbackElement) this.fallbackElement.internalValidateProperties(context);
  }

  protected override internalRender(): HTMLElement | undefined {
    return undefined;
  }
}

/** One class per chart type: the registry creates elements with `new Type()`, so each class knows its own name. */
function chartClass(type: ChartType): new () => ChartElement {
  return class extends ChartElement {
    override getJsonTypeName(): string {
      return type;
    }
  };
}

/** The renderer's elements and Teams' charts, in a registry of our own: the renderer's global one stays as it ships. */
let elements: AC.CardObjectRegistry<AC.CardElement> | undefined;
function teamsElements(): AC.CardObjectRegistry<AC.CardElement> {
  if (!elements) {
    elements = new Adaptive.CardObjectRegistry<AC.CardElement>();
    Adaptive.GlobalRegistry.populateWithDefaultElements(elements);
    for (const type of CHART_TYPES) elements.register(type, chartClass(type), Adaptive.Versions.v1_5);
  }
  return elements;
}

/** Every parse and validation event of the card, by event name; an empty list means Teams-ready. */
export function cardProblems(card: object): CardProblem[] {
  const adaptive = new Adaptive.AdaptiveCard();
  adaptive.hostConfig = new Adaptive.HostConfig(TEAMS_LIGHT_HOST_CONFIG);
  const context = new Adaptive.SerializationContext(Adaptive.Versions.v1_5);
  context.setElementRegistry(teamsElements());
  adaptive.parse(card, context);
  const events = [];
  for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i));
  events.push(...adaptive.validateProperties().validationEvents);
  return events
    .map((e) => ({ event: Adaptive.ValidationEvent[e.event] ?? String(e.event), message: e.message }))
    .filter((e) => !(e.event === 'UnsupportedProperty' && TEAMS_EXTENSIONS.test(e.message)));
}
