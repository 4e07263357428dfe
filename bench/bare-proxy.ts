/**
 * The reference point the goals are stated against: a pass-through proxy of a dozen lines (parse, swap the model,
 * forward over a keep-alive pool, send back). Run as its own process by the benchmark:
 *   node dist/bench/bare-proxy.js UPSTREAM_BASE_URL KEY [--hold-until-content]   → prints {"url": …}
 * With --hold-until-content it follows WAI's commit rule for streams: nothing goes to the caller until the upstream's
 * first content event (until then an attempt can still fail over unseen), then the held bytes and everything after
 * as they come. The stream bench runs both, to show what that rule costs apart from any gateway logic.
 */
import { createServer, type ServerResponse } from 'node:http';
import { Pool, type Dispatcher } from 'undici';

const [base, key, mode] = process.argv.slice(2) as [string, string, string | undefined];
const holdUntilContent = mode === '--hold-until-content';
const upstream = new URL(base);
// No connection limit (undici's default, as the gateway's): the many-streams case holds thousands at once.
const pool = new Pool(upstream.origin);
const server = createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on('data', (chunk: Buffer) => parts.push(chunk));
  req.on('end', async () => {
    const body = JSON.parse(Buffer.concat(parts).toString()) as { model: string };
    body.model = body.model.slice(body.model.indexOf('/') + 1);
    const answer = await pool.request({ path: `${upstream.pathname}/chat/completions`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
    if (holdUntilContent) return relayHeld(answer, res);
    res.writeHead(answer.statusCode, { 'content-type': 'application/json' });
    for await (const chunk of answer.body) res.write(chunk);
    res.end();
  });
});

/** The answer's bytes held until a content event has come, then relayed as they come. */
async function relayHeld(answer: Dispatcher.ResponseData, res: ServerResponse): Promise<void> {
  let held: Buffer[] | undefined = [];
  for await (const chunk of answer.body as AsyncIterable<Buffer>) {
    if (!held) {
      res.write(chunk);
      continue;
    }
    held.push(chunk);
    if (!hasContent(Buffer.concat(held).toString())) continue;
    res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type']) });
    res.write(Buffer.concat(held));
    held = undefined;
  }
  if (held) res.writeHead(answer.statusCode).write(Buffer.concat(held));
  res.end();
}

/** True once an event with non-empty `delta.content` has been seen in `text` (whole events only). */
function hasContent(text: string): boolean {
  for (const event of text.split('\n\n').slice(0, -1)) {
    if (!event.startsWith('data: {')) continue;
    const chunk = JSON.parse(event.slice(6)) as { choices?: Array<{ delta?: { content?: string } }> };
    if (chunk.choices?.[0]?.delta?.content) return true;
  }
  return false;
}

// The gateway's and the simulator's backlog: a burst of connects queues instead of being dropped (a 1-second SYN retry).
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  const address = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
