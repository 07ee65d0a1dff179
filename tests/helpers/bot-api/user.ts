/**
 * What users do, turned into the updates Telegram would send the bot. Messages users write
 * are stored too, so replies and forwards can refer to them.
 */
import type { BotState } from './state.js';
import type { ChatRef, FakeChat, FakeMessage, MemberStatus, MessageEntity, Update } from './types.js';
import { chatWire, isInlineKeyboard, messageWire, userWire } from './wire.js';

export interface UserTextOptions {
  /** Where the user writes (default: the private chat with the bot). */
  chat?: ChatRef;
  threadId?: number;
  replyTo?: number;
  entities?: MessageEntity[];
}

export interface CommandOptions extends Omit<UserTextOptions, 'entities'> {
  args?: string;
  /** Write /cmd@botname, as Telegram clients do in groups. */
  mention?: boolean;
}

export type ButtonRef = string | { data: string } | { text: string };

/** A stored message, or a Message object as grammY returned it. */
export type MessageRef = Pick<FakeMessage, 'chat_id' | 'message_id'> | { chat: { id: number }; message_id: number };

export interface PressResult {
  update: Update;
  queryId: string;
}

export interface ForwardOrigin {
  text?: string;
  caption?: string;
  /** A channel or group the message came from. */
  fromChat?: ChatRef;
  /** A user the message came from. */
  fromUser?: number;
  originMessageId?: number;
}

export class UserActions {
  constructor(
    private readonly state: BotState,
    private readonly notify: () => void,
  ) {}

  sendText(userId: number, text: string, opts: UserTextOptions = {}): Update {
    const user = this.state.user(userId);
    const chat = this.#chatFor(userId, opts.chat);
    if (chat.type !== 'private' && !['creator', 'administrator', 'member', 'restricted'].includes(chat.members.get(userId) ?? 'left')) {
      chat.members.set(userId, 'member');
    }
    const msg = this.state.storeMessage({
      chat_id: chat.id,
      from: user.id,
      method: 'user',
      text,
      ...(opts.entities?.length ? { entities: opts.entities } : {}),
      ...(opts.threadId !== undefined ? { message_thread_id: opts.threadId } : {}),
      ...(opts.replyTo !== undefined ? { reply_to_message_id: opts.replyTo } : {}),
    });
    return this.#push({ message: messageWire(this.state, msg) });
  }

  sendCommand(userId: number, command: string, opts: CommandOptions = {}): Update {
    const name = command.replace(/^\//, '');
    const head = `/${name}${opts.mention ? `@${this.state.bot.username}` : ''}`;
    const text = opts.args ? `${head} ${opts.args}` : head;
    const { args: _args, mention: _mention, ...rest } = opts;
    return this.sendText(userId, text, { ...rest, entities: [{ type: 'bot_command', offset: 0, length: head.length }] });
  }

  /** Presses an inline button; throws if the message shows no such button, as a user could not press it. */
  pressButton(userId: number, message: MessageRef, button: ButtonRef, opts: { force?: boolean } = {}): PressResult {
    const user = this.state.user(userId);
    const chatId = 'chat_id' in message ? message.chat_id : message.chat.id;
    const msg = this.state.findMessage(chatId, message.message_id);
    if (!msg) throw new Error(`pressButton: message ${message.message_id} in chat ${chatId} does not exist (deleted?)`);
    const data = this.#buttonData(msg, button, opts.force === true);
    const id = this.state.newQueryId();
    this.state.callbackQueries.set(id, { id, user_id: user.id, chat_id: msg.chat_id, message_id: msg.message_id, data, at: this.state.now() });
    const update = this.#push({
      callback_query: {
        id,
        from: userWire(user),
        message: messageWire(this.state, msg),
        chat_instance: String(-msg.chat_id),
        data,
      },
    });
    return { update, queryId: id };
  }

  forwardToBot(userId: number, origin: ForwardOrigin): Update {
    const user = this.state.user(userId);
    const chat = this.#chatFor(userId, undefined);
    const date = Math.floor(Date.now() / 1000);
    const from = origin.fromChat !== undefined ? this.state.chatOrThrow(origin.fromChat) : undefined;
    const forward_origin = from
      ? from.type === 'channel'
        ? { type: 'channel', chat: chatWire(from), message_id: origin.originMessageId ?? 1, date }
        : { type: 'chat', sender_chat: chatWire(from), date }
      : { type: 'user', sender_user: userWire(this.state.user(origin.fromUser ?? userId)), date };
    const msg = this.state.storeMessage({
      chat_id: chat.id,
      from: user.id,
      method: 'user',
      forward_origin,
      ...(origin.text !== undefined ? { text: origin.text } : {}),
      ...(origin.caption !== undefined ? { caption: origin.caption } : {}),
    });
    return this.#push({ message: messageWire(this.state, msg) });
  }

  /** Adds the bot to a group or channel: my_chat_member, and for groups the service message. */
  addBotToChat(chatRef: ChatRef, byUserId: number, status: MemberStatus = 'member'): Update[] {
    const chat = this.state.chatOrThrow(chatRef);
    const by = this.state.user(byUserId);
    if (chat.type !== 'private' && !chat.members.has(by.id)) chat.members.set(by.id, 'administrator');
    const updates = [this.#botStatusChange(chat, byUserId, status)];
    if (chat.type === 'group' || chat.type === 'supergroup') {
      const msg = this.state.storeMessage({ chat_id: chat.id, from: by.id, method: 'user' });
      updates.push(this.#push({ message: { ...messageWire(this.state, msg), new_chat_members: [userWire(this.state.bot)] } }));
    }
    return updates;
  }

  removeBotFromChat(chatRef: ChatRef, byUserId: number): Update {
    return this.#botStatusChange(this.state.chatOrThrow(chatRef), byUserId, 'kicked');
  }

  blockBot(userId: number): Update {
    return this.#botStatusChange(this.#chatFor(userId, undefined), userId, 'kicked');
  }

  unblockBot(userId: number): Update {
    return this.#botStatusChange(this.#chatFor(userId, undefined), userId, 'member');
  }

  deactivate(userId: number): void {
    this.#chatFor(userId, undefined).deactivated = true;
    this.notify();
  }

  /** Upgrades a group to a supergroup; the old id then answers 400 with migrate_to_chat_id. */
  migrateGroup(oldRef: ChatRef, newId?: number): FakeChat {
    const old = this.state.chatOrThrow(oldRef);
    const next = this.state.addGroup({
      type: 'supergroup',
      ...(newId !== undefined ? { id: newId } : {}),
      ...(old.title !== undefined ? { title: old.title } : {}),
      botStatus: old.botStatus,
      members: Object.fromEntries(old.members),
    });
    old.migratedTo = next.id;
    const oldMsg = this.state.storeMessage({ chat_id: old.id, from: this.state.bot.id, method: 'user' });
    this.#push({ message: { ...messageWire(this.state, oldMsg), migrate_to_chat_id: next.id } });
    const newMsg = this.state.storeMessage({ chat_id: next.id, from: this.state.bot.id, method: 'user' });
    this.#push({ message: { ...messageWire(this.state, newMsg), migrate_from_chat_id: old.id } });
    return next;
  }

  push(u: Omit<Update, 'update_id'>): Update {
    return this.#push(u as Record<string, unknown>);
  }

  #push(u: Record<string, unknown>): Update {
    const update = this.state.updates.push(u as Omit<Update, 'update_id'>);
    this.notify();
    return update;
  }

  #chatFor(userId: number, ref: ChatRef | undefined): FakeChat {
    this.state.user(userId);
    const chat = this.state.chatOrThrow(ref ?? userId);
    // Writing to the bot is what starting it means.
    if (chat.type === 'private' && chat.botStatus === 'left') chat.botStatus = 'member';
    return chat;
  }

  #botStatusChange(chat: FakeChat, byUserId: number, status: MemberStatus): Update {
    const old = chat.botStatus;
    chat.botStatus = status;
    const member = (s: MemberStatus): Record<string, unknown> =>
      s === 'kicked' ? { status: s, user: userWire(this.state.bot), until_date: 0 } : { status: s, user: userWire(this.state.bot) };
    return this.#push({
      my_chat_member: {
        chat: chatWire(chat),
        from: userWire(this.state.user(byUserId)),
        date: Math.floor(Date.now() / 1000),
        old_chat_member: member(old),
        new_chat_member: member(status),
      },
    });
  }

  #buttonData(msg: FakeMessage, button: ButtonRef, force: boolean): string {
    const buttons = isInlineKeyboard(msg.reply_markup) ? msg.reply_markup.inline_keyboard.flat() : [];
    if (typeof button === 'string' || 'data' in button) {
      const data = typeof button === 'string' ? button : button.data;
      if (force || buttons.some((b) => b.callback_data === data)) return data;
      throw new Error(`pressButton: no button with callback_data ${JSON.stringify(data)}; buttons: ${describeButtons(buttons)}`);
    }
    const found = buttons.find((b) => b.text === button.text);
    if (typeof found?.callback_data === 'string') return found.callback_data;
    throw new Error(`pressButton: no callback button with text ${JSON.stringify(button.text)}; buttons: ${describeButtons(buttons)}`);
  }
}

function describeButtons(buttons: Array<Record<string, unknown>>): string {
  return buttons.length ? buttons.map((b) => `${JSON.stringify(b.text)}=>${JSON.stringify(b.callback_data ?? b.url)}`).join(', ') : '(none)';
}
