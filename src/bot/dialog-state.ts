// Dialog state, per user per conversation (botbuilder's PrivateConversationState), with one addition:
// telling whether a dialog is waiting for this user's answer without loading the state into the turn.
// Most turns are questions outside any dialog; loading would hash the state twice (on load, and again at
// the end of the turn to see whether it changed) only to find nothing there.
import { PrivateConversationState, type TurnContext } from 'botbuilder';

export const DIALOG_STATE_PROPERTY = 'dialogState';

export class DialogConversationState extends PrivateConversationState {
  /** Whether the stored state holds a dialog stack (or, once loaded this turn, the loaded state does). */
  async hasActiveDialog(context: TurnContext): Promise<boolean> {
    const loaded = this.get(context);
    if (loaded) return stackDepth(loaded[DIALOG_STATE_PROPERTY]) > 0;
    const key = this.getStorageKey(context);
    if (!key) return false;
    const item = (await this.storage.read([key]))[key] as Record<string, unknown> | undefined;
    return stackDepth(item?.[DIALOG_STATE_PROPERTY]) > 0;
  }
}

const stackDepth = (state: unknown) => (state as { dialogStack?: unknown[] } | undefined)?.dialogStack?.length ?? 0;
