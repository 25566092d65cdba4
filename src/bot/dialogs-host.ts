// The dialogs of a conversation, set up on the first turn that needs one (see dialogs/dialog-set.ts), and
// set up again with new cards when the knowledge changes; their ids stay, so a dialog in progress carries on.
import type { TurnContext } from 'botbuilder';
import type { DialogContext, DialogSet, DialogState } from 'botbuilder-dialogs';
import type { Catalog } from '../knowledge/content-loader.js';
import type { BotCards } from './cards.js';
import { DIALOG_STATE_PROPERTY, type DialogConversationState } from './dialog-state.js';

export class DialogsHost {
  private set: Promise<DialogSet> | undefined;
  private readonly state;

  constructor(
    private readonly conversationState: DialogConversationState,
    private readonly current: () => { catalog: Catalog; cards: BotCards },
  ) {
    this.state = conversationState.createProperty<DialogState>(DIALOG_STATE_PROPERTY);
  }

  async context(context: TurnContext): Promise<DialogContext> {
    const { catalog, cards } = this.current();
    this.set ??= import('../dialogs/dialog-set.js').then((m) => m.createDialogSet(this.state, catalog, cards));
    return (await this.set).createContext(context);
  }

  /** The next dialog turn sets the dialogs up again, with the cards and catalog of then. */
  reset(): void {
    this.set = undefined;
  }

  /** After a failed turn: drop this user's dialog so the next message starts clean. */
  async clear(context: TurnContext): Promise<void> {
    await this.conversationState.delete(context);
    await this.conversationState.saveChanges(context, true);
  }
}
