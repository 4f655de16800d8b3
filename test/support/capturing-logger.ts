import { createLogger, type Logger, type LogLevel } from '../../src/model/logger.js';

export interface CapturedLog {
  readonly logger: Logger;
  /** The lines logged at exactly `level`. */
  lines(level: LogLevel): string[];
}

/** A debug-level logger that keeps its lines, so tests can check what the server reported. */
export function capturingLogger(): CapturedLog {
  const written: string[] = [];
  const logger = createLogger('debug', (line) => written.push(line));
  return {
    logger,
    lines: (level) => written.filter((line) => line.split(' ')[1] === level.toUpperCase()),
  };
}
