import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs to stderr, written asynchronously so no request waits on log I/O.
 * Credential-shaped fields are censored even if a caller passes one by mistake.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['*.apiKey', '*.key', '*.authorization', '*.headers.authorization', '*.headers["x-api-key"]', '*.headers["api-key"]'], censor: '[redacted]' },
    },
    pino.destination({ dest: 2, sync: false }),
  );
}
