/**
 * Herald's layer rule, checked by `npm run lint` (ARCHITECTURE.md explains the rooms).
 * A folder imports only folders below it:
 *
 *   main.ts, app.ts, migrate.ts                  entry points and wiring
 *   server/  web/  bot/  jobs/  ingest/          the outer rooms: none imports another
 *   check/  demo/                                (check/ is `npm run check`, demo/ is `npm start -- --demo`)
 *   delivery/
 *   stores/
 *   readers/ (may use i18n/)  i18n/  news/
 *   db/  config.ts  logger.ts  html.ts  progress.ts   base modules: import nothing of Herald's
 *
 * Type-only imports count too (tsPreCompilationDeps): a type is a dependency like any other.
 */

const ENTRY = '^src/(main|app|migrate)\\.ts$';
const OUTER = '^src/(server|web|bot|jobs|ingest|check|demo)/';
const BASE = '^src/(db/|config\\.ts$|logger\\.ts$|html\\.ts$|progress\\.ts$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, inside a folder or between folders.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'every-file-in-a-room',
      severity: 'error',
      comment: 'A file at the top of src/ is an entry point or a base module; anything else goes in a room (ARCHITECTURE.md).',
      from: { path: '^src/[^/]+$', pathNot: [ENTRY, BASE] },
      to: {},
    },
    {
      name: 'entry-points-on-top',
      severity: 'error',
      comment: 'Only main.ts imports app.ts; nothing imports main.ts or migrate.ts.',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: ENTRY },
    },
    {
      name: 'outer-rooms-apart',
      severity: 'error',
      comment: 'server, web, bot, jobs, ingest, check and demo do not import one another: app.ts and main.ts wire them together (inject what one needs of another).',
      from: { path: '^src/(server|web|bot|jobs|ingest|check|demo)/' },
      to: { path: OUTER, pathNot: '^src/$1/' },
    },
    {
      name: 'delivery-below-outer-rooms',
      severity: 'error',
      comment: 'delivery/ sends what the outer rooms queue; it imports none of them.',
      from: { path: '^src/delivery/' },
      to: { path: [ENTRY, OUTER] },
    },
    {
      name: 'stores-below-delivery',
      severity: 'error',
      comment: 'stores/ hold all SQL and return domain types; they import neither delivery/ nor anything above it.',
      from: { path: '^src/stores/' },
      to: { path: [ENTRY, OUTER, '^src/delivery/'] },
    },
    {
      name: 'rules-below-stores',
      severity: 'error',
      comment: 'readers/, i18n/ and news/ are pure rules and texts: they import no store, no delivery, nothing above.',
      from: { path: '^src/(readers|i18n|news)/' },
      to: { path: [ENTRY, OUTER, '^src/(delivery|stores)/'] },
    },
    {
      name: 'rules-apart',
      severity: 'error',
      comment: 'news/ and i18n/ import neither each other nor readers/.',
      from: { path: '^src/(news|i18n)/' },
      to: { path: '^src/(news|i18n|readers)/', pathNot: '^src/$1/' },
    },
    {
      name: 'readers-use-no-news',
      severity: 'error',
      comment: 'readers/ may use i18n/ (labels, descriptions of choices) but not news/: items reach reader rules as plain values.',
      from: { path: '^src/readers/' },
      to: { path: '^src/news/' },
    },
    {
      name: 'news-knows-no-database',
      severity: 'error',
      comment: 'news/ knows nothing of the database (or of Telegram, below).',
      from: { path: '^src/news/' },
      to: { path: '^src/db/' },
    },
    {
      name: 'base-imports-nothing',
      severity: 'error',
      comment: 'db/, config.ts, logger.ts, html.ts and progress.ts are the base: they import nothing of Herald outside the base.',
      from: { path: BASE },
      to: { path: '^src/', pathNot: BASE },
    },
    {
      name: 'telegram-free-rooms',
      severity: 'error',
      comment: 'Only bot/ (listening), delivery/ (sending) and the rooms wiring them talk grammY; rules, texts, stores and the base do not.',
      from: { path: ['^src/(readers|i18n|news|stores|db)/', BASE] },
      to: { path: '(^|/)node_modules/(grammy|@grammyjs/[^/]+)/' },
    },
    {
      name: 'bot-menus-and-conversations-below-features',
      severity: 'error',
      comment: 'Inside bot/: features use menus and conversations, never the other way round.',
      from: { path: '^src/bot/(menus|conversations)/' },
      to: { path: ['^src/bot/(features|admin)/', '^src/bot/create-bot\\.ts$'] },
    },
    {
      name: 'bot-menus-apart-from-conversations',
      severity: 'error',
      comment: 'Inside bot/: menus and conversations do not import each other.',
      from: { path: '^src/bot/(menus|conversations)/' },
      to: { path: '^src/bot/(menus|conversations)/', pathNot: '^src/bot/$1/' },
    },
    {
      name: 'bot-admin-apart-from-reader-features',
      severity: 'error',
      comment: "Inside bot/: editors' features (admin/) and readers' features (features/, menus/, conversations/) do not import each other.",
      from: { path: '^src/bot/(admin|features|menus|conversations)/' },
      to: { path: '^src/bot/(admin|features|menus|conversations)/', pathNot: ['^src/bot/$1/', '^src/bot/(menus|conversations)/'] },
    },
    {
      name: 'bot-context-below-features',
      severity: 'error',
      comment: 'Inside bot/: context.ts, commands.ts and routed-command.ts import no feature; only create-bot.ts assembles them.',
      from: { path: '^src/bot/[^/]+\\.ts$', pathNot: '^src/bot/create-bot\\.ts$' },
      to: { path: ['^src/bot/(admin|features|menus|conversations)/', '^src/bot/create-bot\\.ts$'] },
    },
  ],
  options: {
    includeOnly: '^src/|(^|/)node_modules/(grammy|@grammyjs/[^/]+)/',
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
