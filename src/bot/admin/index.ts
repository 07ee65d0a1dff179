import { Composer } from 'grammy';
import type { HeraldContext } from '../context.js';
import { adminsFeature } from './admins.js';
import { breakingFeature, type BreakingDeps } from './breaking.js';
import { broadcastsFeature } from './broadcasts.js';
import { feedsFeature } from './feeds.js';
import { adminGuard } from './guard.js';
import { statsFeature } from './stats.js';

export type { AdminDeps } from './deps.js';
export type { BreakingDeps } from './breaking.js';

/** The editors' features, all behind the guard that checks the sender on every update. */
export function adminFeatures(deps: BreakingDeps): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.use(adminGuard(deps));
  composer.use(adminsFeature(deps));
  composer.use(breakingFeature(deps));
  composer.use(broadcastsFeature(deps));
  composer.use(feedsFeature(deps));
  composer.use(statsFeature(deps));
  return composer;
}
