import { escapeHtml as e } from '../html.js';
import type { Catalog } from './catalog.js';
import { channelsRu } from './channel-texts.js';
import { pageRu } from './page-texts.js';
import { russianPlural } from './russian-plural.js';

const SECTIONS: Record<string, string> = {
  analytics: '📊 Аналитика',
  news: '📰 Новости',
  interview: '🎙 Интервью',
  opinion: '💬 Мнения',
  breaking: '🚨 Срочно',
};

function stories(n: number): string {
  return plural(n, 'материал', 'материала', 'материалов');
}

const plural = russianPlural;

const ADMINS_USAGE =
  'Список редакторов: /admins; добавить: /admins add <id пользователя> (или /admins add, а затем перешлите мне его сообщение); убрать: /admins remove <id пользователя>.';

const FEEDS_USAGE = [
  '/feeds: список источников и состояние каждого',
  '/feeds add <адрес> [раздел]',
  '/feeds pause <id>, /feeds resume <id>, /feeds remove <id>',
  '/feeds section <id> <раздел>',
].join('\n');

/** A broadcast's stored status, as it reads after "уже" ("Рассылка #3 уже завершена"). */
const BROADCAST_STATUS: Record<string, string> = {
  draft: 'черновик',
  discarded: 'отброшена',
  sending: 'идёт',
  done: 'завершена',
  cancelled: 'отменена',
};

const DELIVERY_STATUS: Record<string, string> = {
  pending: 'в очереди',
  held: 'отложено',
  sent: 'отправлено',
  failed: 'ошибка',
  blocked: 'заблокировали бота',
  skipped: 'пропущено',
  cancelled: 'отменено',
};

function ago(minutes: number | null): string {
  if (minutes === null) return 'никогда';
  if (minutes < 60) return `${minutes} мин назад`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} ч назад`;
  return `${Math.round(minutes / 1440)} дн. назад`;
}

export const ru: Catalog = {
  page: pageRu,
  ...channelsRu,
  languageName: 'Русский',

  welcome: (name) => `Добро пожаловать в Herald, ${e(name)}! Три нажатия — и вы будете получать только нужные новости.`,
  onboardingTopics:
    '<b>Шаг 1 из 3: темы.</b>\nОтметьте нужные темы (✅ — выбрано). Если не выбрать ничего, придут все темы. Затем нажмите «Далее».',
  onboardingRegions:
    '<b>Шаг 2 из 3: регионы.</b>\nОтметьте нужные регионы. Если не выбрать ничего, придут все регионы. Отдельные страны можно выбрать позже в /regions.',
  onboardingMode: '<b>Шаг 3 из 3: как присылать новости?</b>\nСразу после публикации или раз в день дайджестом.',
  onboardingDone: (summary) =>
    `<b>Готово!</b>\n${summary}\n\nИзменить выбор: /topics, /regions, /keywords, /settings. Свежие новости: /latest.`,
  onboardingUseButtons: 'Пожалуйста, нажмите кнопку выше или отправьте /start, чтобы начать заново.',
  onboardingTooLong: (summary) =>
    `<b>Изменений было много, поэтому я сохранил их и завершил настройку.</b>\n${summary}\n\nИзменить выбор можно в /topics, /regions, /keywords или /settings.`,
  onboardingStepOver: 'Этот шаг уже пройден. Изменить выбор можно в /topics, /regions или /settings.',
  next: 'Далее ›',
  all: 'Все',
  none: 'Ничего',
  back: '‹ Назад',
  instant: '⚡ Сразу',
  digest: '🗞 Дайджест раз в день',

  welcomeBack: (summary) => `<b>С возвращением!</b> Ваши прежние настройки восстановлены.\n${summary}`,
  alreadySubscribed: (summary) => `Вы подписаны.\n${summary}\n\nИзменить выбор: /topics, /regions, /keywords, /settings.`,
  deepLinkFollowed: (label) => `Добавлено в ваш выбор: <b>${e(label)}</b>. Уточнить выбор: /topics, /regions, /settings.`,
  deepLinkUnknown: 'Эта ссылка ведёт в никуда. Отправьте /start, чтобы выбрать новости.',

  summary: ({ topics, regions, keywords, delivery }) =>
    `Темы: ${e(topics)}\nРегионы: ${e(regions)}\nКлючевые слова: ${e(keywords)}\nДоставка: ${e(delivery)}`,
  allTopics: 'все темы',
  allRegions: 'все регионы',
  noKeywords: 'нет',
  deliveryInstant: 'сразу',
  deliveryDigest: (hour, timeZone) => `дайджест в ${hour} (${timeZone})`,

  topicsTitle: '<b>Темы</b>\nНажмите, чтобы выбрать (✅). Если ничего не выбрано — все темы.',
  regionsTitle: '<b>Регионы</b>\nНажмите, чтобы выбрать (✅), или ›, чтобы выбрать отдельные страны. Если ничего не выбрано — все регионы.',
  countriesTitle: (region) => `<b>${e(region)}</b>\nВыберите отдельные страны или весь регион на предыдущем экране.`,
  menuOutdated: 'Меню устарело; теперь оно показывает ваш текущий выбор. Нажмите ещё раз.',
  saved: 'Сохранено',
  startFirst: 'Сначала отправьте /start, чтобы подписаться.',

  keywordsHelp: (max, maxLength) =>
    [
      '<b>Ключевые слова</b> приносят любой материал, где они упомянуты, независимо от темы и региона.',
      '',
      '/keywords add <i>слово или фраза</i>',
      '/keywords remove <i>слово или фраза</i>',
      '/keywords clear',
      '/keywords без аргументов — ваш список.',
      '',
      `Целые слова, регистр не важен, русский или английский; не больше ${max} слов длиной до ${maxLength} символов.`,
    ].join('\n'),
  keywordsList: (keywords) => `<b>Ваши ключевые слова</b>\n${keywords.map((k) => `• ${e(k)}`).join('\n')}`,
  keywordsEmpty: 'У вас пока нет ключевых слов.',
  keywordAdded: (k) => `Добавлено: «${e(k)}».`,
  keywordRemoved: (k) => `Удалено: «${e(k)}».`,
  keywordNotFound: (k) => `«${e(k)}» нет среди ваших ключевых слов.`,
  keywordAlreadyThere: (k) => `Вы уже следите за «${e(k)}».`,
  keywordTooLong: (max) => `Слишком длинно: не больше ${max} символов.`,
  keywordTooShort: 'В ключевом слове должно быть хотя бы две буквы или цифры.',
  keywordTooMany: (max) => `У вас уже ${max} ключевых слов — это максимум. Сначала удалите одно.`,
  keywordControlCharacters: 'Ключевое слово не может содержать управляющие символы или переводы строки.',
  keywordMarkup: 'Ключевое слово — простой текст: символы &lt; и &gt; не допускаются.',
  keywordsCleared: 'Все ключевые слова удалены.',

  settingsTitle: ({ mode, digestHour, timeZone, localTime, quiet, language }) =>
    [
      '<b>Настройки</b>',
      `Доставка: ${e(mode)}`,
      `Час дайджеста: ${e(digestHour)}`,
      `Часовой пояс: ${e(timeZone)} (у вас сейчас ${e(localTime)})`,
      `Тихие часы: ${e(quiet)}`,
      `Язык: ${e(language)}`,
    ].join('\n'),
  settingsMode: (mode) => `Доставка: ${mode}`,
  settingsDigestHour: (hour) => `Час дайджеста: ${hour} ›`,
  settingsQuiet: (quiet) => `Тихие часы: ${quiet} ›`,
  settingsTimeZone: (tz) => `Часовой пояс: ${tz}`,
  settingsLanguage: 'Language: English',
  itemLanguageName: { en: 'английский', ru: 'русский', az: 'азербайджанский' },
  settingsItemLanguages: (names) => `📰 Новости на языках: ${names} ›`,
  itemLanguagesSaved: (names) => `Новости на языках: ${names}`,
  itemLanguagesKeepOne: 'Оставьте хотя бы один язык: новости должны приходить на каком-то из них.',
  onboardingItemLanguages: (names) =>
    `📰 Новости приходят вам на языках: <b>${e(names)}</b>. Нажмите на язык ниже, чтобы получать и его новости или перестать. Материал, вышедший на двух ваших языках, придёт один раз — на первом.`,
  digestHourTitle: '<b>Час дайджеста</b>\nКогда присылать дайджест (по вашему времени)?',
  quietTitle:
    '<b>Тихие часы</b>\nВ эти часы сообщения ждут и приходят, когда тихие часы закончатся. Другие часы: /quiet 22:30-07:00.',
  quietOff: 'выкл.',
  quietRange: (from, to) => `${from}–${to}`,
  timeZoneHelp: 'Отправьте /timezone с городом или смещением от UTC, например <code>/timezone Baku</code> или <code>/timezone +4</code>.',
  timeZoneSet: (tz, local) => `Часовой пояс: ${e(tz)}. У вас сейчас ${e(local)}.`,
  timeZoneUnknown: (input) =>
    `Не знаю часовой пояс «${e(input)}». Попробуйте город (Baku, Almaty, Moscow) или смещение, например +4 или -5.`,
  quietHelp: 'Отправьте <code>/quiet 22:00-07:00</code>, чтобы задать тихие часы, или <code>/quiet off</code>, чтобы отключить.',
  quietSet: (from, to) => `Тихие часы: ${e(from)}–${e(to)}. Сообщения в это время подождут до их окончания.`,
  quietCleared: 'Тихие часы отключены.',
  quietInvalid: 'Не удалось понять часы. Формат: 22:00-07:00 (начало и конец различаются) или «off».',
  digestHourSet: (hour) => `Дайджест будет приходить в ${e(hour)}.`,
  digestHourInvalid: 'Отправьте /digest с часом от 0 до 23, например /digest 8.',
  languageSet: 'Теперь я говорю по-русски.',

  latestInvalid: (max) => `Отправьте /latest для последних 5 материалов или /latest N, где N от 1 до ${max}.`,
  latestNone: 'Недавно не было материалов по вашему выбору.',

  stopConfirm: 'Остановить все личные сообщения от Herald? Ваш выбор сохранится: /start вернёт его.',
  stopYes: 'Да, остановить',
  stopped: 'Остановлено. Сообщений больше не будет. Отправьте /start, когда захотите снова получать новости.',
  alreadyStopped: 'Сообщения уже остановлены. Отправьте /start, чтобы возобновить.',
  forgetConfirm: 'Удалить всё, что Herald хранит о вас (выбор, ключевые слова, настройки)? Это необратимо.',
  forgetYes: 'Да, удалить',
  forgotten: 'Готово: всё, что Herald хранил о вас, удалено. Отправьте /start, чтобы начать заново.',
  cancel: 'Отмена',
  cancelled: 'Отменено; ничего не изменилось.',
  confirmationExpired: 'Этот вопрос устарел. Отправьте команду ещё раз.',

  help: [
    '<b>Herald</b> присылает новости, которые вы выбрали.',
    '',
    '/start — подписаться и выбрать новости',
    '/topics — выбрать темы',
    '/regions — выбрать регионы и страны',
    '/keywords — следить за словами и фразами',
    '/settings — сразу или дайджест, час дайджеста, часовой пояс, тихие часы, язык',
    '/latest [n] — последние n материалов для вас (до 20)',
    '/stop — приостановить сообщения',
    '/forget — удалить ваши данные',
    '',
    'В группе те же команды доступны её администраторам; в форуме /route Энергетика (любая тема или регион), отправленная в теме форума, направляет эти новости туда.',
    '',
    '<b>Что к вам приходит:</b> материал приходит, если он относится к одной из ваших тем <i>и</i> к одному из ваших регионов или стран. Если темы не выбраны — подходят все темы; то же для регионов. Материал, где упомянуто одно из ваших ключевых слов (целым словом), приходит всегда.',
  ].join('\n'),
  fallback: 'Не понял. Отправьте /help, чтобы узнать, что я умею.',
  rateLimited: 'Слишком много команд подряд. Подождите несколько секунд.',
  databaseUnavailable: 'Herald временно недоступен. Попробуйте ещё раз через минуту.',

  groupHello:
    'Здравствуйте! Администратор группы может отправить /start, чтобы Herald публиковал здесь новости, а затем выбрать их в /topics, /regions и /settings.',
  adminsOnly: 'Менять настройки Herald в этой группе могут только администраторы.',
  groupSubscribed: 'Группа подписана на новости. Администраторы выбирают их в /topics, /regions и /settings; в форуме /route в теме форума отдаёт ей отдельную тему или регион.',
  groupSubscribedTopic: 'Эта тема форума подписана на новости. Администраторы выбирают их в /topics, /regions и /settings.',
  routeNotInTopic: 'Отправьте /route в той теме форума, куда должны приходить новости, например <code>/route Энергетика</code> или <code>/route Центральная Азия</code>.',
  routeUnknown: (text) => `«${e(text)}» — не тема и не регион. Их названия есть в /topics и /regions.`,
  routeSet: (label) => `В эту тему форума теперь приходит всё о <b>${e(label)}</b>. Остальные новости приходят как прежде.`,
  routeRemoved: (label) => `У <b>${e(label)}</b> больше нет своей темы форума.`,
  routeNone: (label) => `У <b>${e(label)}</b> нет своей темы форума.`,
  unrouteUsage: 'Как использовать: <code>/unroute Энергетика</code> (тема или регион).',
  routeList: (routes) =>
    routes.length === 0
      ? 'Ни у одной темы форума пока нет своих новостей. Отправьте в теме форума <code>/route Энергетика</code> (любая тема или регион).'
      : ['Темы форума и их новости:', ...routes.map((r) => `• <b>${e(r.label)}</b> → ${r.here ? 'эта тема' : `тема #${r.threadId}`}`)].join('\n'),

  digestTitle: (date) => `🗞 <b>Ваш дайджест за ${e(date)}</b>`,
  digestContinued: '🗞 <b>Дайджест, продолжение</b>',
  quietCollapsed: (count) => `🌙 <b>${count} ${stories(count)} за ваши тихие часы</b>`,
  otherSection: '🗂 Другое',
  sectionLabel: (section) => SECTIONS[section] ?? e(section.charAt(0).toUpperCase() + section.slice(1)),

  editorsPrivateOnly: 'Команды редакторов работают только в личном чате со мной, чтобы группа ничего не увидела.',
  editorsOnlyButton: 'Эта кнопка только для редакторов Herald.',
  editorsOnlyCommand: (command) => `Извините, ${command} — только для редакторов Herald.`,

  adminsUsage: ADMINS_USAGE,
  adminsList: (editors) => {
    if (editors.length === 0) return 'Редакторов пока нет.';
    const lines = editors.map((a) => {
      const who = a.name ? `${e(a.name)} (<code>${a.userId}</code>)` : `<code>${a.userId}</code>`;
      const how = a.fromConfig ? 'из ADMIN_IDS' : a.addedBy ? `добавил ${a.addedBy}, ${e(a.addedOn)}` : 'добавлен';
      return `• ${who}: ${how}`;
    });
    return [`<b>Редакторы</b> (${editors.length})`, ...lines, '', e(ADMINS_USAGE)].join('\n');
  },
  adminsForwardAsk: 'Перешлите мне любое сообщение человека, которого нужно сделать редактором (или отправьте /cancel, чтобы отменить).',
  adminsNotUserId: (text) => `«${text}» — не id пользователя Telegram (нужны только цифры). ${ADMINS_USAGE}`,
  adminsFromConfig: (userId) => `${userId} — редактор по настройке ADMIN_IDS; уберите его оттуда и перезапустите Herald.`,
  adminsNotYourself: 'Нельзя убрать самого себя; попросите другого редактора.',
  adminsNotEditor: (userId) => `${userId} — не редактор; ничего не изменилось.`,
  adminsRemoved: (userId) => `${userId} больше не редактор.`,
  adminsNotForwarded: 'Это не пересланное сообщение. Перешлите мне сообщение нового редактора или отправьте /cancel.',
  adminsHiddenAccount: 'Этот человек скрывает свой аккаунт в пересланных сообщениях. Попросите у него числовой id и отправьте /admins add <id>.',
  adminsAlready: (userId) => `${userId} уже редактор.`,
  adminsAdded: (userId, name) => `${name ? `${name} (${userId})` : userId} теперь редактор.`,

  breakingAsk: 'Пришлите срочную новость: текст, фото с подписью или пересланное сообщение. Чтобы отменить, отправьте /cancel.',
  breakingEmpty: 'В сообщении нет текста. Пришлите срочную новость текстом, фото с подписью или перешлите сообщение.',
  breakingTooLong: ({ length, limit, room, label, photo }) =>
    `Слишком длинно: в вашем тексте ${length} ${plural(length, 'символ', 'символа', 'символов')}. ${photo ? 'Подпись к фото' : 'Текстовый пост'} вмещает не больше ${limit} символов, и после метки «${label}» для вашего текста остаётся ${room}. Сократите текст${photo ? ' или пришлите его без фото' : ''}.`,
  breakingSendCorrected: (reason) => `${reason}\n\nПришлите исправленный вариант или /cancel.`,
  breakingRefused: (reason) => `Telegram отклонил этот пост (${reason}), поэтому в таком виде он выйти не может. Отправьте /breaking, чтобы попробовать снова.`,
  breakingRefusedNoReason: 'Telegram его не принял',
  breakingAlready: (id, status) => `Рассылка #${id} уже ${BROADCAST_STATUS[status] ?? status}.`,
  breakingDraftGone: 'Этого черновика больше нет.',
  breakingAlreadyDone: 'Уже отправлено или отменено.',
  breakingSendingToast: 'Отправляю.',
  breakingQueued: (id, channels, readers) => {
    const where = [channels > 0 ? (channels === 1 ? 'в канал' : `в ${channels} ${plural(channels, 'канал', 'канала', 'каналов')}`) : null, `${readers} ${plural(readers, 'читателю', 'читателям', 'читателям')}`].filter(Boolean).join(' и ');
    return `🚨 Срочная новость #${id} уходит ${where}.\nСледить: /broadcasts; остановить: /cancel ${id}.`;
  },
  breakingCancelledToast: 'Отменено.',
  breakingDiscarded: (id) => `Срочная новость #${id} отменена: ничего не отправлено.`,
  breakingChoiceGone: 'Этого варианта больше нет.',
  breakingControl: (d) => {
    const who =
      d.topics.length === 0 && d.regions.length === 0
        ? 'все'
        : [d.topics.length ? `темы ${d.topics.join(', ')}` : null, d.regions.length ? `регионы ${d.regions.join(', ')}` : null].filter(Boolean).join('; ');
    return [
      `<b>Срочная новость #${d.id}</b> (черновик). Выше — пост ровно таким, каким его увидят читатели.`,
      '',
      `Аудитория: ${e(who)}: <b>${d.readers}</b> ${plural(d.readers, 'активный читатель', 'активных читателя', 'активных читателей')}`,
      d.channels,
      d.languages,
      `Тихие часы: ${d.passQuietHours ? 'не соблюдаются (читатели в тихих часах получат её сразу)' : 'соблюдаются (эти читатели получат её, когда тихие часы закончатся)'}`,
      `Закрепить в канале: ${d.pinHours ? `да, на ${d.pinHours} ч` : 'нет'}`,
    ].join('\n');
  },
  breakingEveryone: 'Все',
  breakingChooseAudience: 'Выбрать темы/регионы',
  breakingEditAudience: '✏️ Темы/регионы',
  breakingPassQuiet: '🔔 Без учёта тихих часов',
  breakingRespectQuiet: '🌙 С учётом тихих часов',
  breakingPin: (hours) => `📌 Закрепить на ${hours} ч`,
  breakingNoPin: '📌 Не закреплять',
  breakingSendNow: '✅ Отправить',
  breakingCancelButton: '✖️ Отменить',
  breakingNoChoices: 'Пока ни один читатель не выбрал тему или регион',
  breakingDone: '⬅️ Готово',

  broadcastsNone: 'Срочных новостей ещё не было. Отправьте /breaking, чтобы начать.',
  broadcastsTitle: '<b>Последние срочные новости</b>',
  broadcastLine: (b) => {
    const total = b.sent + b.failed + b.waiting + b.cancelled;
    const done = total - b.waiting;
    const counts = `готово ${done} из ${total} (${total > 0 ? Math.floor((done / total) * 100) : 100}%) · отправлено ${b.sent} · не доставлено ${b.failed} · ждут ${b.waiting}${b.cancelled ? ` · отменено ${b.cancelled}` : ''}`;
    const progress =
      b.progress === null ? ''
      : b.progress === 'stalled' ? '\nза последние 5 минут ничего не отправлено (тихие часы или отправка приостановлена)'
      : `\n${b.progress.perSecond.toFixed(1)}/с, расчётное окончание в ${e(b.progress.finish)} UTC`;
    return `<b>#${b.id}</b> ${e(BROADCAST_STATUS[b.status] ?? b.status)}, ${e(b.created)} UTC\n${e(b.head)}\n${counts}${progress}`;
  },
  cancelStopped: 'Отменено. Ничего не изменилось.',
  cancelNothing: 'Отменять нечего. Чтобы остановить рассылку, отправьте /cancel N (номера есть в /broadcasts).',
  cancelNotNumber: (text) => `«${text}» — не номер рассылки. Отправьте /cancel N с номером из /broadcasts.`,
  cancelUnknown: (id) => `Рассылки #${id} нет. Номера есть в /broadcasts.`,
  cancelFinished: (id, status) => `Рассылка #${id} уже ${BROADCAST_STATUS[status] ?? status}; останавливать нечего.`,
  cancelDone: (id, stopped) =>
    `Рассылка #${id} остановлена: отменено ${stopped} ${plural(stopped, 'сообщение', 'сообщения', 'сообщений')}. Уже отправленные сообщения остаются.`,

  feedsUsage: FEEDS_USAGE,
  feedsAddUsage: 'Как использовать: /feeds add <адрес> [раздел]',
  feedsIdUsage: (verb) => `Как использовать: /feeds ${verb} <id>${verb === 'section' ? ' <раздел>' : ''} (id есть в /feeds)`,
  feedsBadSection: (section) => `«${section}» — не название раздела: нужны строчные латинские буквы, цифры и дефисы, например news или analytics.`,
  feedsChecking: 'Проверяю этот адрес…',
  feedsNotAdded: (reason) => `${reason}\n\nНичего не добавлено.`,
  feedsExists: (id) => `Этот источник уже есть в списке под номером #${id}.`,
  feedsAdded: ({ id, name, via, entries }) =>
    `Добавлен источник #${id}: ${name}${via ? ` (найден через ${via})` : ''}, сейчас в нём ${entries} ${plural(entries, 'материал', 'материала', 'материалов')}. Первый опрос запишет их и опубликует только самые новые.`,
  feedsUnknown: (id) => `Источника #${id} нет. Номера есть в /feeds.`,
  feedPaused: (id, name) => `Источник #${id} (${name}) приостановлен: его не будут опрашивать до /feeds resume.`,
  feedResumed: (id, name) => `Источник #${id} (${name}) снова включён: его опросят в следующий раз.`,
  feedRemoved: (id, name) => `Источник #${id} (${name}) удалён вместе с сохранёнными материалами.`,
  feedSectionSet: (id, name, section) => `Источник #${id} (${name}) теперь в разделе «${section}».`,
  feedsNone: 'Источников пока нет.',
  feedsTitle: (count) => `<b>Источники</b> (${count})`,
  feedLine: (f) => {
    const state =
      f.state === 'paused' ? '⏸ приостановлен'
      : f.state === 'failing' ? `⚠️ ошибки (${f.failures} подряд)`
      : f.state === 'healthy' ? '✅ работает'
      : '🕓 ещё не опрошен';
    const lines = [
      `<b>#${f.id}</b> ${e(f.name)} ${state}`,
      e(f.url),
      `раздел ${e(f.section)} · последний успешный опрос: ${ago(f.lastSuccessMinutes)} · ${f.itemsPerDay.toFixed(1)} материалов в день`,
    ];
    if (f.lastError !== null) lines.push(`последняя ошибка: ${e(f.lastError)}`);
    return lines.join('\n');
  },
  feedNotAddress: (input) => `«${input}» — не веб-адрес. Пришлите полный адрес, например https://example.com/rss.xml.`,
  feedBadScheme: (scheme) => `Источником может быть только адрес http или https, а не ${scheme}.`,
  feedFetchFailed: (address, reason) => `Не удалось загрузить ${address}: ${reason}`,
  feedNotModified: (address) => `${address} на первый же запрос ответил «не изменилось» (not modified); лента так себя не ведёт.`,
  feedNotFeed: (address, reason) => `${address} — не лента: ${reason}`,
  feedNotFeedAtAll: (input) => `${input} — не лента.`,

  statsReport: ({ readers: r, deliveries, rateLimitWaitSeconds, topTopics, topRegions, channels }) => {
    const list = (entries: { name: string; readers: number }[]) => (entries.length === 0 ? 'пока нет' : entries.map((x) => `${e(x.name)} ${x.readers}`).join(', '));
    const channelLines = channels.map((c) => `#${c.id} ${e(c.name)}${c.paused ? ' (на паузе)' : ''}: отправлено ${c.sent} · ждут ${c.waiting}`);
    return [
      '<b>Читатели</b>',
      `активных ${r.active} · остановили ${r.stopped} · заблокировали бота ${r.blocked}`,
      `новых: ${r.newLastDay} за сутки, ${r.newLastWeek} за неделю · ушли за неделю: ${r.lostLastWeek}`,
      '',
      '<b>Доставка за последние 24 ч</b>',
      deliveries.length === 0 ? 'ничего' : deliveries.map(([status, n]) => `${e(DELIVERY_STATUS[status] ?? status)} ${n}`).join(' · '),
      `ожидание из-за лимита Telegram (429): ${Math.round(rateLimitWaitSeconds)} с`,
      ...(channels.length === 0 ? [] : ['', '<b>Посты в каналах за последние 24 ч</b>', ...channelLines]),
      '',
      `<b>Популярные темы</b>: ${list(topTopics)}`,
      `<b>Популярные регионы</b>: ${list(topRegions)}`,
    ].join('\n');
  },

  dashboardOpen: 'Состояние лент, очередь отправки, доставки, рассылки и читатели на одной странице:',
  dashboardButton: '📊 Открыть панель',
  dashboardOff: 'Панель — это мини-приложение, а у Herald нет для неё публичного https-адреса: задайте WEBAPP_URL (или https WEBHOOK_URL). Пока то же самое покажут /stats, /feeds и /broadcasts.',

  alertFeedFailing: (f) => `⚠️ Лента #${f.id} <b>${e(f.name)}</b> не загрузилась ${f.failures} раз подряд.\nПоследняя ошибка: ${e(f.lastError)}\nСм. /feeds.`,
  alertFeedRecovered: (f) => `✅ Лента #${f.id} <b>${e(f.name)}</b> снова работает.`,
  alertFeedSilent: (f) =>
    `🔇 Лента #${f.id} <b>${e(f.name)}</b> ничего не публикует уже ${span(f.silentForMs)}; обычно перерыв не дольше ${span(f.usualGapMs)}. Сайт отвечает нормально, возможно, ленту перестали обновлять.`,
  alertSenderStalled: (due, waiting) => `🛑 Отправка остановилась: в очереди ${due} ${plural(due, 'сообщение', 'сообщения', 'сообщений')}, самое старое ждёт ${minutes(waiting)}. Проверьте /healthz и журнал.`,
  alertSenderResumed: '✅ Отправка возобновилась.',
  alertQueueGrowing: (growing, due) => `📈 Очередь отправки растёт уже ${minutes(growing)}: сейчас ${due} к отправке. Сообщения приходят быстрее, чем уходят.`,
  alertDatabaseDown: (problem, ms) =>
    problem === 'disk-full'
      ? `🛑 Диск базы данных заполнен уже ${minutes(ms)}: новые материалы и сообщения негде сохранить, поэтому опрос лент и отправка ждут. Освободите место на диске базы данных; Herald продолжит сам, сохранённое не потеряется.`
      : problem === 'resources'
        ? `🛑 Базе данных уже ${minutes(ms)} не хватает памяти или соединений: опрос лент и отправка ждут. Herald продолжит сам, когда она восстановится.`
        : `🛑 База данных недоступна уже ${minutes(ms)}: опрос лент и отправка приостановлены, читателей просят повторить через минуту. Herald продолжит сам, когда она вернётся; ничего не потеряется.`,
  alertDatabaseBack: (ms) => `✅ База данных снова работает (через ${minutes(ms)}); опрос лент и отправка продолжаются.`,
  alertDatabaseWasDown: (problem, ms) =>
    problem === 'disk-full'
      ? `🛑 Диск базы данных был заполнен ${minutes(ms)}; теперь место есть. Новые материалы и сообщения всё это время ждали и идут дальше; сохранённое не потеряно.`
      : problem === 'resources'
        ? `🛑 Базе данных ${minutes(ms)} не хватало памяти или соединений; теперь она восстановилась. Опрос лент и отправка ждали и продолжаются.`
        : `🛑 База данных была недоступна ${minutes(ms)}; теперь она снова работает. Опрос лент и отправка были приостановлены и продолжаются; ничего не потеряно.`,
  alertTelegramBack: (ms) =>
    `⚠️ Telegram не отвечал Herald ${minutes(ms)}: сообщения всё это время ждали в очереди, теперь он снова отвечает, и отправка возобновилась. Ничего не потеряно.`,
  alertTelegramNotAnswering: (ms) =>
    `⚠️ Telegram уже ${minutes(ms)} не отвечает на отправки Herald и всё ещё молчит: сообщения ждут в очереди, Herald продолжает попытки. Проверьте /healthz и журнал.`,

  commandDescriptions: {
    start: 'Подписаться на новости',
    topics: 'Выбрать темы',
    regions: 'Выбрать регионы и страны',
    keywords: 'Следить за словами и фразами',
    settings: 'Сразу или дайджест, часовой пояс, тихие часы, язык',
    latest: 'Свежие материалы для вас',
    stop: 'Приостановить сообщения',
    forget: 'Удалить ваши данные',
    help: 'Что умеет Herald',
    groupStart: 'Публиковать новости в этой группе (или теме форума)',
    groupSettings: 'Сразу или дайджест, часовой пояс, тихие часы',
    groupRoute: 'В теме форума: направлять сюда тему или регион',
    groupUnroute: 'Больше не направлять тему или регион в эту тему форума',
    groupStop: 'Прекратить публикации здесь',
    breaking: 'Срочная новость в канал и читателям',
    broadcasts: 'Ход последних срочных рассылок',
    cancel: 'Остановить рассылку: /cancel N',
    feeds: 'Ленты и их состояние; добавить, пауза, возобновить, удалить',
    channels: 'Каналы и их правила; добавить, изменить, пауза, удалить',
    stats: 'Читатели, доставки и их интересы',
    dashboard: 'Ленты, очередь, доставки и рассылки на одной странице',
    admins: 'Список редакторов; добавить или удалить',
  },
};

/** Длительность для оповещений: минуты до часа, часы до двух суток, затем дни. */
function span(ms: number): string {
  const h = ms / 3600_000;
  if (h < 1) return minutes(ms);
  if (h < 48) return `${Math.round(h)} ч`;
  const days = Math.round(h / 24);
  return `${days} ${plural(days, 'день', 'дня', 'дней')}`;
}

function minutes(ms: number): string {
  return `${Math.max(1, Math.round(ms / 60_000))} мин`;
}
