/** The command list shown in Telegram's menu (setMyCommands). */
export const PRIVATE_COMMANDS = [
  { command: 'start', description: 'Subscribe to the news' },
  { command: 'topics', description: 'Choose topics' },
  { command: 'regions', description: 'Choose regions and countries' },
  { command: 'keywords', description: 'Follow words or phrases' },
  { command: 'settings', description: 'Instant or digest, time zone, quiet hours, language' },
  { command: 'latest', description: 'The latest stories for you' },
  { command: 'stop', description: 'Pause all messages' },
  { command: 'forget', description: 'Delete your data' },
  { command: 'help', description: 'What Herald can do' },
];

/** The same list for readers whose Telegram is in Russian (setMyCommands with language_code 'ru'). */
export const PRIVATE_COMMANDS_RU = [
  { command: 'start', description: 'Подписаться на новости' },
  { command: 'topics', description: 'Выбрать темы' },
  { command: 'regions', description: 'Выбрать регионы и страны' },
  { command: 'keywords', description: 'Следить за словами и фразами' },
  { command: 'settings', description: 'Сразу или дайджест, часовой пояс, тихие часы, язык' },
  { command: 'latest', description: 'Свежие материалы для вас' },
  { command: 'stop', description: 'Приостановить сообщения' },
  { command: 'forget', description: 'Удалить ваши данные' },
  { command: 'help', description: 'Что умеет Herald' },
];

/** Commands a group's admins use (shown in groups). */
export const GROUP_COMMANDS = [
  { command: 'start', description: 'Post the news in this group (or this forum topic)' },
  { command: 'topics', description: 'Choose topics' },
  { command: 'regions', description: 'Choose regions and countries' },
  { command: 'settings', description: 'Instant or digest, time zone, quiet hours' },
  { command: 'route', description: 'In a forum topic: send a topic or region here' },
  { command: 'unroute', description: 'Stop sending a topic or region to its forum topic' },
  { command: 'stop', description: 'Stop posting here' },
];

/** Shown (besides the readers' commands) only in the private chats of admins. */
export const ADMIN_COMMANDS = [
  { command: 'breaking', description: 'Send breaking news to the channel and readers' },
  { command: 'broadcasts', description: 'Progress of recent breaking news' },
  { command: 'cancel', description: 'Stop a broadcast: /cancel N' },
  { command: 'feeds', description: 'Feeds and their health; add, pause, resume, remove' },
  { command: 'stats', description: 'Readers, deliveries and what they follow' },
  { command: 'admins', description: 'List, add or remove editors' },
];
