export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
}

function formatFields(fields: LogFields | undefined): string {
  if (fields === undefined) return '';
  let text = '';
  for (const [name, value] of Object.entries(fields)) text += ` ${name}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
  return text;
}

/** One line per event on stderr: time, level, message, then key=value fields. */
export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const emit = (eventLevel: LogLevel, message: string, fields?: LogFields): void => {
    if (LOG_LEVELS.indexOf(eventLevel) > threshold) return;
    write(`${new Date().toISOString()} ${eventLevel.toUpperCase()} ${message}${formatFields(fields)}\n`);
  };
  return {
    error: (message, fields) => emit('error', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    info: (message, fields) => emit('info', message, fields),
    debug: (message, fields) => emit('debug', message, fields),
  };
}
