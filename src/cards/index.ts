// Cards: plain data in, Adaptive Card JSON (version 1.5, checked for Teams' limits) out. No botbuilder
// here; the bot wraps a card with CardFactory.adaptiveCard(card).
export { type AnswerCardKind, MAX_ALTERNATIVES, MAX_CHOICES, answerCard, answerKind, bestAnswerCard, didYouMeanCard, noResultsCard } from './answer.js';
export { azureCard } from './azure.js';
export { SOURCE_TEXT, freshness, readableDate, sourceLine } from './common.js';
export { type AboutInfo, type ConversationOptions, EXAMPLE_QUESTIONS, helpCommands, aboutCard, errorCard, helpCard, welcomeCard } from './info.js';
export { PILLARS_URL, WALKTHROUGH_ACTION, objectiveAction, objectiveCard, pillarCard, pillarsCard } from './pillars.js';
export { type BotCardOptions, type BotCardSet, createBotCards, packageVersion } from './bot-cards.js';
export { rampCard, rampStepAction, rampStepCard } from './ramp.js';
export { roleAction, roleCard, rolesCard } from './roles.js';
export {
  CARD_VERSION,
  type Card,
  CardError,
  MAX_CARD_BYTES,
  TEMPLATE_NAMES,
  type TemplateName,
  cardBytes,
  checkCard,
  expandCard,
  inertData,
  loadTemplate,
  setTemplateDir,
} from './templates.js';
