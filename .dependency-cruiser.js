/**
 * The import rules of docs/architecture.md, checked by `npm run deps:check` (part of `npm test`). Type-only imports
 * count (`tsPreCompilationDeps`): a type import is still a dependency of the design.
 * @type {import('dependency-cruiser').IConfiguration}
 */

/** The framework-free core: pure policy, engines and services that know nothing of Teams, HTTP or the process. */
const CORE = "^src/(signals|dialogs|knowledge|cases|notify|privacy|conversation|util|text|i18n)/";
/** The storage interfaces the core may name; every other file under src/storage is an implementation. */
const STORAGE_INTERFACES = "^src/storage/(case-store|key-value-store|knowledge-log)[.]ts$";
/** The Bot Framework and the HTTP server, and their type packages. */
const EDGE_PACKAGES = "(^|/)node_modules/(@types/)?(botbuilder[^/]*|botframework-[^/]+|restify[^/]*)/";
/** The composition root and the edges around the core. */
const WIRING = ["^src/(bot|cli|tab|web|devchat)/", "^src/(main|config)[.]ts$"];

export default {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A cycle, counting type-only imports. Break it with a small interface in the lower module.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "core-not-to-edge",
      severity: "error",
      comment:
        "The core imports no Bot Framework or restify, nothing from the bot, the CLI, main or config, and of " +
        "src/storage only the interfaces (case-store, key-value-store, knowledge-log). Pass what it needs in.",
      from: { path: CORE },
      to: { path: [EDGE_PACKAGES, ...WIRING, "^src/storage/"], pathNot: STORAGE_INTERFACES },
    },
    {
      name: "storage-not-to-wiring",
      severity: "error",
      comment:
        "Storage implements interfaces; it imports nothing from the bot, the CLI, main or config (the " +
        "settings types it needs are declared in src/storage and config.ts produces them).",
      from: { path: "^src/storage/" },
      to: { path: [EDGE_PACKAGES, ...WIRING] },
    },
    {
      name: "storage-not-to-services",
      severity: "error",
      comment:
        "Storage may use the pure schema and policy modules of cases and notify, never their services " +
        "(case-service, case-actions, dispatcher, notifier, reminders, ...).",
      from: { path: "^src/storage/" },
      to: {
        path: "^src/(cases|notify)/",
        pathNot: "^src/(cases/case-schema|notify/outbox-schema|notify/outbox-policy)[.]ts$",
      },
    },
    {
      name: "i18n-is-a-leaf",
      severity: "error",
      comment:
        "The text catalogues (src/i18n) import nothing from the rest of src, so every layer may use them " +
        "without a cycle.",
      from: { path: "^src/i18n/" },
      to: { path: "^src/", pathNot: "^src/i18n/" },
    },
    {
      name: "devchat-web-is-self-contained",
      severity: "error",
      comment:
        "The web chat's browser code talks to the bot over HTTP only, as a channel does: it imports nothing " +
        "from src/ outside src/devchat/web.",
      from: { path: "^src/devchat/web/" },
      to: { path: "^src/", pathNot: "^src/devchat/web/" },
    },
    {
      name: "nothing-imports-entry-points",
      severity: "error",
      comment: "main.ts and the CLI are entry points: only the CLI itself may import them.",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: ["^src/main[.]ts$", "^src/cli/"] },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import dependency-cruiser cannot resolve would slip past every rule above.",
      from: { path: "^src/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    includeOnly: ["^src/", "node_modules/"],
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
  },
};
