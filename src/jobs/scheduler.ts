import cron from 'node-cron';
import type { Logger } from '../logger.js';

/** Runs `job` on every cron tick; a tick that finds the previous run still going is skipped. */
export function scheduleJob(expression: string, name: string, job: () => Promise<void>, logger: Logger) {
  let running: Promise<void> | null = null;
  const task = cron.schedule(
    expression,
    () => {
      if (running) {
        logger.debug({ job: name }, 'previous run still going: tick skipped');
        return;
      }
      running = job()
        .catch((error: unknown) => logger.error({ err: error, job: name }, 'scheduled job failed'))
        .finally(() => {
          running = null;
        });
    },
    { name },
  );
  return {
    /** Stops the schedule and waits for a run in progress to finish. */
    async stop() {
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
