/** A setting is wrong: names the variable and says how to fix it. Stops the start. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly fix: string,
  ) {
    super(`${variable}: ${fix}`);
    this.name = 'ConfigError';
  }
}
