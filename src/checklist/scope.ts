// Whose progress a conversation shares: all channels of one team share one record; a group chat or a
// personal chat has its own.
export type ConversationInfo = {
  conversationId: string;
  teamId?: string | undefined;
};

export function progressScope({ conversationId, teamId }: ConversationInfo): string {
  if (teamId) return `team:${teamId}`;
  // A channel thread's id carries ";messageid=..."; the conversation is the part before it.
  return `conversation:${conversationId.split(';')[0]}`;
}
