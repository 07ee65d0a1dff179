import type { ButtonRef, CommandOptions, FakeBotApi, FakeMessage, Update } from './fake-bot-api.js';

/**
 * A user's commands, texts and button presses on the fake Bot API, each resolving once the
 * bot has handled it (by the world's own `handled`) with the bot's new messages in that chat.
 */
export function userActions(api: FakeBotApi, handled: (update: Update | Update[]) => Promise<void>) {
  const newMessages = async (chatId: number, act: () => Update | Update[]): Promise<FakeMessage[]> => {
    const before = new Set(api.messages(chatId, { botOnly: true }).map((m) => m.message_id));
    await handled(act());
    return api.messages(chatId, { botOnly: true }).filter((m) => !before.has(m.message_id));
  };
  return {
    command: (userId: number, command: string, opts?: CommandOptions) =>
      newMessages(opts?.chat !== undefined ? Number(api.chat(opts.chat)?.id) : userId, () => api.sendCommand(userId, command, opts)),
    text: (userId: number, text: string) => newMessages(userId, () => api.sendUserText(userId, text)),
    press: (userId: number, message: FakeMessage, button: ButtonRef) => newMessages(message.chat_id, () => api.pressButton(userId, message, button).update),
  };
}
