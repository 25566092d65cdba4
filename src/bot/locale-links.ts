// Every card and text the bot sends in a turn links Learn pages in the user's language (see
// cards/locale.ts): one middleware for replies, prompts and card updates alike, so no handler can forget.
import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { localiseCard, localiseText, learnLocale } from '../cards/locale.js';
import type { Card } from '../cards/templates.js';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** The activity with its text and Adaptive Card attachments linking Learn in `locale`. */
export function localiseActivity<A extends Partial<Activity>>(activity: A, locale: string): A {
  const text = typeof activity.text === 'string' ? localiseText(activity.text, locale) : activity.text;
  const attachments = activity.attachments?.map((a) =>
    a.contentType === ADAPTIVE && a.content && typeof a.content === 'object' ? { ...a, content: localiseCard(a.content as Card, locale) } : a,
  );
  return { ...activity, ...(text !== undefined ? { text } : {}), ...(attachments ? { attachments } : {}) };
}

/** The locale of the turn's user, as Learn publishes it. */
export const turnLocale = (context: TurnContext) => learnLocale(context.activity.locale);

export const localeLinks: Middleware = {
  async onTurn(context, next) {
    const locale = turnLocale(context);
    // The handlers' next() sends what the array and the activity hold, so they are changed in place.
    context.onSendActivities(async (_context, activities, send) => {
      activities.forEach((a, i) => (activities[i] = localiseActivity(a, locale)));
      return send();
    });
    context.onUpdateActivity(async (_context, activity, update) => {
      Object.assign(activity, localiseActivity(activity, locale));
      return update();
    });
    await next();
  },
};
