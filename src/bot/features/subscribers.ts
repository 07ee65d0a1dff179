import { conversations, createConversation, type ConversationData, type VersionedState } from '@grammyjs/conversations';
import { Composer, type Context } from 'grammy';
import type { Db } from '../../db/create-db.js';
import type { Logger } from '../../logger.js';
import { conversationStore } from '../../stores/conversations.js';
import { ONBOARDING, onboardingConversation } from '../conversations/onboarding.js';
import type { HeraldBaseContext, HeraldContext } from '../context.js';
import { forumRoutesFeature } from './forum-routes.js';
import { groupsFeature } from './groups.js';
import { helpFeature } from './help.js';
import { keywordsFeature } from './keywords.js';
import { latestFeature } from './latest.js';
import { membershipFeature } from './membership.js';
import { regionsFeature } from './regions.js';
import { settingsFeature } from './settings.js';
import { startFeature } from './start.js';
import { stopFeature } from './stop.js';
import type { TaxonomyView } from '../../readers/taxonomy-view.js';
import { topicsFeature } from './topics.js';

export interface SubscriberFeatureDeps {
  db: Db;
  /** For what a dialogue logs (handlers use ctx.herald.log). */
  logger: Logger;
  taxonomy: TaxonomyView;
  now: () => Date;
  /** The Mini App's settings page, offered by /settings and at the end of onboarding. */
  webAppUrl?: string;
}

/**
 * Everything a reader (or a group's admins) can do: onboarding, /topics, /regions,
 * /keywords, /settings, /latest, /stop, /forget, /help. Updates it does not handle pass on.
 * createBot puts the reader's context and the per-user rate limit in front of it.
 */
export function subscriberFeatures(deps: SubscriberFeatureDeps): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.use(membershipFeature());
  composer.use(groupsFeature());
  composer.use(forumRoutesFeature());
  composer.use(
    conversations<HeraldBaseContext, Context>({
      storage: {
        type: 'key',
        prefix: 'conv:',
        adapter: conversationStore<VersionedState<ConversationData>>(deps.db, deps.now),
      },
    }),
  );
  composer.use(createConversation<HeraldBaseContext, Context>(onboardingConversation(deps), ONBOARDING));
  composer.use(startFeature());
  composer.use(helpFeature());
  composer.use(topicsFeature());
  composer.use(regionsFeature());
  composer.use(keywordsFeature());
  composer.use(settingsFeature(deps.webAppUrl));
  composer.use(latestFeature());
  composer.use(stopFeature());
  return composer;
}
