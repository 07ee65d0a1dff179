import type { Context } from 'grammy';
import type { Db } from '../db/create-db.js';
import type { Logger } from '../logger.js';

/** What every handler may use, attached once per update. */
export interface HeraldFlavor {
  herald: {
    db: Db;
    log: Logger;
  };
}

export type HeraldContext = Context & HeraldFlavor;
