/** The fake's world: users, chats, messages and what the bot has configured. */
import { badRequest, forbidden } from './errors.js';
import { UpdateQueue } from './updates.js';
import type {
  BotIdentity, ChannelRights, ChatRef, ChatType, FakeCallbackQuery, FakeChat, FakeMessage, FakeUser, MemberStatus, WebhookConfig,
} from './types.js';

export interface NewUser {
  id?: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  /** Whether the user has pressed Start (default true); if not, the bot may not write first. */
  started?: boolean;
}

export interface NewGroup {
  id?: number;
  title?: string;
  type?: 'group' | 'supergroup';
  username?: string;
  forum?: boolean;
  botStatus?: MemberStatus;
  members?: Record<number, MemberStatus>;
}

export interface NewChannel {
  id?: number;
  title?: string;
  username?: string;
  /** Telegram only lets administrators post into a channel (default 'administrator'). */
  botStatus?: MemberStatus;
  /** The bot's rights as an administrator: posting and editing (default both). */
  botRights?: Partial<ChannelRights>;
  members?: Record<number, MemberStatus>;
}

export class BotState {
  readonly bot: FakeUser;
  readonly users = new Map<number, FakeUser>();
  readonly chats = new Map<number, FakeChat>();
  readonly #byUsername = new Map<string, number>();
  readonly messages: FakeMessage[] = [];
  readonly callbackQueries = new Map<string, FakeCallbackQuery>();
  readonly commands = new Map<string, unknown[]>();
  readonly updates = new UpdateQueue();
  webhook: WebhookConfig | undefined;
  #nextUserId = 100_000_001;
  #nextGroupId = 4_000_001;
  #nextSupergroupId = 1_000_000_001;
  #nextFileId = 1;
  #nextQueryId = 1;

  constructor(
    identity: BotIdentity,
    readonly now: () => number,
  ) {
    this.bot = { id: identity.id, is_bot: true, first_name: identity.first_name, username: identity.username };
  }

  addUser(init: NewUser = {}): FakeUser {
    const id = init.id ?? this.#nextUserId++;
    const user: FakeUser = {
      id,
      is_bot: false,
      first_name: init.first_name ?? `User${id}`,
      ...(init.last_name ? { last_name: init.last_name } : {}),
      ...(init.username ? { username: init.username } : {}),
      language_code: init.language_code ?? 'en',
    };
    this.users.set(id, user);
    this.#addChat({
      id,
      type: 'private',
      first_name: user.first_name,
      ...(user.last_name ? { last_name: user.last_name } : {}),
      ...(user.username ? { username: user.username } : {}),
      botStatus: init.started === false ? 'left' : 'member',
    });
    return user;
  }

  /** The user, created on first mention so tests can just pick ids. */
  user(id: number): FakeUser {
    return this.users.get(id) ?? this.addUser({ id });
  }

  addGroup(init: NewGroup = {}): FakeChat {
    const type = init.forum ? 'supergroup' : (init.type ?? 'group');
    const id = init.id ?? (type === 'group' ? -this.#nextGroupId++ : -(1_000_000_000_000 + this.#nextSupergroupId++));
    return this.#addChat({
      id,
      type,
      title: init.title ?? `Group ${-id}`,
      ...(init.username ? { username: init.username } : {}),
      ...(init.forum ? { is_forum: true } : {}),
      botStatus: init.botStatus ?? 'member',
      members: init.members,
    });
  }

  addChannel(init: NewChannel = {}): FakeChat {
    const id = init.id ?? -(1_000_000_000_000 + this.#nextSupergroupId++);
    return this.#addChat({
      id,
      type: 'channel',
      title: init.title ?? `Channel ${-id}`,
      ...(init.username ? { username: init.username } : {}),
      botStatus: init.botStatus ?? 'administrator',
      botRights: { can_post_messages: init.botRights?.can_post_messages ?? true, can_edit_messages: init.botRights?.can_edit_messages ?? true },
      members: init.members,
    });
  }

  #addChat(c: Omit<FakeChat, 'members' | 'topics' | 'nextMessageId'> & { members?: Record<number, MemberStatus> | undefined }): FakeChat {
    const { members, ...rest } = c;
    const chat: FakeChat = {
      ...rest,
      members: new Map(Object.entries(members ?? {}).map(([k, v]) => [Number(k), v])),
      topics: new Map(),
      nextMessageId: 1,
    };
    this.chats.set(chat.id, chat);
    if (chat.username) this.#byUsername.set(chat.username.toLowerCase().replace(/^@/, ''), chat.id);
    return chat;
  }

  createTopic(chatRef: ChatRef, name: string): number {
    const chat = this.chatOrThrow(chatRef);
    if (!chat.is_forum) throw new Error(`chat ${chat.id} is not a forum`);
    const id = chat.nextMessageId++;
    chat.topics.set(id, name);
    return id;
  }

  /** Looks a chat up as Telegram resolves chat_id; undefined when unknown. */
  findChat(ref: unknown): FakeChat | undefined {
    if (typeof ref === 'number') return this.chats.get(ref);
    if (typeof ref !== 'string') return undefined;
    if (/^-?\d+$/.test(ref)) return this.chats.get(Number(ref));
    if (ref.startsWith('@')) {
      const id = this.#byUsername.get(ref.slice(1).toLowerCase());
      return id === undefined ? undefined : this.chats.get(id);
    }
    return undefined;
  }

  chatOrThrow(ref: unknown, field = 'chat_id'): FakeChat {
    if (ref === undefined || ref === null || ref === '') throw badRequest(`${field} is empty`);
    const chat = this.findChat(ref);
    if (!chat) throw badRequest('chat not found');
    return chat;
  }

  /** The checks Telegram makes before the bot may post into a chat. */
  assertCanSend(chat: FakeChat): void {
    if (chat.migratedTo !== undefined) {
      throw badRequest('group chat was upgraded to a supergroup chat', { migrate_to_chat_id: chat.migratedTo });
    }
    const where = chatNoun(chat.type);
    if (chat.type === 'private') {
      if (chat.deactivated) throw forbidden('user is deactivated');
      if (chat.botStatus === 'kicked') throw forbidden('bot was blocked by the user');
      if (chat.botStatus === 'left') throw forbidden("bot can't initiate conversation with a user");
      return;
    }
    if (chat.botStatus === 'kicked') throw forbidden(`bot was kicked from the ${where}`);
    if (chat.botStatus === 'left') throw forbidden(`bot is not a member of the ${where}`);
    if (chat.type === 'channel' && chat.botStatus !== 'administrator' && chat.botStatus !== 'creator') {
      throw badRequest('need administrator rights in the channel chat');
    }
    // An administrator without "Post messages" may not post either.
    if (chat.type === 'channel' && chat.botStatus === 'administrator' && chat.botRights?.can_post_messages === false) {
      throw badRequest('need administrator rights in the channel chat');
    }
  }

  memberStatus(chat: FakeChat, userId: number): MemberStatus {
    if (userId === this.bot.id) return chat.botStatus;
    if (chat.type === 'private') return chat.id === userId ? 'member' : 'left';
    return chat.members.get(userId) ?? 'left';
  }

  storeMessage(m: Omit<FakeMessage, 'message_id' | 'date' | 'at' | 'edits' | 'deleted' | 'pinned'>): FakeMessage {
    const chat = this.chatOrThrow(m.chat_id);
    const msg: FakeMessage = {
      ...m,
      message_id: chat.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      at: this.now(),
      edits: [],
      deleted: false,
      pinned: false,
    };
    this.messages.push(msg);
    return msg;
  }

  findMessage(chatId: number, messageId: unknown): FakeMessage | undefined {
    const id = Number(messageId);
    return this.messages.find((m) => m.chat_id === chatId && m.message_id === id && !m.deleted);
  }

  /** Telegram's file ids are opaque; these only need to be unique and stable. */
  newFileId(): { file_id: string; file_unique_id: string } {
    const n = this.#nextFileId++;
    return { file_id: `AgACAgIAAxkBAAFake${n}`, file_unique_id: `AQADFake${n}` };
  }

  newQueryId(): string {
    return `${this.bot.id}${String(this.#nextQueryId++).padStart(6, '0')}`;
  }
}

export function chatNoun(type: ChatType): string {
  switch (type) {
    case 'private':
      return 'private chat';
    case 'group':
      return 'group chat';
    case 'supergroup':
      return 'supergroup chat';
    case 'channel':
      return 'channel chat';
  }
}
