// The operations settings: METRICS_TOKEN and RETENTION_IDENTITY_DAYS, read and validated at start.
import { describe, expect, it } from 'vitest';
import { configErrorOf } from '../support/config-error.js';
import { loadEnv } from '../../src/config/env.js';

describe('operations settings', () => {
  it('default to an open /metrics and a one-year identity retention', () => {
    const config = loadEnv({}, '/srv/cutri');
    expect(config.metricsToken).toBeNull();
    expect(config.retentionIdentityDays).toBe(365);
  });

  it('read a metrics token and a retention period', () => {
    const config = loadEnv({ METRICS_TOKEN: 'a'.repeat(32), RETENTION_IDENTITY_DAYS: '730' }, '/srv/cutri');
    expect(config.metricsToken).toBe('a'.repeat(32));
    expect(config.retentionIdentityDays).toBe(730);
  });

  it.each([
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN', '16 to 256 characters'],
    [{ METRICS_TOKEN: 'has spaces in it, sixteen+' }, 'METRICS_TOKEN', 'openssl rand -hex 32'],
    [{ RETENTION_IDENTITY_DAYS: 'a year' }, 'RETENTION_IDENTITY_DAYS', 'whole number from 1 to 36500'],
    [{ RETENTION_IDENTITY_DAYS: '0' }, 'RETENTION_IDENTITY_DAYS', 'whole number'],
    [{ RETENTION_IDENTITY_DAYS: '1.5' }, 'RETENTION_IDENTITY_DAYS', 'whole number'],
  ])('refuse %o with a message naming %s', (env, variable, fix) => {
    const error = configErrorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(fix);
  });
});
