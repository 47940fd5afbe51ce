/**
 * The JSON schema of statelint.config.json, generated from the rules' own option schemas so editors
 * complete rule ids and options. Shipped in the CLI package (`statelint/schema/…`).
 *   node scripts/config-schema.mjs          rewrite packages/cli/schema/statelint.config.schema.json
 *   node scripts/config-schema.mjs --check  exit 1 if it is out of date
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SEVERITY = { description: 'off, warn or error (0, 1, 2 as in ESLint)', enum: ['off', 'warn', 'error', 0, 1, 2] };

export function configSchema(rules) {
  const ruleEntries = {};
  for (const rule of rules) {
    const entry = {
      description: `${rule.meta.docs.description} https://github.com/statelint/statelint/blob/main/docs/rules/${rule.id}.md`,
      oneOf: [
        SEVERITY,
        { type: 'array', items: [SEVERITY], minItems: 1, maxItems: 1 },
        { type: 'array', items: [SEVERITY, rule.meta.schema], minItems: 2, maxItems: 2 },
      ],
    };
    ruleEntries[rule.id] = entry;
    ruleEntries[`statelint/${rule.id}`] = entry;
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/statelint/statelint/blob/main/packages/cli/schema/statelint.config.schema.json',
    title: 'statelint configuration',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      extends: { description: 'The preset the rules start from.', enum: ['recommended', 'strict', 'all'], default: 'recommended' },
      rules: { description: 'Rule settings over the preset, in ESLint syntax.', type: 'object', properties: ruleEntries, additionalProperties: false },
      include: { description: 'Globs (relative to this file) of the files to audit.', type: 'array', items: { type: 'string', minLength: 1 } },
      exclude: { description: 'Globs (relative to this file) of files to leave out.', type: 'array', items: { type: 'string', minLength: 1 } },
      maxFileSize: {
        description: 'Files larger than this are skipped (listed under errors), never read: bytes, or a size such as "512KB" or "20MB". Default 10MB.',
        oneOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*([kKmMgG][bB]?|[bB])?\\s*$' }],
      },
    },
    additionalProperties: false,
  };
}

export const SCHEMA_FILE = path.join('packages', 'cli', 'schema', 'statelint.config.schema.json');

export function schemaText(rules) {
  return `${JSON.stringify(configSchema(rules), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { rules, manifestRules = [], crossChecks = [] } = await import(path.join(root, 'rules', 'dist', 'index.js'));
  const file = path.join(root, SCHEMA_FILE);
  const text = schemaText([...rules, ...manifestRules, ...crossChecks]);
  if (process.argv.includes('--check')) {
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) {
      console.error(`${SCHEMA_FILE} is out of date: run node scripts/config-schema.mjs`);
      process.exit(1);
    }
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}
