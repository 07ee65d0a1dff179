import type { LanguageCode } from 'grammy/types';
import { catalog, LANGUAGES, type Lang } from '../i18n/index.js';
import type { CommandDescriptions } from '../i18n/catalog.js';

/** One entry of a command menu: the command and the catalogue key of its description. */
interface MenuEntry {
  command: string;
  describedBy: keyof CommandDescriptions;
}

/** Readers' commands in private chats. */
export const PRIVATE_MENU: MenuEntry[] = ['start', 'topics', 'regions', 'keywords', 'settings', 'latest', 'stop', 'forget', 'help'].map((command) => ({
  command,
  describedBy: command as keyof CommandDescriptions,
}));

/** Commands a group's admins use (shown in groups). */
export const GROUP_MENU: MenuEntry[] = [
  { command: 'start', describedBy: 'groupStart' },
  { command: 'topics', describedBy: 'topics' },
  { command: 'regions', describedBy: 'regions' },
  { command: 'settings', describedBy: 'groupSettings' },
  { command: 'route', describedBy: 'groupRoute' },
  { command: 'unroute', describedBy: 'groupUnroute' },
  { command: 'stop', describedBy: 'groupStop' },
];

/** Shown (besides the readers' commands) only in the private chats of editors. */
export const EDITOR_MENU: MenuEntry[] = ['breaking', 'broadcasts', 'cancel', 'feeds', 'channels', 'stats', 'dashboard', 'admins'].map((command) => ({
  command,
  describedBy: command as keyof CommandDescriptions,
}));

/** A menu as setMyCommands takes it, described in one language. */
export function describeMenu(menu: MenuEntry[], lang: Lang): { command: string; description: string }[] {
  const descriptions = catalog(lang).commandDescriptions;
  return menu.map((entry) => ({ command: entry.command, description: descriptions[entry.describedBy] }));
}

/**
 * Each language Herald speaks, with the language_code setMyCommands takes for it: English
 * is the default list (no code), shown to everyone whose Telegram is in no other of them.
 */
export const MENU_LANGUAGES: { lang: Lang; languageOption: { language_code?: LanguageCode } }[] = LANGUAGES.map((lang) => ({
  lang,
  languageOption: lang === 'en' ? {} : { language_code: lang },
}));
