/** A configuration that cannot be used (file, environment or command-line option), with the field and line where known. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
