// The invokes this bot handles, and the shape of value each needs. The handler answers anything else with a
// 400 saying what is wrong, rather than a handler throwing on it or the SDK answering 501.

const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/** What is wrong with an invoke this bot would otherwise run, or undefined when it can run it. */
export function invokeProblem(name: unknown, value: unknown): string | undefined {
  switch (name) {
    case 'adaptiveCard/action': {
      const action = isObject(value) ? value.action : undefined;
      if (!isObject(action) || typeof action.verb !== 'string') return 'an adaptiveCard/action needs value.action with a "verb"';
      if (action.data !== undefined && !isObject(action.data)) return 'value.action.data must be an object';
      return undefined;
    }
    case 'composeExtension/query': {
      if (!isObject(value)) return 'a composeExtension/query needs a value object';
      const params = value.parameters;
      if (params !== undefined && !(Array.isArray(params) && params.every((p) => isObject(p) && typeof p.name === 'string'))) {
        return 'value.parameters must be a list of {"name", "value"}';
      }
      if (value.queryOptions !== undefined && !isObject(value.queryOptions)) return 'value.queryOptions must be an object';
      return undefined;
    }
    case 'message/submitAction': {
      // Teams' feedback loop: 👍 / 👎 under an answer, with an optional comment.
      if (!isObject(value) || value.actionName !== 'feedback') return 'a message/submitAction needs value.actionName "feedback"';
      const reaction = isObject(value.actionValue) ? value.actionValue.reaction : undefined;
      return reaction === 'like' || reaction === 'dislike' ? undefined : 'value.actionValue.reaction must be "like" or "dislike"';
    }
    case 'composeExtension/queryLink':
      return isObject(value) && typeof value.url === 'string' ? undefined : 'a composeExtension/queryLink needs value.url';
    default:
      return `this bot does not handle the invoke "${String(name ?? '')}"`;
  }
}
