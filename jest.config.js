/**
 * Jest runs the TypeScript sources as ESM, compiled by swc (type stripping only: `npm run typecheck` checks types).
 * Both cores are used: every suite that needs a port, a folder or a PostgreSQL schema makes its own.
 */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript" },
          target: "es2022",
          transform: { useDefineForClassFields: true },
        },
        module: { type: "es6" },
        sourceMaps: "inline",
      },
    ],
  },
  maxWorkers: 2,
  testTimeout: 20000,
};
