/** What the services log through; pino, the console or a test spy all fit. */
export interface Logger {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Warnings and errors to stderr; info only when `verbose`. */
export function consoleLogger(verbose = false): Logger {
  const line = (level: string, message: string, context?: Record<string, unknown>) =>
    context === undefined ? `[${level}] ${message}` : `[${level}] ${message} ${JSON.stringify(context)}`;
  return {
    info(message, context) {
      if (verbose) console.error(line('info', message, context));
    },
    warn(message, context) {
      console.error(line('warn', message, context));
    },
    error(message, context) {
      console.error(line('error', message, context));
    },
  };
}

/** An error as loggable fields; the stack stays in the log, never in a reply. */
export function errorContext(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { error: error.message, name: error.name, stack: error.stack };
  return { error: String(error) };
}
