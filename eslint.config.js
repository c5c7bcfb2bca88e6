import js from "@eslint/js";
import tseslint from "typescript-eslint";

const CORE_PROCESS =
  "the core does not read the process (env, argv, cwd, exit): take the value as a parameter from config or main";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "data/", "coverage/", "build/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-empty": ["error", { allowEmptyCatch: false }],
    },
  },
  {
    // The core gets what it needs from the environment passed in (config.ts reads it, main.ts wires it).
    files: ["src/{signals,dialogs,knowledge,cases,notify,privacy,conversation,util,text,i18n}/**/*.ts"],
    rules: {
      "no-restricted-globals": ["error", { name: "process", message: CORE_PROCESS }],
      "no-restricted-properties": [
        "error",
        { object: "globalThis", property: "process", message: CORE_PROCESS },
      ],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "process", message: CORE_PROCESS },
            { name: "node:process", message: CORE_PROCESS },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);
