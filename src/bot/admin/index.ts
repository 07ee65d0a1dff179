import { Composer } from 'grammy';
import type { HeraldContext } from '../context.js';
import { adminsFeature } from './admins.js';
import { breakingFeature } from './breaking.js';
import { dashboardFeature } from './dashboard.js';
import { broadcastsFeature } from './broadcasts.js';
import { channelsFeature } from './channels.js';
import type { AdminDeps } from './deps.js';
import { feedsFeature } from './feeds.js';
import { editorsOnly } from './guard.js';
import { statsFeature } from './stats.js';

export type { AdminDeps } from './deps.js';

/**
 * The editors' features, reachable only through the gate that checks the sender on every
 * update. Like the readers' features they use `ctx.herald` and `ctx.reader` (clock, the
 * editor's language), so createBot runs readerContext before them.
 */
export function adminFeatures(deps: AdminDeps): Composer<HeraldContext> {
  const features = new Composer<HeraldContext>();
  features.use(adminsFeature(deps));
  features.use(breakingFeature(deps));
  features.use(broadcastsFeature());
  features.use(channelsFeature(deps));
  features.use(dashboardFeature(deps.webAppUrl));
  features.use(feedsFeature(deps));
  features.use(statsFeature());
  return editorsOnly(features);
}
