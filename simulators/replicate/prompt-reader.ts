/**
 * Turns a prediction's prompt back into chat messages, so the simulator answers Replicate requests with the
 * same deterministic rules as the other simulators. It reads the three forms the gateway writes: a plain prompt
 * (one user turn), Llama-3 headers (`<|start_header_id|>role<|end_header_id|>`), and a `User:`/`Assistant:` transcript.
 */
export type SimMessage = { role: 'system' | 'user' | 'assistant' | 'tool'; content: string };

const LLAMA3_TURN = /<\|start_header_id\|>(\w+)<\|end_header_id\|>\n\n([\s\S]*?)<\|eot_id\|>/g;
const TRANSCRIPT_TURN = /(?:^|\n\n)(User|Assistant|Tool): ([\s\S]*?)(?=\n\n(?:User|Assistant|Tool):|$)/g;

export function readPrompt(prompt: string, systemPrompt: string | undefined): SimMessage[] {
  const messages: SimMessage[] = systemPrompt ? [{ role: 'system', content: systemPrompt }] : [];
  if (prompt.includes('<|start_header_id|>')) {
    for (const m of prompt.matchAll(LLAMA3_TURN)) {
      const role = m[1] === 'ipython' ? 'tool' : m[1] === 'assistant' ? 'assistant' : m[1] === 'system' ? 'system' : 'user';
      messages.push({ role, content: m[2]! });
    }
    return messages;
  }
  if (/^User: /.test(prompt) && prompt.endsWith('\n\nAssistant:')) {
    for (const m of prompt.slice(0, -'\n\nAssistant:'.length).matchAll(TRANSCRIPT_TURN)) {
      messages.push({ role: m[1] === 'User' ? 'user' : m[1] === 'Tool' ? 'tool' : 'assistant', content: m[2]! });
    }
    return messages;
  }
  messages.push({ role: 'user', content: prompt });
  return messages;
}
