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

/** Shown (besides the readers' commands) only in the private chats of admins. */
export const ADMIN_COMMANDS = [
  { command: 'breaking', description: 'Send breaking news to the channel and readers' },
  { command: 'broadcasts', description: 'Progress of recent breaking news' },
  { command: 'cancel', description: 'Stop a broadcast: /cancel N' },
  { command: 'feeds', description: 'Feeds and their health; add, pause, resume, remove' },
  { command: 'stats', description: 'Readers, deliveries and what they follow' },
  { command: 'admins', description: 'List, add or remove editors' },
];
