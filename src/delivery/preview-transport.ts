import type { Transport } from './outgoing.js';

/** Preview mode (no BOT_TOKEN): every post is printed where an operator can read it. */
export function createPreviewTransport(write: (text: string) => void = (text) => process.stdout.write(text)): Transport {
  let nextId = 1;
  return {
    async send(message) {
      const photo = message.photoUrl ? `[photo ${message.photoUrl}]\n` : '';
      write(`\n──── post to ${message.chatId} ────\n${photo}${message.html}\n`);
      return { kind: 'sent', messageId: nextId++, sentAs: message.photoUrl ? 'photo' : 'text' };
    },
  };
}
