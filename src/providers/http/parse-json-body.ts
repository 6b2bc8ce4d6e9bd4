/** A response body parsed as JSON, or what is wrong with it, in words for the log. */
export function parseJsonBody(
  body: string,
): { readonly json: unknown } | { readonly problem: string } {
  try {
    return { json: JSON.parse(body) as unknown };
  } catch {
    return {
      problem:
        body.length === 0
          ? 'the body is empty'
          : 'the body is not JSON (truncated or not an API response)',
    };
  }
}
