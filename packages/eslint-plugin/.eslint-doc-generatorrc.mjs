/**
 * eslint-doc-generator: the header of every docs/rules/<id>.md page (configs, suggestions) and the
 * README's rule list, from the plugin's own rules and configs. `pnpm docs` writes them; the test
 * command checks them (`--check`). Needs the plugin built (it loads dist/).
 */
/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  pathRuleDoc: '../../docs/rules/{name}.md',
  pathRuleList: '../../README.md',
  ruleDocTitleFormat: 'name',
  // `all` is every rule; the manifest configs are the same rules' YAML side (docs/guides/deployment.md).
  ignoreConfig: ['all'],
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
    ['manifests', '📦'],
    ['manifestsStrict', '🗄️'],
  ],
  // Every rule works without type information (none requires it; the column shows when one does).
  ruleListColumns: ['name', 'description', 'configsError', 'configsWarn', 'hasSuggestions', 'requiresTypeChecking'],
  ruleDocSectionOptions: false,
};

export default config;
