// The import rules `npm run lint` checks (docs/architecture.md draws them): no cycles, type-only
// imports included; the composition root is imported by the entry point only; the domain never
// reaches into the platform adapters or their HTTP libraries; the console's browser modules
// form no cycle either.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle (type-only imports count) means two modules cannot be understood or changed apart.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'composition-root-imported-by-main-only',
      severity: 'error',
      comment: 'src/app.ts wires everything; a feature that imports it depends on every other feature.',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: '^src/app\\.ts$' },
    },
    {
      name: 'domain-not-to-adapters',
      severity: 'error',
      comment: 'The domain talks to platforms through ports (src/outbox/sender.ts); adapters live in src/channels/.',
      from: { path: '^src/(conversation|tickets|knowledge|broadcasts|outbox)/' },
      to: { path: ['^src/channels/', '^node_modules/(telegraf|undici)/'] },
    },
    {
      name: 'outbox-below-conversation',
      severity: 'error',
      comment: 'The engine stores its replies through the outbox; the outbox knows only the neutral message types.',
      from: { path: '^src/outbox/' },
      to: { path: '^src/conversation/', pathNot: '^src/conversation/messages\\.ts$' },
    },
    {
      name: 'no-console-to-web-client',
      severity: 'error',
      comment: 'The server never imports the browser code it serves.',
      from: { path: '^src/', pathNot: '/public/' },
      to: { path: '/public/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/db/generated/' },
    // type-only imports are dependencies too: a type cycle is still a cycle
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
