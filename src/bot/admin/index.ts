import { Composer } from 'grammy';
import type { HeraldContext } from '../context.js';
import { adminsFeature } from './admins.js';
import { breakingFeature, type BreakingDeps } from './breaking.js';
import { broadcastsFeature } from './broadcasts.js';
import { feedsFeature } from './feeds.js';
import { editorsOnly } from './guard.js';
import { statsFeature } from './stats.js';

export type { AdminDeps } from './deps.js';
export type { BreakingDeps } from './breaking.js';

/** The editors' features, reachable only through the gate that checks the sender on every update. */
export function adminFeatures(deps: BreakingDeps): Composer<HeraldContext> {
  const features = new Composer<HeraldContext>();
  features.use(adminsFeature(deps));
  features.use(breakingFeature(deps));
  features.use(broadcastsFeature(deps));
  features.use(feedsFeature(deps));
  features.use(statsFeature(deps));
  return editorsOnly(deps, features);
}
