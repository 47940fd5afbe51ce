/** Fills `{{ name }}` placeholders the way ESLint does, so both front ends print the same text. */
export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  if (data === undefined) return template;
  return template.replace(/\{\{([^{}]+?)\}\}/g, (whole, term: string) => {
    const key = term.trim();
    return key in data ? String(data[key]) : whole;
  });
}
