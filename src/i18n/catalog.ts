/**
 * Every text the bot writes, one implementation per language (en.ts, ru.ts). Texts are
 * Telegram HTML; functions escape the values they are given, so callers pass raw strings.
 */
export interface Catalog {
  languageName: string;

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
  /** Heads the one message /latest answers with. */
  latestTitle(count: number): string;

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
}
