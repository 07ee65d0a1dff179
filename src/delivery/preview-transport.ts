import type { Transport } from './outgoing.js';

/** Preview mode (no BOT_TOKEN): every post is printed where an operator can read it. */
export function createPreviewTransport(write: (text: string) => void = (text) => process.stdout.write(text)): Transport {
  let nextId = 1;
  return {
    async send(message) {
      const photo = message.photoUrl ? `[photo ${message.photoUrl}]\n` : '';
      const buttons = (message.buttons ?? []).flat().map((b) => `[${b.text} → ${b.url}]`).join(' ');
      write(`\n──── post to ${message.chatId} ────\n${photo}${message.html}\n${buttons ? `${buttons}\n` : ''}`);
      return { kind: 'sent', messageId: nextId++, sentAs: message.photoUrl ? 'photo' : 'text' };
    },
    async edit(target, message) {
      write(`\n──── edit of message ${target.messageId} in ${target.chatId} ────\n${message.html}\n`);
      return { kind: 'sent', messageId: target.messageId, sentAs: target.sentAs };
    },
  };
}
