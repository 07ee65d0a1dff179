import type { ConversationFlavor } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import type { Db } from '../db/create-db.js';
import type { Logger } from '../logger.js';
import type { ReaderFlavor } from './features/reader.js';

/** What every handler may use, attached once per update. */
export interface HeraldFlavor {
  herald: {
    db: Db;
    log: Logger;
  };
}

/** The context outside conversations; `conversation` lets handlers enter and leave dialogues. */
export type HeraldBaseContext = Context & HeraldFlavor & ReaderFlavor;
export type HeraldContext = ConversationFlavor<HeraldBaseContext>;
