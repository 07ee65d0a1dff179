import { Context } from 'grammy';

/**
 * The command of `names` that grammY routes this update to, or null. It asks grammY's own
 * matcher (the one `composer.command` uses): Telegram's bot_command entity at offset 0,
 * which ends at the first character that is not a letter, digit or underscore, so
 * "/cancel#1", "/stats." and "/breaking!text" are the commands cancel, stats and breaking,
 * and "/stats@another_bot" is no command of ours. A permission check that read the text
 * itself would see something else than the handler that runs.
 */
export function routedCommand(ctx: Context, names: readonly string[]): string | null {
  for (const name of names) {
    if (Context.has.command(name)(ctx)) return name;
  }
  return null;
}
