import type { ChannelTexts } from './channel-texts.js';
import type { PageTexts } from './page-texts.js';

/**
 * Every text the bot writes, one implementation per language (en.ts, ru.ts). Texts are
 * Telegram HTML; functions escape the values they are given, so callers pass raw strings.
 */
/** The editors' /channels and /breaking's channel and language choices come from channel-texts.ts. */
export interface Catalog extends ChannelTexts {
  languageName: string;
  /** The Mini App pages' texts (plain text): page-texts.ts. */
  page: PageTexts;

  // Onboarding
  welcome(name: string): string;
  onboardingTopics: string;
  onboardingRegions: string;
  onboardingMode: string;
  onboardingDone(summary: string): string;
  onboardingUseButtons: string;
  onboardingStepOver: string;
  /** The dialogue ended itself after many presses; what was chosen is kept. */
  onboardingTooLong(summary: string): string;
  next: string;
  all: string;
  none: string;
  back: string;
  instant: string;
  digest: string;

  // /start variants
  welcomeBack(summary: string): string;
  alreadySubscribed(summary: string): string;
  deepLinkFollowed(label: string): string;
  deepLinkUnknown: string;

  // Summaries
  summary(parts: { topics: string; regions: string; keywords: string; delivery: string }): string;
  allTopics: string;
  allRegions: string;
  noKeywords: string;
  deliveryInstant: string;
  deliveryDigest(hour: string, timeZone: string): string;

  // Menus
  topicsTitle: string;
  regionsTitle: string;
  countriesTitle(region: string): string;
  menuOutdated: string;
  saved: string;
  startFirst: string;

  // /keywords
  keywordsHelp(max: number, maxLength: number): string;
  keywordsList(keywords: string[]): string;
  keywordsEmpty: string;
  keywordAdded(keyword: string): string;
  keywordRemoved(keyword: string): string;
  keywordNotFound(keyword: string): string;
  keywordAlreadyThere(keyword: string): string;
  keywordTooLong(max: number): string;
  keywordTooShort: string;
  keywordTooMany(max: number): string;
  keywordControlCharacters: string;
  keywordMarkup: string;
  keywordsCleared: string;

  // /settings
  settingsTitle(parts: { mode: string; digestHour: string; timeZone: string; localTime: string; quiet: string; language: string }): string;
  settingsMode(mode: string): string;
  settingsDigestHour(hour: string): string;
  settingsQuiet(quiet: string): string;
  settingsTimeZone(timeZone: string): string;
  settingsLanguage: string;
  /** Languages of items (issue #17): each language's name, the /settings button, the onboarding offer. */
  itemLanguageName: Record<'en' | 'ru' | 'az', string>;
  settingsItemLanguages(names: string): string;
  itemLanguagesSaved(names: string): string;
  itemLanguagesKeepOne: string;
  onboardingItemLanguages(names: string): string;
  digestHourTitle: string;
  quietTitle: string;
  quietOff: string;
  quietRange(from: string, to: string): string;
  timeZoneHelp: string;
  timeZoneSet(timeZone: string, localTime: string): string;
  timeZoneUnknown(input: string): string;
  quietHelp: string;
  quietSet(from: string, to: string): string;
  quietCleared: string;
  quietInvalid: string;
  digestHourSet(hour: string): string;
  digestHourInvalid: string;
  languageSet: string;

  // /latest
  latestInvalid(max: number): string;
  latestNone: string;

  // /stop and /forget
  stopConfirm: string;
  stopYes: string;
  stopped: string;
  alreadyStopped: string;
  forgetConfirm: string;
  forgetYes: string;
  forgotten: string;
  cancel: string;
  cancelled: string;
  confirmationExpired: string;

  // Help and fallbacks
  help: string;
  fallback: string;
  rateLimited: string;
  /** The database is down or restarting: the update could not be handled, ask again shortly. */
  databaseUnavailable: string;

  // Groups
  groupHello: string;
  adminsOnly: string;
  groupSubscribed: string;
  groupSubscribedTopic: string;

  // Forum topics (/route, /unroute)
  routeNotInTopic: string;
  routeUnknown(text: string): string;
  routeSet(label: string): string;
  routeRemoved(label: string): string;
  routeNone(label: string): string;
  unrouteUsage: string;
  routeList(routes: { label: string; here: boolean; threadId: number }[]): string;

  // Digests and quiet hours
  digestTitle(date: string): string;
  digestContinued: string;
  quietCollapsed(count: number): string;
  otherSection: string;
  sectionLabel(section: string): string;

  // Editors (src/bot/admin). Plain text, sent without parse_mode, unless marked HTML: plain
  // texts take raw values and must not escape them; HTML ones escape what they are given.

  // The editors' gate
  editorsPrivateOnly: string;
  editorsOnlyButton: string;
  /** `command` as typed, with its slash: "/stats". */
  editorsOnlyCommand(command: string): string;

  // /admins
  adminsUsage: string;
  /** HTML: the list of editors, or a line saying there are none. */
  adminsList(editors: EditorEntry[]): string;
  adminsForwardAsk: string;
  adminsNotUserId(text: string): string;
  adminsFromConfig(userId: number): string;
  adminsNotYourself: string;
  adminsNotEditor(userId: number): string;
  adminsRemoved(userId: number): string;
  adminsNotForwarded: string;
  adminsHiddenAccount: string;
  adminsAlready(userId: number): string;
  adminsAdded(userId: number, name: string | null): string;

  // /breaking
  breakingAsk: string;
  breakingEmpty: string;
  breakingTooLong(p: { length: number; limit: number; room: number; label: string; photo: boolean }): string;
  /** Why the editor's message cannot be the post (breakingEmpty, breakingTooLong), and what to do. */
  breakingSendCorrected(reason: string): string;
  /** Telegram's own description of why it refused the preview. */
  breakingRefused(reason: string): string;
  breakingRefusedNoReason: string;
  /** `status`: the broadcast's status as stored (sending, done, cancelled, …). */
  breakingAlready(id: number, status: string): string;
  breakingDraftGone: string;
  breakingAlreadyDone: string;
  breakingSendingToast: string;
  breakingQueued(id: number, channels: number, readers: number): string;
  breakingCancelledToast: string;
  breakingDiscarded(id: number): string;
  breakingChoiceGone: string;
  /** HTML: the draft's settings under its preview. */
  breakingControl(draft: BreakingControl): string;
  breakingEveryone: string;
  breakingChooseAudience: string;
  breakingEditAudience: string;
  breakingPassQuiet: string;
  breakingRespectQuiet: string;
  breakingPin(hours: number): string;
  breakingNoPin: string;
  breakingSendNow: string;
  breakingCancelButton: string;
  breakingNoChoices: string;
  breakingDone: string;

  // /broadcasts and /cancel N
  broadcastsNone: string;
  /** HTML */
  broadcastsTitle: string;
  /** HTML: one broadcast's progress. */
  broadcastLine(b: BroadcastLine): string;
  cancelStopped: string;
  cancelNothing: string;
  cancelNotNumber(text: string): string;
  cancelUnknown(id: number): string;
  cancelFinished(id: number, status: string): string;
  cancelDone(id: number, stopped: number): string;

  // /feeds
  feedsUsage: string;
  feedsAddUsage: string;
  feedsIdUsage(verb: 'pause' | 'resume' | 'remove' | 'section'): string;
  feedsBadSection(section: string): string;
  feedsChecking: string;
  feedsNotAdded(reason: string): string;
  feedsExists(id: number): string;
  feedsAdded(p: { id: number; name: string; via: string | null; entries: number }): string;
  feedsUnknown(id: number): string;
  feedPaused(id: number, name: string): string;
  feedResumed(id: number, name: string): string;
  feedRemoved(id: number, name: string): string;
  feedSectionSet(id: number, name: string, section: string): string;
  /** HTML */
  feedsNone: string;
  /** HTML */
  feedsTitle(count: number): string;
  /** HTML: one feed and its health. */
  feedLine(feed: FeedLine): string;
  // Checking a new feed's address (the reasons go into feedsNotAdded)
  feedNotAddress(input: string): string;
  feedBadScheme(scheme: string): string;
  feedFetchFailed(address: string, reason: string): string;
  feedNotModified(address: string): string;
  feedNotFeed(address: string, reason: string): string;
  feedNotFeedAtAll(input: string): string;

  // /stats
  /** HTML */
  statsReport(stats: StatsReport): string;

  // /dashboard
  dashboardOpen: string;
  dashboardButton: string;
  dashboardOff: string;

  // Alerts to editors (jobs/alerts.ts), HTML; durations in milliseconds
  alertFeedFailing(feed: { id: number; name: string; failures: number; lastError: string }): string;
  alertFeedRecovered(feed: { id: number; name: string }): string;
  alertFeedSilent(feed: { id: number; name: string; silentForMs: number; usualGapMs: number }): string;
  alertSenderStalled(due: number, oldestWaitingMs: number): string;
  alertSenderResumed: string;
  alertQueueGrowing(growingForMs: number, due: number): string;
  /** The database unreachable, or up with its disk full (or out of memory or connections), for longer than the alert threshold: sent directly, held in memory. */
  alertDatabaseDown(problem: 'unreachable' | 'disk-full' | 'resources', forMs: number): string;
  alertDatabaseBack(forMs: number): string;
  /** The same outage told after it ended, by an instance that held its alert (no instance could tell it while it lasted). */
  alertDatabaseWasDown(problem: 'unreachable' | 'disk-full' | 'resources', forMs: number): string;
  /** Telegram did not answer sends for longer than the alert threshold: told once it answers again, since alerts go over Telegram. */
  alertTelegramBack(silentForMs: number): string;
  /**
   * Herald's sends still get no answer from Telegram, yet this alert got through (another instance,
   * or the sender itself is what is stuck): told while it lasts, never as "resumed".
   */
  alertTelegramNotAnswering(silentForMs: number): string;

  /** Telegram's command menu (setMyCommands), plain text. */
  commandDescriptions: CommandDescriptions;
}

/** One description per entry of the command menus (bot/commands.ts); group entries differ where groups use a command differently. */
export interface CommandDescriptions {
  start: string;
  topics: string;
  regions: string;
  keywords: string;
  settings: string;
  latest: string;
  stop: string;
  forget: string;
  help: string;
  groupStart: string;
  groupSettings: string;
  groupRoute: string;
  groupUnroute: string;
  groupStop: string;
  breaking: string;
  broadcasts: string;
  cancel: string;
  feeds: string;
  channels: string;
  stats: string;
  dashboard: string;
  admins: string;
}

/** One editor in /admins. */
export interface EditorEntry {
  userId: number;
  name: string | null;
  /** Listed in the ADMIN_IDS setting. */
  fromConfig: boolean;
  addedBy: number | null;
  /** YYYY-MM-DD */
  addedOn: string;
}

export interface BreakingControl {
  id: number;
  topics: string[];
  regions: string[];
  /** Active readers in the audience. */
  readers: number;
  /** HTML lines (channel-texts.ts): which channels and which readers' languages. */
  channels: string;
  languages: string;
  passQuietHours: boolean;
  pinHours: number | null;
}

export interface BroadcastLine {
  id: number;
  /** As stored: sending, done, cancelled. */
  status: string;
  /** "YYYY-MM-DD HH:MM", UTC. */
  created: string;
  /** The start of the post, plain text. */
  head: string;
  sent: number;
  failed: number;
  waiting: number;
  cancelled: number;
  /** While sending: the current rate and its finish ("HH:MM" UTC), or stalled (nothing sent lately). */
  progress: { perSecond: number; finish: string } | 'stalled' | null;
}

export interface FeedLine {
  id: number;
  /** The feed's title, or its address. */
  name: string;
  url: string;
  state: 'paused' | 'failing' | 'healthy' | 'new';
  failures: number;
  section: string;
  /** Minutes since the last successful fetch; null: never. */
  lastSuccessMinutes: number | null;
  itemsPerDay: number;
  /** Shown while failing. */
  lastError: string | null;
}

export interface StatsReport {
  readers: { active: number; stopped: number; blocked: number; newLastDay: number; newLastWeek: number; lostLastWeek: number };
  /** Deliveries of the last 24 h by status (as stored: sent, failed, pending, …), in display order. */
  deliveries: [status: string, count: number][];
  rateLimitWaitSeconds: number;
  topTopics: { name: string; readers: number }[];
  topRegions: { name: string; readers: number }[];
  /** Each channel's posts sent in the last 24 h and waiting now; none: the section is left out. */
  channels: { id: number; name: string; paused: boolean; sent: number; waiting: number }[];
}
