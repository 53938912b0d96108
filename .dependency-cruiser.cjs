/** Layering of docs/DESIGN.md: renderer → shared contract → main/ipc → main/core → remote API. */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No cycles between modules.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-is-a-leaf',
      severity: 'error',
      comment: 'src-shared is imported by every side and imports none of them.',
      from: { path: '^src-shared/' },
      to: { path: '^(src-main|src-renderer|src-server)/' },
    },
    {
      name: 'server-stands-alone',
      severity: 'error',
      comment: 'src-server never imports from src-main or src-renderer.',
      from: { path: '^src-server/' },
      to: { path: '^(src-main|src-renderer)/' },
    },
    {
      name: 'renderer-only-through-contract',
      severity: 'error',
      comment: 'The renderer never touches Node, the network, the KEY or the main process code.',
      from: { path: '^src-renderer/' },
      to: {
        path: '^(src-main|src-server)/|^(node:)?(fs|path|child_process|net|http|https|os|crypto|worker_threads)$|node_modules/(axios|better-sqlite3|pkcs11js|electron|pg|@electric-sql)/',
      },
    },
    {
      name: 'renderer-not-shared-node',
      severity: 'error',
      comment: 'src-shared/node holds the Node-only code main and server share (the data folder lock).',
      from: { path: '^src-renderer/' },
      to: { path: '^src-shared/node/' },
    },
    {
      name: 'main-does-not-import-server-or-renderer',
      severity: 'error',
      comment: 'src-main reaches the API over HTTP (core/api), never by importing src-server.',
      from: { path: '^src-main/' },
      to: { path: '^(src-server|src-renderer)/' },
    },
    {
      name: 'core-has-no-electron',
      severity: 'error',
      comment: 'Everything below src-main/core runs in plain Node.',
      from: { path: '^src-main/(core|ipc|host)/' },
      to: { path: 'node_modules/electron/|^electron$' },
    },
    {
      name: 'core-does-not-know-its-hosts',
      severity: 'error',
      comment: 'core → nothing above it; ipc → core; hosts → ipc.',
      from: { path: '^src-main/core/' },
      to: { path: '^src-main/(ipc|host|electron)/' },
    },
    {
      name: 'ipc-does-not-know-its-hosts',
      severity: 'error',
      from: { path: '^src-main/ipc/' },
      to: { path: '^src-main/(host|electron)/' },
    },
    {
      name: 'hosts-are-separate',
      severity: 'error',
      from: { path: '^src-main/host/' },
      to: { path: '^src-main/electron/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    exclude: { path: '\\.test\\.tsx?$' },
  },
};
