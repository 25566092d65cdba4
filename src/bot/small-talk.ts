// The short replies to small talk and to messages the bot cannot help with. Each says what the bot is for
// and how to go on, so a greeting or a stray request is never met with a random article or silence.
import { EXAMPLE_QUESTIONS } from '../cards/info.js';
import type { SmallTalk } from '../knowledge/conversation.js';

/** Microsoft Learn's guide to self-service password reset, for the people who would run it. */
export const SSPR_URL = 'https://learn.microsoft.com/entra/identity/authentication/concept-sspr-howitworks';

const starters = (n = 3) =>
  EXAMPLE_QUESTIONS.slice(0, n)
    .map((q) => `“${q}”`)
    .join(', ');

const REPLIES: Record<SmallTalk, () => string> = {
  greeting: () => `Hi! I answer questions about Zero Trust security guidance. Try ${starters()}, or type **help**.`,
  thanks: () => 'You’re welcome. Ask me again any time.',
  goodbye: () => 'Bye for now. I’m here when you need Zero Trust guidance again.',
  acknowledgement: () => 'Anything else about Zero Trust? Type **help** to see what I can do.',
  'how-are-you': () => `All good, thanks. What would you like to know about Zero Trust? For example ${starters(2)}.`,
  joke: () => 'I’d tell you a joke about passwords, but you’d have to verify it explicitly. I’m better at Zero Trust ' + `questions: try ${starters(2)}.`,
  'out-of-scope': () => `That’s outside what I know: I answer questions about Zero Trust security guidance. Try ${starters()}.`,
  'password-reset': () =>
    'I can’t reset passwords or unlock accounts. Use your organization’s password reset page, or ask your ' +
    `helpdesk. If you run identity for your organization, here is how [self-service password reset](${SSPR_URL}) lets ` +
    'people do it themselves, safely.',
};

export const smallTalkReply = (what: SmallTalk): string => REPLIES[what]();

/** For a question the bot could not read: it understands English, and the guidance's own terms. */
export const notEnglishReply = (): string =>
  `Sorry, I understand questions in English, and I didn’t recognise enough of this one. Try for example ${starters()}.`;
