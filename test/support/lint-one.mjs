// Lints one file with ESLint and statelint.configs.recommended (untyped), from the file's directory
// tree given as argv[2], and prints the messages as JSON: run in a child process by tests that must
// bound its time and memory.
import { ESLint } from 'eslint';
import statelint from 'eslint-plugin-statelint';
import tseslint from 'typescript-eslint';

const [cwd, file] = process.argv.slice(2);
const eslint = new ESLint({
  cwd,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, statelint.configs.recommended],
});
const [result] = await eslint.lintFiles([file]);
process.stdout.write(JSON.stringify(result.messages.map((m) => ({ ruleId: m.ruleId, line: m.line, column: m.column }))));
