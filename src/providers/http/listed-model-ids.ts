/** Model ids from an OpenAI- or Anthropic-style `{data: [{id}]}` list, or undefined. */
export function listedModelIds(body: string): readonly string[] | undefined {
  try {
    const parsed = JSON.parse(body) as { data?: unknown };
    if (!Array.isArray(parsed.data)) return undefined;
    return parsed.data.flatMap((entry: unknown) => {
      const id = (entry as { id?: unknown } | null)?.id;
      return typeof id === 'string' ? [id] : [];
    });
  } catch {
    return undefined;
  }
}
