/**
 * The Mini App's texts (plain text, never HTML: the page sets them as text). Part of the
 * bot's catalogue (Catalog.page), so the pages and the chat speak alike; the API sends the
 * reader's language's set with every page load. Errors the bot already words (a keyword too
 * long, an unknown time zone) come from the bot's own texts, not from here.
 */
import { russianPlural } from './russian-plural.js';

export interface PageTexts {
  settingsTitle: string;
  topics: string;
  regions: string;
  countries: string;
  noneMeansAll: string;
  searchCountries: string;
  keywords: string;
  keywordPlaceholder: string;
  /** Under the keyword field: there is no Add button, Enter (the keyboard's Done) adds. */
  keywordHint: string;
  /** Under the country search: Enter picks the first country found. */
  searchHint: string;
  remove: string;
  delivery: string;
  instant: string;
  digest: string;
  /** Beside the hour chips: a tap on an hour is "a daily digest at that hour". */
  digestAt: string;
  timeZone: string;
  /** The browser's zone differs from the stored one: offer it, the reader confirms. */
  timeZoneSuggest(zone: string): string;
  useIt: string;
  quietHours: string;
  quietOff: string;
  quietFrom: string;
  quietTo: string;
  /** The quiet-hours chip that shows the two time fields for hours of one's own. */
  quietOther: string;
  language: string;
  /** Languages of news (issue #17): the control's heading, each language's name, and the rule in a line. */
  itemLanguages: string;
  itemLanguageName: Record<'en' | 'ru' | 'az', string>;
  itemLanguagesHint: string;
  previewTitle: string;
  previewNone: string;
  previewCount(n: number): string;
  /** The preview could not be had (the choices themselves are saved). */
  previewUnavailable: string;
  /** The page saves each change as it is made: said in the status bar until the first one. */
  autosave: string;
  saving: string;
  saved: string;
  unsaved: string;
  stale: string;
  reload: string;
  notSubscribed: string;
  blocked: string;
  stopped: string;
  unknownChoice(id: string): string;
  badInput: string;
  tooLarge: string;
  rateLimited: string;
  unauthorized: string;
  failed: string;
  openDashboard: string;
  /** The inline button under /settings and at the end of onboarding. */
  openSettingsButton: string;
  /** The chat's menu button (setChatMenuButton): one text for every reader, so short. */
  menuButton: string;

  dashboardTitle: string;
  notEditor: string;
  feeds: string;
  feedState: Record<'paused' | 'failing' | 'healthy' | 'new', string>;
  lastSuccess: string;
  failures: string;
  nextFetch: string;
  itemsPerDay: string;
  pause: string;
  resume: string;
  queueNow: string;
  lanes: Record<'breaking' | 'channel' | 'instant' | 'digest', string>;
  queue24h: string;
  deliveries7d: string;
  outcomes: Record<'sent' | 'failed' | 'blocked' | 'skipped', string>;
  waits7d: string;
  waitedSeconds: string;
  /** The number of 429 answers in the hour (beside the seconds waited). */
  rateLimitHits: string;
  broadcasts: string;
  noBroadcasts: string;
  sent: string;
  waiting: string;
  failed_: string;
  finish: string;
  stalled: string;
  cancel: string;
  cancelConfirm(id: number): string;
  cancelled(id: number, stopped: number): string;
  readersByTopic: string;
  readersByRegion: string;
  everything: string;
  growth30d: string;
  active: string;
  joined: string;
  left: string;
  /** A topic's change over 30 days: "+3 −1 in 30 days". */
  change30d(joined: number, left: number): string;
  alerts: string;
  noAlerts: string;
  /** An alert that is over: "ended 12:30". */
  ended: string;
  alertKinds: Record<string, string>;
  updated: string;
}

export const pageEn: PageTexts = {
  settingsTitle: 'Your news',
  topics: 'Topics',
  regions: 'Regions',
  countries: 'Single countries',
  noneMeansAll: 'None chosen means all.',
  searchCountries: 'Search countries…',
  keywords: 'Keywords',
  keywordPlaceholder: 'A word or phrase',
  keywordHint: 'Enter adds it.',
  searchHint: 'Enter picks the first country found.',
  remove: 'Remove',
  delivery: 'Delivery',
  instant: 'Instantly',
  digest: 'Daily digest',
  digestAt: 'Daily digest at',
  timeZone: 'Time zone',
  timeZoneSuggest: (zone) => `Your device says ${zone}.`,
  useIt: 'Use it',
  quietHours: 'Quiet hours',
  quietOff: 'Off',
  quietFrom: 'From',
  quietTo: 'to',
  quietOther: 'Other…',
  language: 'Language',
  itemLanguages: 'Languages of news',
  itemLanguageName: { en: 'English', ru: 'Russian', az: 'Azerbaijani' },
  itemLanguagesHint: 'At least one. A story published in two of them comes once, in the first (your language first).',
  previewTitle: 'What you would have got in the last 24 hours',
  previewNone: 'Nothing in the last 24 hours matches these choices.',
  previewCount: (n) => `${n} ${n === 1 ? 'story' : 'stories'}`,
  previewUnavailable: 'The preview cannot be shown just now; your choices are saved.',
  autosave: 'Changes are saved as you make them.',
  saving: 'Saving…',
  saved: 'Saved.',
  unsaved: 'Changes not saved yet.',
  stale: 'Your choices were changed elsewhere (in the chat or another window) since this page was opened. Reload to see them, then make your change again.',
  reload: 'Reload',
  notSubscribed: 'You are not subscribed yet: send /start to the bot first, then open this page again.',
  blocked: 'You have blocked the bot, so nothing reaches you. Unblock it and send /start; your choices can be changed then.',
  stopped: 'Your messages are paused (/stop). Send /start to the bot to resume; your choices can be changed then.',
  unknownChoice: (id) => `“${id}” is not a choice Herald knows. Reload the page.`,
  badInput: 'Something on the page was not understood. Reload the page.',
  tooLarge: 'That is too much to save at once.',
  rateLimited: 'Too many changes in a row. Wait a few seconds and try again.',
  unauthorized: 'This page works only when opened from Telegram (or the link Herald printed). Open it again from the bot.',
  failed: 'Something went wrong; nothing was changed. Try again.',
  openDashboard: 'Editors’ dashboard ›',
  openSettingsButton: '⚙️ All settings on one page',
  menuButton: 'Settings',

  dashboardTitle: 'Herald at a glance',
  notEditor: 'Only Herald’s editors can see this page.',
  feeds: 'Feeds',
  feedState: { paused: 'paused', failing: 'failing', healthy: 'healthy', new: 'not fetched yet' },
  lastSuccess: 'Last success',
  failures: 'Failures in a row',
  nextFetch: 'Next fetch',
  itemsPerDay: 'Items/day',
  pause: 'Pause',
  resume: 'Resume',
  queueNow: 'Queue now',
  lanes: { breaking: 'Breaking', channel: 'Channel', instant: 'Instant', digest: 'Digest' },
  queue24h: 'Queue over the last 24 hours',
  deliveries7d: 'Deliveries per hour, last 7 days',
  outcomes: { sent: 'sent', failed: 'failed', blocked: 'blocked', skipped: 'skipped' },
  waits7d: 'Telegram’s 429s per hour, and the seconds waited',
  waitedSeconds: 'seconds waited',
  rateLimitHits: '429s',
  broadcasts: 'Breaking news',
  noBroadcasts: 'No breaking news sent yet.',
  sent: 'sent',
  waiting: 'waiting',
  failed_: 'failed',
  finish: 'finishes about',
  stalled: 'stalled',
  cancel: 'Cancel',
  cancelConfirm: (id) => `Stop what broadcast #${id} has not sent yet?`,
  cancelled: (id, stopped) => `Broadcast #${id} cancelled: ${stopped} messages will not be sent.`,
  readersByTopic: 'Readers per topic',
  readersByRegion: 'Readers per region',
  everything: 'everything (none chosen)',
  growth30d: 'Readers over 30 days',
  active: 'active',
  joined: 'joined',
  left: 'left',
  change30d: (joined, left) => `+${joined} −${left} in 30 days`,
  alerts: 'Alerts: open now, and ended in the last 7 days',
  noAlerts: 'No alerts in the last 7 days: all is well.',
  ended: 'ended',
  alertKinds: { 'feed-failing': 'Feed failing', 'feed-silent': 'Feed silent', 'sender-stalled': 'Sender stalled', 'queue-growing': 'Queue growing', 'telegram-silent': 'Telegram not answering', 'database-unreachable': 'Database unreachable', 'database-disk-full': 'Database disk full', 'database-resources': 'Database out of resources' },
  updated: 'Updated',
};

export const pageRu: PageTexts = {
  settingsTitle: 'Ваши новости',
  topics: 'Темы',
  regions: 'Регионы',
  countries: 'Отдельные страны',
  noneMeansAll: 'Ничего не выбрано — значит, всё.',
  searchCountries: 'Поиск страны…',
  keywords: 'Ключевые слова',
  keywordPlaceholder: 'Слово или фраза',
  keywordHint: 'Enter — добавить.',
  searchHint: 'Enter выбирает первую найденную страну.',
  remove: 'Убрать',
  delivery: 'Доставка',
  instant: 'Сразу',
  digest: 'Дайджест раз в день',
  digestAt: 'Дайджест раз в день в',
  timeZone: 'Часовой пояс',
  timeZoneSuggest: (zone) => `Ваше устройство сообщает: ${zone}.`,
  useIt: 'Использовать',
  quietHours: 'Тихие часы',
  quietOff: 'Выкл.',
  quietFrom: 'С',
  quietTo: 'до',
  quietOther: 'Другие…',
  language: 'Язык',
  itemLanguages: 'Языки новостей',
  itemLanguageName: { en: 'английский', ru: 'русский', az: 'азербайджанский' },
  itemLanguagesHint: 'Хотя бы один. Материал, вышедший на двух из них, придёт один раз — на первом (ваш язык первый).',
  previewTitle: 'Что пришло бы вам за последние 24 часа',
  previewNone: 'За последние 24 часа под этот выбор ничего не подходит.',
  previewCount: (n) => `${n} ${plural(n, 'материал', 'материала', 'материалов')}`,
  previewUnavailable: 'Предпросмотр сейчас не показать; ваш выбор сохранён.',
  autosave: 'Изменения сохраняются сразу.',
  saving: 'Сохраняю…',
  saved: 'Сохранено.',
  unsaved: 'Изменения ещё не сохранены.',
  stale: 'Пока страница была открыта, ваш выбор изменили в другом месте (в чате или другом окне). Обновите страницу, чтобы увидеть его, и внесите изменение снова.',
  reload: 'Обновить',
  notSubscribed: 'Вы ещё не подписаны: сначала отправьте боту /start, потом откройте эту страницу снова.',
  blocked: 'Вы заблокировали бота, поэтому ничего не получаете. Разблокируйте его и отправьте /start — тогда выбор можно будет изменить.',
  stopped: 'Сообщения приостановлены (/stop). Отправьте боту /start, чтобы возобновить, — тогда выбор можно будет изменить.',
  unknownChoice: (id) => `«${id}» — не вариант, известный Herald. Обновите страницу.`,
  badInput: 'Страница отправила что-то непонятное. Обновите страницу.',
  tooLarge: 'Это слишком много для одного сохранения.',
  rateLimited: 'Слишком много изменений подряд. Подождите несколько секунд и попробуйте снова.',
  unauthorized: 'Эта страница работает, только если открыть её из Telegram (или по ссылке, которую напечатал Herald). Откройте её снова из бота.',
  failed: 'Что-то пошло не так; ничего не изменено. Попробуйте снова.',
  openDashboard: 'Панель редакторов ›',
  openSettingsButton: '⚙️ Все настройки на одной странице',
  menuButton: 'Settings',

  dashboardTitle: 'Herald с первого взгляда',
  notEditor: 'Эту страницу видят только редакторы Herald.',
  feeds: 'Ленты',
  feedState: { paused: 'на паузе', failing: 'с ошибками', healthy: 'в порядке', new: 'ещё не загружалась' },
  lastSuccess: 'Последний успех',
  failures: 'Ошибок подряд',
  nextFetch: 'Следующая загрузка',
  itemsPerDay: 'Материалов в день',
  pause: 'Пауза',
  resume: 'Возобновить',
  queueNow: 'Очередь сейчас',
  lanes: { breaking: 'Срочные', channel: 'Канал', instant: 'Сразу', digest: 'Дайджест' },
  queue24h: 'Очередь за последние 24 часа',
  deliveries7d: 'Доставки по часам за 7 дней',
  outcomes: { sent: 'отправлено', failed: 'ошибка', blocked: 'заблокировали', skipped: 'пропущено' },
  waits7d: 'Ответы 429 от Telegram по часам и секунды ожидания',
  waitedSeconds: 'секунд ожидания',
  rateLimitHits: 'ответов 429',
  broadcasts: 'Срочные новости',
  noBroadcasts: 'Срочных новостей ещё не было.',
  sent: 'отправлено',
  waiting: 'ждут',
  failed_: 'ошибок',
  finish: 'закончится около',
  stalled: 'стоит',
  cancel: 'Отменить',
  cancelConfirm: (id) => `Остановить то, что рассылка #${id} ещё не отправила?`,
  cancelled: (id, stopped) => `Рассылка #${id} отменена: ${stopped} сообщений не будет отправлено.`,
  readersByTopic: 'Читатели по темам',
  readersByRegion: 'Читатели по регионам',
  everything: 'всё (ничего не выбрано)',
  growth30d: 'Читатели за 30 дней',
  active: 'активны',
  joined: 'пришли',
  left: 'ушли',
  change30d: (joined, left) => `+${joined} −${left} за 30 дней`,
  alerts: 'Оповещения: открытые и закрытые за 7 дней',
  noAlerts: 'За 7 дней оповещений не было: всё в порядке.',
  ended: 'закрыто',
  alertKinds: { 'feed-failing': 'Лента с ошибками', 'feed-silent': 'Лента молчит', 'sender-stalled': 'Отправка стоит', 'queue-growing': 'Очередь растёт', 'telegram-silent': 'Telegram не отвечает', 'database-unreachable': 'База данных недоступна', 'database-disk-full': 'Диск базы данных заполнен', 'database-resources': 'Базе данных не хватает ресурсов' },
  updated: 'Обновлено',
};

const plural = russianPlural;
