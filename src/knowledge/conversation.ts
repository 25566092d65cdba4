// Conversation sense: what a message is before it is searched. A greeting, thanks, small talk or a request
// outside Zero Trust gets a fitting short reply rather than the article whose words it happens to share
// ("hello" is not a question about Windows Hello). Plain TypeScript: it reads text and returns data.
import { isEnglishWord } from './english.js';
import { MAX_QUERY_CHARS, normalise } from './text.js';

export type SmallTalk = 'greeting' | 'thanks' | 'goodbye' | 'acknowledgement' | 'how-are-you' | 'joke' | 'out-of-scope' | 'password-reset';

export type Reading =
  /** A compose-box card the user sent into the chat: it answers nothing and asks nothing. */
  | { kind: 'ignore' }
  | { kind: 'small-talk'; what: SmallTalk }
  /** Anything else: the text to search, reduced to words (no markup, greeting or sign-off). */
  | { kind: 'question'; text: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/**
 * Markup reduced to its words: HTML tags and entities, markdown marks and links, template expressions
 * (`${...}`, `{{...}}`) and emoji. Bounded: text past MAX_QUERY_CHARS is dropped first.
 */
export function plainWords(raw: string): string {
  const s = raw.length > MAX_QUERY_CHARS * 4 ? raw.slice(0, MAX_QUERY_CHARS * 4) : raw;
  return (
    s
      .replace(/<[^>]{0,500}>/g, ' ')
      .replace(/&(#?\w{1,8});/g, (m, e: string) => ENTITIES[e.toLowerCase()] ?? (/^#\d+$/.test(e) ? ' ' : m))
      .replace(/!?\[([^\]]{0,300})\]\([^)]{0,500}\)/g, '$1')
      .replace(/\$\{([^}]{0,300})\}|\{\{([^}]{0,300})\}\}/g, ' $1$2 ')
      .replace(/[*_~`#>|]+/g, ' ')
      // Emoji, their skin-tone modifiers, the variation selector and the zero-width joiner, one by one.
      .replace(/\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\uFE0F|\u200D/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** What Teams puts in the text of a message that carries a card chosen from the compose box. */
export const isSentComposeCard = (html: string) => /<span[^>]*class="[^"]*inline-compose-card/i.test(html);

const GREETING =
  /^(?:hi+|hello+|hey+|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|morning|hallo|hola|bonjour)(?: (?:there|all|everyone|team|folks|guys|bot|zero trust guide))*\b/;
const THANKS =
  /^(?:(?:ok|okay|great|perfect|cool|awesome|nice|brilliant)\s)?(?:thanks?|thank you|thx|ty|tysm|cheers|much appreciated|many thanks)(?: (?:a lot|so much|very much|again|mate|for (?:the|your) help|bot))*$/;
const SIGN_OFF = /\b(?:thanks?|thank you|thx|cheers)(?: (?:a lot|so much|in advance))?$/;
const GOODBYE = /^(?:bye|goodbye|bye bye|see you|see ya|cya|later|good night|have a (?:good|nice) (?:day|one))$/;
const ACK = /^(?:ok|okay|k|cool|great|nice|got it|understood|sure|yes|no|yep|nope|lol|haha|wow|perfect|awesome|fine|alright|all right|good|noted)$/;
const HOW_ARE_YOU =
  /^(?:how are you|how are you doing|how s it going|hows it going|how is it going|whats up|what s up|sup|are you there|you there|are you a bot|are you human|are you real)$/;
const JOKE = /\b(?:tell (?:me )?(?:a )?joke|jokes?|make me laugh|something funny)\b/;
/** Subjects people try a bot with that have nothing to do with security guidance. */
const OUT_OF_SCOPE =
  /\b(?:weather|forecast|temperature outside|rain(?:ing)? today|football|soccer|basketball|cricket|world cup|recipe|cook(?:ing)?|lunch|dinner|pizza|movie|film|song|music|lyrics|lottery|horoscope|stock price|bitcoin price|what time is it|what day is it|date today|news today|capital of|meaning of life|sing|poem|dating|girlfriend|boyfriend)\b/;
/** The asker's own password or account, not how to run self-service password reset for others. */
const OWN_PASSWORD =
  /\b(?:(?:reset|change|forgot|forgotten|recover|unlock|lost)\b.{0,20}\bmy (?:password|pw|pwd|passcode|pin|account|login)|my (?:password|account) (?:is |has )?(?:expired|locked|not working|doesn t work)|(?:i m|i am|im|got) locked out(?: of my account)?$|i forgot my password)\b/;

/** Reads a message as small talk, a question, or nothing to answer. `raw` is the text as Teams sent it. */
export function readMessage(raw: string): Reading {
  if (isSentComposeCard(raw)) return { kind: 'ignore' };
  const text = plainWords(raw);
  const n = normalise(text);
  if (!n) return { kind: 'question', text: '' };
  if (THANKS.test(n)) return { kind: 'small-talk', what: 'thanks' };
  if (GOODBYE.test(n)) return { kind: 'small-talk', what: 'goodbye' };
  if (ACK.test(n)) return { kind: 'small-talk', what: 'acknowledgement' };
  if (OWN_PASSWORD.test(n)) return { kind: 'small-talk', what: 'password-reset' };
  const greeting = GREETING.exec(n);
  const rest = greeting ? n.slice(greeting[0].length).trim() : n;
  if (greeting && !rest) return { kind: 'small-talk', what: 'greeting' };
  if (HOW_ARE_YOU.test(rest)) return { kind: 'small-talk', what: 'how-are-you' };
  if (JOKE.test(rest)) return { kind: 'small-talk', what: 'joke' };
  if (OUT_OF_SCOPE.test(rest)) return { kind: 'small-talk', what: 'out-of-scope' };
  // "hi, where do I start? thanks!": the question without its greeting and sign-off.
  const question = greeting || SIGN_OFF.test(n) ? rest.replace(SIGN_OFF, '').trim() : text;
  return { kind: 'question', text: question || text };
}

/** Scripts other than Latin: a question written in them is not English. */
const OTHER_SCRIPT =
  /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Devanagari}]/u;

/**
 * Very common words of the languages people in a multinational tenant most often write in (Spanish,
 * Portuguese, French, German, Italian, Dutch) that are not English words: one of them, or a letter with an
 * accent, tells another language from a string of typos or nonsense, which gets the "found nothing" help.
 */
const FUNCTION_WORDS = new Set(
  (
    'como que para por los las del una uno mis nuestra nuestro puedo hacer cuando donde porque tambien ' +
    'voce nao uma meu minha nossa fazer quando onde usuarios todos ' +
    'les des est une pour avec dans sur mon notre nous vous comment quoi pourquoi faire ' +
    'der das und ich ist nicht mit wie meine unser unsere wir sie ein eine fur kann ' +
    'il che per della nostro nostra posso fare perche ' +
    'het een van niet hoe mijn onze wij kan'
  ).split(' '),
);

/**
 * Whether a question reads as written in another language: another script, or a good part of its words
 * are neither English nor words the guidance uses (`known`) and it has accents or another language's
 * common words. Only asked when the search found no answer, so a question in another language whose terms are
 * recognised is still answered.
 */
export function looksForeign(text: string, known: (word: string) => boolean): boolean {
  if (OTHER_SCRIPT.test(text)) return true;
  const words = normalise(text)
    .split(' ')
    .filter((w) => w.length >= 2 && !/\d/.test(w));
  if (words.length < 2) return false;
  const foreign = words.filter((w) => !isEnglishWord(w) && !known(w)).length;
  if (foreign / words.length < 0.3) return false;
  return /[\u00c0-\u024f]/.test(text) || words.some((w) => FUNCTION_WORDS.has(w));
}

/** The words of a question that the guidance knows ("MFA", "conditional access"), in order, once each. */
export function recognisedPart(text: string, known: (word: string) => boolean): string {
  const words = normalise(text)
    .split(' ')
    .filter((w) => w.length >= 3 && !FUNCTION_WORDS.has(w) && known(w));
  return [...new Set(words)].join(' ');
}
