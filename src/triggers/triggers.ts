import type { Engine } from '../engine/engine.js';
import type { Clock } from '../model/clock.js';
import type { Logger } from '../model/logger.js';
import type { Trigger } from './trigger-options.js';
import { takeStartingPositions, TriggerRunner } from './trigger-runner.js';

/** The server's local triggers, running until closed. */
export interface RunningTriggers {
  close(): Promise<void>;
}

/** Starts the triggers once each has taken its starting positions (see takeStartingPositions). */
export async function startTriggers(engine: Engine, triggers: readonly Trigger[], clock: Clock, logger: Logger): Promise<RunningTriggers> {
  for (const trigger of triggers) await takeStartingPositions(engine, trigger);
  const runners = triggers.map((trigger) => new TriggerRunner(engine, trigger, clock, logger));
  for (const trigger of triggers) logger.info('trigger attached', { table: trigger.tableName, trigger: trigger.name, batchSize: trigger.batchSize });
  return {
    close: async () => {
      await Promise.all(runners.map((runner) => runner.close()));
    },
  };
}
