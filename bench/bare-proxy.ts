/**
 * The reference point the goals are stated against: a pass-through proxy of a dozen lines (parse, swap the model,
 * forward over a keep-alive pool, send back). Run as its own process by the benchmark:
 *   node dist/bench/bare-proxy.js UPSTREAM_BASE_URL KEY   → prints {"url": …}
 */
import { createServer } from 'node:http';
import { Pool } from 'undici';

const [base, key] = process.argv.slice(2) as [string, string];
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
    res.writeHead(answer.statusCode, { 'content-type': 'application/json' });
    for await (const chunk of answer.body) res.write(chunk);
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
