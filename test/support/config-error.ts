import { ConfigError } from '../../src/config/config-error.js';
import { loadEnv } from '../../src/config/env.js';

/** The ConfigError that loading `env` throws; fails the test when it loads fine. */
export function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadEnv(env, '/srv/cutri');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
