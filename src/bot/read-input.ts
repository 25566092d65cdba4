// What the user said: the text without the bot's @mention, or the action of a clicked card button.
import { type Activity, TurnContext } from 'botbuilder';

export function readInput(activity: Partial<Activity>): { text: string; value?: Record<string, unknown> } {
  const value = activity.value && typeof activity.value === 'object' ? (activity.value as Record<string, unknown>) : undefined;
  if (value && typeof value.action === 'string') return { text: value.action.trim(), value };
  const text = activity.recipient ? TurnContext.removeRecipientMention(activity) : (activity.text ?? '');
  return {
    text: (text ?? '')
      .replace(/<at>[^<]*<\/at>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    ...(value ? { value } : {}),
  };
}
