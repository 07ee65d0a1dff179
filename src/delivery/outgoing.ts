/** A message ready to hand to Telegram, already formatted. */
export interface OutgoingMessage {
  chatId: string;
  threadId?: number | null;
  /** Telegram HTML. */
  html: string;
  /** When set, sent as a photo with `html` as its caption. */
  photoUrl?: string | null;
  /** Link preview target for text posts. */
  previewUrl?: string | null;
  buttons?: { text: string; url: string }[][];
  disableNotification?: boolean;
  paidBroadcast?: boolean;
}

/** A message already in a chat, to be corrected in place. */
export interface EditTarget {
  chatId: string;
  messageId: number;
  /** How it was sent: a photo's caption is edited with editMessageCaption, a text with editMessageText. */
  sentAs: 'text' | 'photo';
}

/** Every send ends in exactly one of these; the sender records it on the row. */
export type SendOutcome =
  | { kind: 'sent'; messageId: number; sentAs: 'text' | 'photo' }
  | { kind: 'retry'; error: string; code: number | null }
  | { kind: 'rate-limited'; retryAfterSeconds: number; error: string }
  | { kind: 'blocked'; error: string; code: number }
  | { kind: 'failed'; error: string; code: number | null }
  | { kind: 'moved'; newChatId: string; error: string };

export interface Transport {
  send(message: OutgoingMessage): Promise<SendOutcome>;
  /** Replaces a sent message's text or caption; 'sent' carries the same message id. */
  edit(target: EditTarget, message: OutgoingMessage): Promise<SendOutcome>;
}
