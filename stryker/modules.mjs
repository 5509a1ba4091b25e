// What mutation testing covers, module by module: the files mutated and the test files that run
// against them (only those: a run's dry run executes every one of them). Shared by
// stryker.config.mjs and stryker/run-modules.mjs. docs/mutation-testing.md says why each is here.
export const MODULES = {
  'webhook-secrets': {
    mutate: [
      'src/security/crypto.ts',
      'src/tickets/identity-crypto.ts',
      // the two webhook routes that apply the secret check
      'src/channels/telegram/telegram-channel.ts:120-129',
      'src/channels/zalo/zalo-channel.ts:52-60',
    ],
    testFiles: [
      'test/security/crypto.test.ts',
      'test/tickets/identity-and-codes.test.ts',
      'test/channels/telegram.test.ts',
      'test/channels/zalo.test.ts',
      'test/channels/webhook-routes.test.ts',
      'test/security/envelope-edges.test.ts',
    ],
  },
  'scopes-roles': {
    mutate: ['src/localities/scope.ts', 'src/officers/roles.ts'],
    testFiles: [
      'test/console/console-api.test.ts',
      'test/tickets/ticket-service.test.ts',
      'test/localities/scope-edges.test.ts',
    ],
  },
  'console-auth': {
    mutate: ['src/console/auth/*.ts'],
    testFiles: [
      'test/security/sign-in.test.ts',
      'test/security/second-factor.test.ts',
      'test/security/crypto.test.ts',
      'test/console/console-api.test.ts',
      'test/security/session-boundaries.test.ts',
      'test/security/totp-boundaries.test.ts',
    ],
  },
  deadlines: {
    mutate: ['src/tickets/deadlines.ts'],
    testFiles: [
      'test/tickets/deadlines.test.ts',
      'test/tickets/deadline-boundaries.test.ts',
      'test/tickets/ticket-service.test.ts',
    ],
  },
  'abuse-limits': {
    mutate: ['src/conversation/flood-control.ts', 'src/tickets/pin-guard.ts', 'src/security/throttle.ts'],
    testFiles: [
      'test/conversation/engine.test.ts',
      'test/conversation/flood-window.test.ts',
      'test/security/throttle-windows.test.ts',
      'test/tickets/ticket-service.test.ts',
      'test/security/sign-in.test.ts',
    ],
  },
  audit: {
    mutate: ['src/audit/*.ts'],
    testFiles: ['test/security/audit-chain.test.ts', 'test/security/audit-anchor-edges.test.ts'],
  },
  retry: {
    mutate: ['src/channels/retry.ts', 'src/lib/backoff.ts'],
    testFiles: [
      'test/channels/retry-policy.test.ts',
      'test/channels/retry-boundaries.test.ts',
      'test/foundation/backoff.test.ts',
    ],
  },
  outbox: {
    mutate: ['src/outbox/chat-queues.ts', 'src/instances/instance-registry.ts'],
    testFiles: [
      'test/outbox/chat-queue-decisions.test.ts',
      'test/outbox/instance-lease.test.ts',
      'test/conversation/engine.test.ts',
    ],
  },
};

/** Every file of every module, and every test file (a whole run in one go). */
export const ALL = {
  mutate: Object.values(MODULES).flatMap((module) => module.mutate),
  testFiles: [...new Set(Object.values(MODULES).flatMap((module) => module.testFiles))],
};
