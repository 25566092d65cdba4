// The Bot Framework edge: CloudAdapter with the standard settings, and what happens when a turn fails.
import { randomBytes } from 'node:crypto';
import {
  type Activity,
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config.js';
import { budgeted } from './outbound.js';
import { type Log, childLog } from '../log.js';

export type TurnFailureHandler = (context: TurnContext, correlationId: string, error: Error) => Promise<void>;

/** CloudAdapter with its activity processing open to our request handler (src/bot/process.ts). */
export class BotAdapter extends CloudAdapter {
  /** Authenticates the request and runs the turn; returns the invoke response, if any. */
  runActivity(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;

/** The same factory, whose clients use our retry policy. */
const budgetedFactory = (inner: ConnectorFactory): ConnectorFactory =>
  Object.assign(Object.create(inner) as ConnectorFactory, {
    create: async (serviceUrl: string, audience?: string) => budgeted(await inner.create(serviceUrl, audience)),
  });

/**
 * Bot Framework authentication whose connector clients use our retry policy (src/bot/outbound.ts): those
 * made for a turn (authenticateRequest) and those made to post from outside one (createConnectorFactory).
 */
class BudgetedAuthentication extends ConfigurationBotFrameworkAuthentication {
  override createConnectorFactory(...args: Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>) {
    return budgetedFactory(super.createConnectorFactory(...args));
  }

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>) {
    const result = await super.authenticateRequest(...args);
    if (result.connectorFactory) result.connectorFactory = budgetedFactory(result.connectorFactory);
    return result;
  }
}

export function createAdapter(bot: Config['bot'], log: Log, onFailure: TurnFailureHandler): BotAdapter {
  const auth = new BudgetedAuthentication(bot as unknown as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new BotAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    const correlationId = randomBytes(4).toString('hex');
    const turnLog = childLog(log, { activityId: context.activity.id, conversationId: context.activity.conversation?.id });
    turnLog.error('turn.failed', {
      correlationId,
      message: error.message,
      stack: error.stack?.split('\n').slice(0, 6).join(' | '),
      activityType: context.activity.type,
    });
    try {
      await onFailure(context, correlationId, error);
    } catch (err) {
      turnLog.error('turn.failure-handler.failed', { correlationId, message: (err as Error).message });
    }
  };
  return adapter;
}

export const isMessage = (context: TurnContext) => context.activity.type === ActivityTypes.Message;
