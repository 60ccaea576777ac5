/**
 * The layers of `src/`, checked by `npm test` (the "layers" step): no import cycles (type imports
 * included), presentational components know no controller, the local element knows nothing of the
 * widget, the contract knows neither, and no shipped module imports what only a server writes
 * (src/contract/server.ts). `npx depcruise src` prints what breaks a rule.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'An import cycle in src/ (type imports count: they tie the modules together too).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'presentational-components-know-no-controller',
      comment: 'Toggle, panel, error, retry and indicator parts render their props only.',
      severity: 'error',
      from: {
        path: '^src/components/ChatWidget/(ChatToggle|ChatDialog|ErrorPanel|RetryPanel|ResponseIndicator)/',
      },
      to: {
        path: '^src/components/ChatWidget/(chatController|sessionClient|surface|ChatKitWrapper)',
      },
    },
    {
      name: 'local-element-knows-no-widget',
      comment:
        'src/chatkit-local is a ChatKit element of its own; the widget uses it, never the reverse.',
      severity: 'error',
      from: { path: '^src/chatkit-local/' },
      to: { path: '^src/components/' },
    },
    {
      name: 'local-element-layers-point-down',
      comment:
        'In src/chatkit-local: element → conversation → views → thread (the model) and markdown, ' +
        'with transport below the conversation. A lower layer never imports a higher one.',
      severity: 'error',
      from: { path: '^src/chatkit-local/(conversation|views|thread|markdown|transport)/' },
      to: { path: '^src/chatkit-local/element/' },
    },
    {
      name: 'local-element-views-know-no-conversation',
      severity: 'error',
      from: { path: '^src/chatkit-local/(views|thread|markdown|transport)/' },
      to: { path: '^src/chatkit-local/conversation/' },
    },
    {
      name: 'local-element-markdown-and-transport-stand-alone',
      comment:
        'The model, the Markdown reader and the transport import no view and none of each other.',
      severity: 'error',
      from: { path: '^src/chatkit-local/(thread|markdown|transport)/' },
      to: {
        path: '^src/chatkit-local/(views|thread|markdown|transport)/',
        pathNot: '^src/chatkit-local/$1/',
      },
    },
    {
      name: 'contract-knows-neither',
      comment: 'src/contract is what every side agrees on; it imports from no side.',
      severity: 'error',
      from: { path: '^src/contract/' },
      to: { path: '^src/(components|chatkit-local)/' },
    },
    {
      name: 'server-contract-ships-nowhere',
      comment:
        'src/contract/server.ts is what only a server writes (CORS, Wire* types, SSE frames): ' +
        'mocks/, tests/, scripts/ and *.test.ts import it, shipped code never does.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.tsx?$|test-support' },
      to: { path: '^src/contract/server\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.tsx?$|test-support' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    moduleSystems: ['es6'],
  },
};
