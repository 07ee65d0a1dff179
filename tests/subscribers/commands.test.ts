import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './support/world.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

describe('command menu', () => {
  it('registers the readers’ commands in English and Russian, and the group admins’ commands', async () => {
    // Herald registers its command menu as it starts (the world has started).
    const names = (list: unknown[]) => list.map((c) => (c as { command: string }).command);
    expect(names(world.api.commands({ scope: { type: 'all_private_chats' } }))).toEqual(['start', 'topics', 'regions', 'keywords', 'settings', 'latest', 'stop', 'forget', 'help']);
    const russian = world.api.commands({ scope: { type: 'all_private_chats' }, language_code: 'ru' }) as { description: string }[];
    expect(russian.find((c) => (c as unknown as { command: string }).command === 'topics')?.description).toBe('Выбрать темы');
    expect(names(world.api.commands({ scope: { type: 'all_chat_administrators' } }))).toContain('topics');
    const russianGroups = world.api.commands({ scope: { type: 'all_chat_administrators' }, language_code: 'ru' }) as { command: string; description: string }[];
    expect(russianGroups.find((c) => c.command === 'stop')?.description).toBe('Прекратить публикации здесь');
  });
});
