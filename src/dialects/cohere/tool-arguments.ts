/**
 * Tool-call arguments as OpenAI clients expect them: the text of a JSON object.
 *
 * Cohere sends `"null"` (recorded: cohere-null-args.json) or `""` (recorded: cohere-empty-tool-call.chunks.txt)
 * for a call to a tool that takes no parameters. Both become `"{}"`, which is what OpenAI itself sends for such
 * a tool: clients `JSON.parse` the text and read properties of the result, which throws on `null` and on `""`.
 * Nothing is lost, since neither says anything beyond "no arguments". Any other text is passed on untouched.
 */
export function normaliseArguments(raw: unknown): string {
  if (typeof raw !== 'string') return '{}';
  const trimmed = raw.trim();
  return trimmed === '' || trimmed === 'null' ? '{}' : raw;
}

/**
 * True while streamed argument text could still turn out to be a bare `null`: such text is held back
 * until it either becomes something else (a JSON object starts with `{`) or the call ends.
 */
export function mayStillBeNull(text: string): boolean {
  return 'null'.startsWith(text.trim());
}
