/** Every rule's documentation URL is derived from its id, so the two cannot drift apart. */
export const DOCS_BASE_URL = 'https://github.com/statelint/statelint/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
