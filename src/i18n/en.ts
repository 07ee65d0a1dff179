import { escapeHtml as e } from '../html.js';
import type { Catalog } from './catalog.js';
import { channelsEn } from './channel-texts.js';
import { pageEn } from './page-texts.js';

const SECTIONS: Record<string, string> = {
  analytics: '📊 Analytics',
  news: '📰 News',
  interview: '🎙 Interviews',
  opinion: '💬 Opinion',
  breaking: '🚨 Breaking',
};

const ADMINS_USAGE = 'Use /admins to list editors, /admins add <user id> (or /admins add, then forward me a message of theirs), /admins remove <user id>.';

const FEEDS_USAGE = [
  '/feeds: the list with each feed’s health',
  '/feeds add <address> [section]',
  '/feeds pause <id>, /feeds resume <id>, /feeds remove <id>',
  '/feeds section <id> <section>',
].join('\n');

const s = (n: number) => (n === 1 ? '' : 's');

function ago(minutes: number | null): string {
  if (minutes === null) return 'never';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} days ago`;
}

export const en: Catalog = {
  page: pageEn,
  ...channelsEn,
  languageName: 'English',

  welcome: (name) => `Welcome to Herald, ${e(name)}! Three taps and you will get only the news you want.`,
  onboardingTopics:
    '<b>Step 1 of 3: topics.</b>\nTap the topics you want (✅ marks a choice). Choose none to get every topic. Then tap Next.',
  onboardingRegions:
    '<b>Step 2 of 3: regions.</b>\nTap the regions you want. Choose none to get every region. You can pick single countries later with /regions.',
  onboardingMode: '<b>Step 3 of 3: how should the news arrive?</b>\nInstantly, as it is published, or once a day in a digest.',
  onboardingDone: (summary) =>
    `<b>All set!</b>\n${summary}\n\nChange anything with /topics, /regions, /keywords or /settings. /latest shows recent news.`,
  onboardingUseButtons: 'Please use the buttons above, or send /start to begin again.',
  onboardingTooLong: (summary) =>
    `<b>That was a lot of changes, so I have saved them and finished the setup.</b>\n${summary}\n\nChange anything with /topics, /regions, /keywords or /settings.`,
  onboardingStepOver: 'This step is already finished. Use /topics, /regions or /settings to change your choices.',
  next: 'Next ›',
  all: 'All',
  none: 'None',
  back: '‹ Back',
  instant: '⚡ Instantly',
  digest: '🗞 Daily digest',

  welcomeBack: (summary) => `<b>Welcome back!</b> Your earlier choices are restored.\n${summary}`,
  alreadySubscribed: (summary) =>
    `You are subscribed.\n${summary}\n\nChange anything with /topics, /regions, /keywords or /settings.`,
  deepLinkFollowed: (label) => `You now follow <b>${e(label)}</b>. Fine-tune with /topics, /regions and /settings.`,
  deepLinkUnknown: 'That link does not point to anything Herald knows. Send /start to choose your news.',

  summary: ({ topics, regions, keywords, delivery }) =>
    `Topics: ${e(topics)}\nRegions: ${e(regions)}\nKeywords: ${e(keywords)}\nDelivery: ${e(delivery)}`,
  allTopics: 'all topics',
  allRegions: 'all regions',
  noKeywords: 'none',
  deliveryInstant: 'instantly',
  deliveryDigest: (hour, timeZone) => `daily digest at ${hour} (${timeZone})`,

  topicsTitle: '<b>Topics</b>\nTap to choose (✅). None chosen means every topic.',
  regionsTitle: '<b>Regions</b>\nTap to choose (✅), or › to pick single countries. None chosen means every region.',
  countriesTitle: (region) => `<b>${e(region)}</b>\nPick single countries, or choose the whole region on the previous screen.`,
  menuOutdated: 'This menu was out of date; it now shows your current choices. Tap again.',
  saved: 'Saved',
  startFirst: 'Send /start first to subscribe.',

  keywordsHelp: (max, maxLength) =>
    [
      '<b>Keywords</b> bring you any story that mentions them, whatever its topic or region.',
      '',
      '/keywords add <i>word or phrase</i>',
      '/keywords remove <i>word or phrase</i>',
      '/keywords clear',
      '/keywords (on its own) lists yours.',
      '',
      `Whole words, any letter case, English or Russian; at most ${max} keywords of up to ${maxLength} characters.`,
    ].join('\n'),
  keywordsList: (keywords) => `<b>Your keywords</b>\n${keywords.map((k) => `• ${e(k)}`).join('\n')}`,
  keywordsEmpty: 'You follow no keywords yet.',
  keywordAdded: (k) => `Added “${e(k)}”.`,
  keywordRemoved: (k) => `Removed “${e(k)}”.`,
  keywordNotFound: (k) => `“${e(k)}” is not one of your keywords.`,
  keywordAlreadyThere: (k) => `You already follow “${e(k)}”.`,
  keywordTooLong: (max) => `That keyword is too long: at most ${max} characters, please.`,
  keywordTooShort: 'A keyword needs at least two letters or digits.',
  keywordTooMany: (max) => `You already have ${max} keywords, the most allowed. Remove one first.`,
  keywordControlCharacters: 'A keyword cannot contain control characters or line breaks.',
  keywordMarkup: 'A keyword is plain text: the characters &lt; and &gt; are not allowed.',
  keywordsCleared: 'All your keywords are removed.',

  settingsTitle: ({ mode, digestHour, timeZone, localTime, quiet, language }) =>
    [
      '<b>Settings</b>',
      `Delivery: ${e(mode)}`,
      `Digest hour: ${e(digestHour)}`,
      `Time zone: ${e(timeZone)} (your time now: ${e(localTime)})`,
      `Quiet hours: ${e(quiet)}`,
      `Language: ${e(language)}`,
    ].join('\n'),
  settingsMode: (mode) => `Delivery: ${mode}`,
  settingsDigestHour: (hour) => `Digest hour: ${hour} ›`,
  settingsQuiet: (quiet) => `Quiet hours: ${quiet} ›`,
  settingsTimeZone: (tz) => `Time zone: ${tz}`,
  settingsLanguage: 'Язык: русский',
  itemLanguageName: { en: 'English', ru: 'Russian', az: 'Azerbaijani' },
  settingsItemLanguages: (names) => `📰 News in: ${names} ›`,
  itemLanguagesSaved: (names) => `News in: ${names}`,
  itemLanguagesKeepOne: 'Keep at least one language: the news has to come in one.',
  onboardingItemLanguages: (names) =>
    `📰 News reaches you in: <b>${e(names)}</b>. Tap a language below to receive its news too, or to stop it. A story published in two of your languages comes once, in the first.`,
  digestHourTitle: '<b>Digest hour</b>\nWhen should your daily digest arrive (your local time)?',
  quietTitle:
    '<b>Quiet hours</b>\nMessages wait during these hours and arrive when they end. For other hours send /quiet 22:30-07:00.',
  quietOff: 'off',
  quietRange: (from, to) => `${from}–${to}`,
  timeZoneHelp: 'Send /timezone with a city or a UTC offset, for example <code>/timezone Baku</code> or <code>/timezone +4</code>.',
  timeZoneSet: (tz, local) => `Time zone set to ${e(tz)}. Your time now: ${e(local)}.`,
  timeZoneUnknown: (input) =>
    `I do not know the time zone “${e(input)}”. Try a city such as Baku, Almaty or London, or an offset such as +4 or -5.`,
  quietHelp: 'Send <code>/quiet 22:00-07:00</code> to set quiet hours or <code>/quiet off</code> to end them.',
  quietSet: (from, to) => `Quiet hours set: ${e(from)}–${e(to)}. Messages that arrive then wait until the end.`,
  quietCleared: 'Quiet hours are off.',
  quietInvalid: 'I could not read those hours. Use the form 22:00-07:00 (start and end must differ), or “off”.',
  digestHourSet: (hour) => `Your digest will arrive at ${e(hour)}.`,
  digestHourInvalid: 'Send /digest with an hour from 0 to 23, for example /digest 8.',
  languageSet: 'I will speak English from now on.',

  latestInvalid: (max) => `Send /latest for the last 5 stories, or /latest N with N from 1 to ${max}.`,
  latestNone: 'Nothing matching your choices has been published recently.',

  stopConfirm: 'Stop all private messages from Herald? Your choices are kept: /start brings them back.',
  stopYes: 'Yes, stop',
  stopped: 'Stopped. You will get no more messages. Send /start whenever you want the news again.',
  alreadyStopped: 'Your messages are already stopped. Send /start to resume them.',
  forgetConfirm: 'Delete everything Herald stores about you (choices, keywords, settings)? This cannot be undone.',
  forgetYes: 'Yes, delete',
  forgotten: 'Done: everything Herald stored about you is deleted. Send /start to begin afresh.',
  cancel: 'Cancel',
  cancelled: 'Cancelled; nothing changed.',
  confirmationExpired: 'This question has expired. Send the command again.',

  help: [
    '<b>Herald</b> sends you the news you choose.',
    '',
    '/start — subscribe and choose your news',
    '/topics — choose topics',
    '/regions — choose regions and countries',
    '/keywords — follow words or phrases',
    '/settings — instant or digest, digest hour, time zone, quiet hours, language',
    '/latest [n] — the last n stories for you (up to 20)',
    '/stop — pause all messages',
    '/forget — delete your data',
    '',
    'In a group, its admins use the same commands; in a forum, /route Energy (any topic or region) sent inside a forum topic sends that news there.',
    '',
    '<b>What reaches you:</b> a story comes to you when it is about one of your topics <i>and</i> one of your regions or countries. Choosing no topics means all topics, and the same for regions. A story that mentions one of your keywords (as a whole word) always comes to you.',
  ].join('\n'),
  fallback: 'I did not understand that. Send /help to see what I can do.',
  rateLimited: 'Too many commands at once. Please wait a few seconds.',
  databaseUnavailable: 'Herald is briefly unavailable. Please try again in a minute.',

  groupHello:
    'Hello! An admin of this group can send /start to have Herald post news here, then /topics, /regions and /settings to choose what.',
  adminsOnly: 'Only the admins of this group can change Herald here.',
  groupSubscribed: 'This group now receives the news. Admins: /topics, /regions and /settings choose what; in a forum, /route in a forum topic gives a topic or region a forum topic of its own.',
  groupSubscribedTopic: 'This forum topic now receives the news. Admins: /topics, /regions and /settings choose what.',
  routeNotInTopic: 'Send /route inside the forum topic that should receive the news, for example <code>/route Energy</code> or <code>/route Central Asia</code>.',
  routeUnknown: (text) => `“${e(text)}” is not a topic or region. /topics and /regions show their names.`,
  routeSet: (label) => `This forum topic now receives everything about <b>${e(label)}</b>. Other news keeps its usual place.`,
  routeRemoved: (label) => `<b>${e(label)}</b> no longer has a forum topic of its own.`,
  routeNone: (label) => `<b>${e(label)}</b> has no forum topic of its own.`,
  unrouteUsage: 'Usage: <code>/unroute Energy</code> (a topic or region).',
  routeList: (routes) =>
    routes.length === 0
      ? 'No forum topic has news of its own yet. In a forum topic, send <code>/route Energy</code> (any topic or region) to send it there.'
      : ['Forum topics and what they receive:', ...routes.map((r) => `• <b>${e(r.label)}</b> → ${r.here ? 'this topic' : `topic #${r.threadId}`}`)].join('\n'),

  digestTitle: (date) => `🗞 <b>Your digest for ${e(date)}</b>`,
  digestContinued: '🗞 <b>Digest, continued</b>',
  quietCollapsed: (count) => `🌙 <b>${count} stories arrived during your quiet hours</b>`,
  otherSection: '🗂 Other',
  sectionLabel: (section) => SECTIONS[section] ?? e(section.charAt(0).toUpperCase() + section.slice(1)),

  editorsPrivateOnly: 'Editors’ commands work in a private chat with me, so that nothing is shown to the group.',
  editorsOnlyButton: 'Only Herald’s editors can use this button.',
  editorsOnlyCommand: (command) => `Sorry, ${command} is only for Herald’s editors.`,

  adminsUsage: ADMINS_USAGE,
  adminsList: (editors) => {
    if (editors.length === 0) return 'There are no editors yet.';
    const lines = editors.map((a) => {
      const who = a.name ? `${e(a.name)} (<code>${a.userId}</code>)` : `<code>${a.userId}</code>`;
      const how = a.fromConfig ? 'from ADMIN_IDS' : a.addedBy ? `added by ${a.addedBy} on ${e(a.addedOn)}` : 'added';
      return `• ${who}: ${how}`;
    });
    return [`<b>Editors</b> (${editors.length})`, ...lines, '', e(ADMINS_USAGE)].join('\n');
  },
  adminsForwardAsk: 'Forward me any message from the person to make an editor (or send /cancel to stop).',
  adminsNotUserId: (text) => `“${text}” is not a Telegram user id (digits only). ${ADMINS_USAGE}`,
  adminsFromConfig: (userId) => `${userId} is an editor through the ADMIN_IDS setting; remove it there and restart Herald.`,
  adminsNotYourself: 'You cannot remove yourself; ask another editor.',
  adminsNotEditor: (userId) => `${userId} is not an editor; nothing changed.`,
  adminsRemoved: (userId) => `${userId} is no longer an editor.`,
  adminsNotForwarded: 'That is not a forwarded message. Forward me a message from the new editor, or send /cancel.',
  adminsHiddenAccount: 'That person hides their account in forwarded messages. Ask them for their numeric user id and send /admins add <id>.',
  adminsAlready: (userId) => `${userId} is already an editor.`,
  adminsAdded: (userId, name) => `${name ? `${name} (${userId})` : userId} is now an editor.`,

  breakingAsk: 'Send the breaking news: a text, a photo with a caption, or forward a message. Send /cancel to stop.',
  breakingEmpty: 'The message has no text. Send the breaking news as text, as a photo with a caption, or forward a message.',
  breakingTooLong: ({ length, limit, room, label, photo }) =>
    `Too long: your text has ${length} characters. ${photo ? 'A photo caption' : 'A text post'} holds at most ${limit} characters, which leaves ${room} for your text after the “${label}” label. Shorten it${photo ? ', or send it as text without the photo' : ''}.`,
  breakingSendCorrected: (reason) => `${reason}\n\nSend a corrected version, or /cancel.`,
  breakingRefused: (reason) => `Telegram refused this post (${reason}), so it cannot go out as it is. Send /breaking to try again.`,
  breakingRefusedNoReason: 'Telegram did not accept it',
  breakingAlready: (id, status) => `Broadcast #${id} is already ${status}.`,
  breakingDraftGone: 'This draft no longer exists.',
  breakingAlreadyDone: 'Already sent or cancelled.',
  breakingSendingToast: 'Sending.',
  breakingQueued: (id, channels, readers) => {
    const where = [channels > 0 ? (channels === 1 ? 'the channel' : `${channels} channels`) : null, `${readers} reader${s(readers)}`].filter(Boolean).join(' and ');
    return `🚨 Breaking news #${id} is going out to ${where}.\nWatch it with /broadcasts; stop it with /cancel ${id}.`;
  },
  breakingCancelledToast: 'Cancelled.',
  breakingDiscarded: (id) => `Breaking news #${id} cancelled: nothing was sent.`,
  breakingChoiceGone: 'That choice is no longer offered.',
  breakingControl: (d) => {
    const who =
      d.topics.length === 0 && d.regions.length === 0
        ? 'everyone'
        : [d.topics.length ? `topics ${d.topics.join(', ')}` : null, d.regions.length ? `regions ${d.regions.join(', ')}` : null].filter(Boolean).join('; ');
    return [
      `<b>Breaking news #${d.id}</b> (draft). Above is the exact post readers will see.`,
      '',
      `Audience: ${e(who)}: <b>${d.readers}</b> active reader${s(d.readers)}`,
      d.channels,
      d.languages,
      `Quiet hours: ${d.passQuietHours ? 'passed (readers in quiet hours get it now)' : 'respected (those readers get it when their quiet hours end)'}`,
      `Pin in the channel: ${d.pinHours ? `yes, for ${d.pinHours} h` : 'no'}`,
    ].join('\n');
  },
  breakingEveryone: 'Everyone',
  breakingChooseAudience: 'Choose topics/regions',
  breakingEditAudience: '✏️ Topics/regions',
  breakingPassQuiet: '🔔 Passing quiet hours',
  breakingRespectQuiet: '🌙 Respecting quiet hours',
  breakingPin: (hours) => `📌 Pin ${hours} h`,
  breakingNoPin: '📌 No pin',
  breakingSendNow: '✅ Send now',
  breakingCancelButton: '✖️ Cancel',
  breakingNoChoices: 'No reader follows a topic or region yet',
  breakingDone: '⬅️ Done',

  broadcastsNone: 'No breaking news has been sent yet. Send /breaking to start one.',
  broadcastsTitle: '<b>Recent breaking news</b>',
  broadcastLine: (b) => {
    const total = b.sent + b.failed + b.waiting + b.cancelled;
    const done = total - b.waiting;
    const counts = `${done} of ${total} done (${total > 0 ? Math.floor((done / total) * 100) : 100}%) · sent ${b.sent} · failed ${b.failed} · waiting ${b.waiting}${b.cancelled ? ` · cancelled ${b.cancelled}` : ''}`;
    const progress =
      b.progress === null ? ''
      : b.progress === 'stalled' ? '\nno sends in the last 5 minutes (quiet hours or a paused sender)'
      : `\n${b.progress.perSecond.toFixed(1)}/s, estimated finish ${e(b.progress.finish)} UTC`;
    return `<b>#${b.id}</b> ${e(b.status)}, ${e(b.created)} UTC\n${e(b.head)}\n${counts}${progress}`;
  },
  cancelStopped: 'Stopped. Nothing was changed.',
  cancelNothing: 'Nothing to stop. To stop a broadcast, send /cancel N (numbers are in /broadcasts).',
  cancelNotNumber: (text) => `“${text}” is not a broadcast number. Send /cancel N with a number from /broadcasts.`,
  cancelUnknown: (id) => `There is no broadcast #${id}. See /broadcasts for the numbers.`,
  cancelFinished: (id, status) => `Broadcast #${id} is already ${status}; there is nothing left to stop.`,
  cancelDone: (id, stopped) => `Broadcast #${id} stopped: ${stopped} message${s(stopped)} will not be sent. Messages already sent stay.`,

  feedsUsage: FEEDS_USAGE,
  feedsAddUsage: 'Usage: /feeds add <address> [section]',
  feedsIdUsage: (verb) => `Usage: /feeds ${verb} <id>${verb === 'section' ? ' <section>' : ''} (ids are in /feeds)`,
  feedsBadSection: (section) => `“${section}” is not a section name: use lower-case letters, digits and dashes, such as news or analytics.`,
  feedsChecking: 'Checking that address…',
  feedsNotAdded: (reason) => `${reason}\n\nNothing was added.`,
  feedsExists: (id) => `That feed is already on the list as #${id}.`,
  feedsAdded: ({ id, name, via, entries }) =>
    `Added feed #${id}: ${name}${via ? ` (found through ${via})` : ''}, ${entries} items now. Its first poll records them and posts only the newest.`,
  feedsUnknown: (id) => `There is no feed #${id}. See /feeds for the ids.`,
  feedPaused: (id, name) => `Feed #${id} (${name}) paused: it will not be fetched until /feeds resume.`,
  feedResumed: (id, name) => `Feed #${id} (${name}) resumed: it is fetched at the next poll.`,
  feedRemoved: (id, name) => `Feed #${id} (${name}) removed, with its stored items.`,
  feedSectionSet: (id, name, section) => `Feed #${id} (${name}) now in section “${section}”.`,
  feedsNone: 'No feeds yet.',
  feedsTitle: (count) => `<b>Feeds</b> (${count})`,
  feedLine: (f) => {
    const state =
      f.state === 'paused' ? '⏸ paused'
      : f.state === 'failing' ? `⚠️ failing (${f.failures} in a row)`
      : f.state === 'healthy' ? '✅ healthy'
      : '🕓 not fetched yet';
    const lines = [
      `<b>#${f.id}</b> ${e(f.name)} ${state}`,
      e(f.url),
      `section ${e(f.section)} · last success ${ago(f.lastSuccessMinutes)} · ${f.itemsPerDay.toFixed(1)} items/day`,
    ];
    if (f.lastError !== null) lines.push(`last error: ${e(f.lastError)}`);
    return lines.join('\n');
  },
  feedNotAddress: (input) => `“${input}” is not a web address. Send a full address such as https://example.com/rss.xml.`,
  feedBadScheme: (scheme) => `Only http and https addresses can be feeds, not ${scheme}: addresses.`,
  feedFetchFailed: (address, reason) => `Could not fetch ${address}: ${reason}`,
  feedNotModified: (address) => `${address} answered “not modified” to a first request; it does not behave like a feed.`,
  feedNotFeed: (address, reason) => `${address} is not a feed: ${reason}`,
  feedNotFeedAtAll: (input) => `${input} is not a feed.`,

  statsReport: ({ readers: r, deliveries, rateLimitWaitSeconds, topTopics, topRegions, channels }) => {
    const list = (entries: { name: string; readers: number }[]) => (entries.length === 0 ? 'none yet' : entries.map((x) => `${e(x.name)} ${x.readers}`).join(', '));
    const channelLines = channels.map((c) => `#${c.id} ${e(c.name)}${c.paused ? ' (paused)' : ''}: ${c.sent} sent · ${c.waiting} waiting`);
    return [
      '<b>Readers</b>',
      `active ${r.active} · stopped ${r.stopped} · blocked ${r.blocked}`,
      `new: ${r.newLastDay} today, ${r.newLastWeek} this week · left this week: ${r.lostLastWeek}`,
      '',
      '<b>Deliveries, last 24 h</b>',
      deliveries.length === 0 ? 'none' : deliveries.map(([status, n]) => `${e(status)} ${n}`).join(' · '),
      `waiting on Telegram’s rate limit (429): ${Math.round(rateLimitWaitSeconds)} s`,
      ...(channels.length === 0 ? [] : ['', '<b>Channel posts, last 24 h</b>', ...channelLines]),
      '',
      `<b>Most followed topics</b>: ${list(topTopics)}`,
      `<b>Most followed regions</b>: ${list(topRegions)}`,
    ].join('\n');
  },

  dashboardOpen: 'Feed health, the send queue, deliveries, broadcasts and readers, on one page:',
  dashboardButton: '📊 Open the dashboard',
  dashboardOff: 'The dashboard is a Mini App, and Herald has no public https address for it: set WEBAPP_URL (or an https WEBHOOK_URL). Meanwhile /stats, /feeds and /broadcasts tell the same.',

  alertFeedFailing: (f) => `⚠️ Feed #${f.id} <b>${e(f.name)}</b> has failed ${f.failures} times in a row.\nLast error: ${e(f.lastError)}\nSee /feeds.`,
  alertFeedRecovered: (f) => `✅ Feed #${f.id} <b>${e(f.name)}</b> has recovered.`,
  alertFeedSilent: (f) =>
    `🔇 Feed #${f.id} <b>${e(f.name)}</b> has published nothing for ${span(f.silentForMs)}; it usually publishes at least every ${span(f.usualGapMs)}. It answers normally, so the site may have stopped updating it.`,
  alertSenderStalled: (due, waiting) => `🛑 Sending has stalled: ${due} message${due === 1 ? '' : 's'} due, the oldest waiting ${minutes(waiting)}. Check /healthz and the logs.`,
  alertSenderResumed: '✅ Sending has resumed.',
  alertQueueGrowing: (growing, due) => `📈 The send queue has kept growing for ${minutes(growing)}: ${due} messages due now. Sending is slower than new messages arrive.`,
  alertDatabaseDown: (problem, ms) =>
    problem === 'disk-full'
      ? `🛑 The database's disk has been full for ${minutes(ms)}: new items and messages cannot be stored, so polling and sending wait. Free space on the database's disk; Herald carries on by itself, and nothing already stored is lost.`
      : problem === 'resources'
        ? `🛑 The database has been out of memory or connections for ${minutes(ms)}: polling and sending wait. Herald carries on by itself when it recovers.`
        : `🛑 The database has been unreachable for ${minutes(ms)}: polling and sending are paused and readers are asked to try again in a minute. Herald carries on by itself when it is back; nothing is lost.`,
  alertDatabaseBack: (ms) => `✅ The database works again (after ${minutes(ms)}); polling and sending carry on.`,
  alertDatabaseWasDown: (problem, ms) =>
    problem === 'disk-full'
      ? `🛑 The database's disk was full for ${minutes(ms)}; there is space again now. New items and messages waited meanwhile and carry on; nothing already stored is lost.`
      : problem === 'resources'
        ? `🛑 The database was out of memory or connections for ${minutes(ms)}; it has recovered. Polling and sending waited meanwhile and carry on.`
        : `🛑 The database was unreachable for ${minutes(ms)}; it works again now. Polling and sending were paused meanwhile and carry on; nothing is lost.`,
  alertTelegramBack: (ms) =>
    `⚠️ Telegram did not answer Herald for ${minutes(ms)}: messages were held in the queue meanwhile, and sending has resumed now that it answers again. Nothing is lost.`,
  alertTelegramNotAnswering: (ms) =>
    `⚠️ Telegram has not answered Herald's sends for ${minutes(ms)}, and still does not: messages wait in the queue and Herald keeps trying. Check /healthz and the logs.`,

  commandDescriptions: {
    start: 'Subscribe to the news',
    topics: 'Choose topics',
    regions: 'Choose regions and countries',
    keywords: 'Follow words or phrases',
    settings: 'Instant or digest, time zone, quiet hours, language',
    latest: 'The latest stories for you',
    stop: 'Pause all messages',
    forget: 'Delete your data',
    help: 'What Herald can do',
    groupStart: 'Post the news in this group (or this forum topic)',
    groupSettings: 'Instant or digest, time zone, quiet hours',
    groupRoute: 'In a forum topic: send a topic or region here',
    groupUnroute: 'Stop sending a topic or region to its forum topic',
    groupStop: 'Stop posting here',
    breaking: 'Send breaking news to the channel and readers',
    broadcasts: 'Progress of recent breaking news',
    cancel: 'Stop a broadcast: /cancel N',
    feeds: 'Feeds and their health; add, pause, resume, remove',
    channels: 'Channels and their rules; add, change, pause, remove',
    stats: 'Readers, deliveries and what they follow',
    dashboard: 'Feeds, queue, deliveries and broadcasts at a glance',
    admins: 'List, add or remove editors',
  },
};

/** A duration for alerts: minutes below an hour, hours below two days, then days. */
function span(ms: number): string {
  const h = ms / 3600_000;
  return h < 1 ? minutes(ms) : h < 48 ? `${Math.round(h)} h` : `${Math.round(h / 24)} days`;
}

function minutes(ms: number): string {
  return `${Math.max(1, Math.round(ms / 60_000))} min`;
}
