/** The command list shown in Telegram's menu (setMyCommands). */
export const PRIVATE_COMMANDS = [
  { command: 'start', description: 'Subscribe to the news' },
  { command: 'help', description: 'What Herald can do' },
];
