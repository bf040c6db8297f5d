// The layers of tpe run one way (README "How it is built"): assembly/ (the WASM engine, read only
// through its exports) ← host/ (runtime-free core: objects → engine → cluster → http) ← emulator/
// (runtime-free) ← surfaces/ (the only code that names a runtime; no surface imports another, except
// the CLI using the Node one). `npm run check:layers` (part of `npm test`) fails on any import against
// these rules and on any cycle.
const NODE_ONLY_PACKAGES = '^(@hono/node-server|@kubernetes/client-node|chokidar|cli-progress|commander)($|/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'A cycle makes two modules one; split the shared part out (a leaf both may import).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-runtime-free',
      comment: 'host/ and emulator/ run in browsers, Workers, Deno and Bun: no node: module, no Node-only package.',
      severity: 'error',
      from: { path: '^(host|emulator)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-uses-no-node-package',
      severity: 'error',
      from: { path: '^(host|emulator)/' },
      to: { path: NODE_ONLY_PACKAGES },
    },
    {
      name: 'host-is-below-emulator-and-surfaces',
      severity: 'error',
      from: { path: '^host/' },
      to: { path: '^(emulator|surfaces)/' },
    },
    {
      name: 'emulator-is-below-surfaces',
      severity: 'error',
      from: { path: '^emulator/' },
      to: { path: '^surfaces/' },
    },
    {
      name: 'objects-below-engine',
      comment: 'Kubernetes objects are read without knowing what decides over them.',
      severity: 'error',
      from: { path: '^host/objects/' },
      to: { path: '^host/(engine|cluster|http)/' },
    },
    {
      name: 'engine-below-cluster',
      severity: 'error',
      from: { path: '^host/engine/' },
      to: { path: '^host/(cluster|http)/' },
    },
    {
      name: 'cluster-below-http',
      severity: 'error',
      from: { path: '^host/cluster/' },
      to: { path: '^host/http/' },
    },
    {
      name: 'no-surface-imports-another',
      comment: 'Each surface is a thin folder over the core; shared code belongs in the core.',
      severity: 'error',
      from: { path: '^surfaces/([^/]+)/', pathNot: '^surfaces/cli/' },
      to: { path: '^surfaces/', pathNot: '^surfaces/$1/' },
    },
    {
      name: 'edge-entries-are-thin',
      comment:
        'Each runtime entry in surfaces/edge/<runtime>/ is a thin shell over the core: no other runtime, no build or launch tooling (surfaces/edge/*.ts, Node code).',
      severity: 'error',
      from: { path: '^surfaces/edge/([^/]+)/' },
      to: { path: '^surfaces/', pathNot: '^surfaces/edge/$1/' },
    },
    {
      name: 'edge-entries-use-no-node-module',
      severity: 'error',
      from: { path: '^surfaces/edge/[^/]+/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'cli-uses-only-the-node-surface',
      severity: 'error',
      from: { path: '^surfaces/cli/' },
      to: { path: '^surfaces/', pathNot: '^surfaces/(cli|node)/' },
    },
    {
      name: 'emulator-stages-below-renderers',
      comment:
        'Data flows model → slices → proxy → traffic → figures → renderers; the report document (document.ts) is a leaf every stage may import.',
      severity: 'error',
      from: { path: '^emulator/(model|controller|slices|proxy|traffic|figures|faults)/' },
      to: { path: '^emulator/(report|text|diff|lint)/' },
    },
    {
      name: 'text-helpers-are-a-leaf',
      severity: 'error',
      from: { path: '^emulator/text/' },
      to: { path: '^emulator/(report|diff|lint)/' },
    },
    {
      name: 'diff-below-report',
      severity: 'error',
      from: { path: '^emulator/diff/' },
      to: { path: '^emulator/report/' },
    },
    {
      name: 'production-never-imports-tests',
      comment: 'The reference in test/ is an oracle, never a second production path.',
      severity: 'error',
      from: { path: '^(host|emulator|surfaces)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-unresolvable-import',
      comment: 'tpe-edge: modules are made by surfaces/edge/build.ts when it bundles (the snapshot, the engine).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^tpe-edge:' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'] },
  },
};
