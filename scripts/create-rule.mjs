/**
 * Scaffolds a rule: rules/<id>/{rule.ts, catalogue.ts, <id>.test.ts}, docs/rules/<id>.md,
 * fixtures/violations/<id>/, and its entry in rules/index.ts. Refuses to overwrite anything.
 *   pnpm new-rule no-local-scheduler
 *
 * The folder follows the map in docs/guides/writing-rules.md ("Where things go in core"): the rule
 * file holds the judgement and the messages, the catalogue holds data typed with core's one
 * API-reference type (ModuleRef, matched with refStartsWith, both from packages/core/src/lang/),
 * and whatever a second rule would need goes to core (lang/ or service/), never here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const id = process.argv[2];
if (!id || !/^[a-z]+(-[a-z]+)+$/.test(id)) {
  console.error('usage: pnpm new-rule <rule-id>   (kebab-case, e.g. no-local-scheduler)');
  process.exit(2);
}
const camel = id.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

const files = {
  [`rules/${id}/rule.ts`]: `/**
 * ${id}: <one paragraph: what the rule finds and why it breaks a stateless service>.
 *
 * This folder holds the rule's judgement, catalogue and messages only. Ask core for facts (where
 * things go: docs/guides/writing-rules.md): module references, values and scopes come from lang/
 * (\`facts.modules\`, \`facts.scope\`), what runs where and when from service/ (\`codeKind\`,
 * \`lifecycleOf\`, \`requestServing\`). A fact a second rule needs moves to core.
 */
import { defineRule, refStartsWith } from '@statelint/core';
import { CATALOGUE } from './catalogue.js';

export interface Options {
  /** <what the option does> */
  exampleOption: boolean;
}

export type MessageId = 'example';

export default defineRule<MessageId, Options>({
  id: '${id}',
  meta: {
    type: 'problem',
    docs: {
      description: '<Disallow … / Require …>.',
      recommended: 'error',
    },
    messages: {
      example: '<What is wrong with {{name}}, and what to do instead.>',
    },
    schema: {
      type: 'object',
      properties: {
        exampleOption: { type: 'boolean', description: '<what the option does>' },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { exampleOption: false },
  create(context) {
    const { ts, facts } = context;
    return {
      CallExpression(call) {
        const ref = facts.modules.resolve(call.expression);
        if (!CATALOGUE.some((api) => refStartsWith(ref, api.module, api.path))) return;
        void ts;
      },
    };
  },
});
`,
  [`rules/${id}/catalogue.ts`]: `/** What ${id} knows, as data: the APIs it matches. The rule's logic names none of them. */
import type { ModuleRef } from '@statelint/core';

/** API references (core's one type for them): \`{ module: 'fs', path: ['writeFile'] }\`. */
export const CATALOGUE: readonly ModuleRef[] = [];
`,
  [`rules/${id}/${id}.test.ts`]: `import { runRuleTests } from '../../test/rule-tester.js';

runRuleTests('${id}', {
  valid: [],
  invalid: [],
});
`,
  [`docs/rules/${id}.md`]: `# ${id}

> <Disallow … / Require …>.

| | |
| --- | --- |
| Recommended | error |
| Strict | error |
| Options | \`exampleOption\` |
| Type information | optional: <what it adds> |

## Why

## What it reports

## Examples

### Incorrect

\`\`\`ts incorrect
\`\`\`

### Correct

\`\`\`ts correct
\`\`\`

## Options

### \`exampleOption\` (default \`false\`)

## When not to use it
`,
  [`fixtures/violations/${id}/example.ts`]: `// Realistic code with every expected finding marked: // expect: ${id}\n`,
};

for (const rel of Object.keys(files)) {
  if (fs.existsSync(path.join(root, rel))) {
    console.error(`${rel} already exists; not overwriting anything`);
    process.exit(1);
  }
}
for (const [rel, text] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
  console.log(`created ${rel}`);
}

const indexFile = path.join(root, 'rules', 'index.ts');
let index = fs.readFileSync(indexFile, 'utf8');
const lastImport = [...index.matchAll(/^import .* from '\.\/[\w-]+\/rule\.js';$/gm)].pop();
index = `${index.slice(0, lastImport.index + lastImport[0].length)}\nimport ${camel} from './${id}/rule.js';${index.slice(lastImport.index + lastImport[0].length)}`;
index = index.replace(/export const rules: readonly AnyRule\[\] = \[([^\]]*)\];/, (_, list) => `export const rules: readonly AnyRule[] = [${list.trim().replace(/,$/, '')}, ${camel}];`);
fs.writeFileSync(indexFile, index);
console.log(`registered ${id} in rules/index.ts`);
