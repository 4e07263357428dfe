/**
 * Serving the dashboard: the page and its assets with the right content types and caching headers, revalidation,
 * every file the page and its modules load actually served, no external URL, and no way out of the asset list.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestGateway } from '../helpers/gateway.js';
import { ROOT } from '../helpers/paths.js';
import type { RunningGateway } from '../../src/gateway.js';
import { raw, assertOpenAIError } from '../server/admin/helpers.js';

const SOURCE = join(ROOT, 'src', 'dashboard');
let gw: RunningGateway;

before(async () => {
  gw = await startTestGateway({ env: {} });
});
after(() => gw.close());

describe('the page', () => {
  it('GET /dashboard: HTML, revalidated on each load, with a strict content security policy', async () => {
    const res = await raw(gw.url, '/dashboard');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.match(String(res.headers.etag), /^"[\w-]+"$/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /connect-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    assert.equal(res.body, readFileSync(join(SOURCE, 'index.html'), 'utf8'));
    assert.equal(Number(res.headers['content-length']), Buffer.byteLength(res.body));
    assert.equal((await raw(gw.url, '/dashboard/')).status, 200);
  });

  it('answers 304 to a matching If-None-Match, and HEAD without a body', async () => {
    const first = await raw(gw.url, '/dashboard');
    const again = await raw(gw.url, '/dashboard', { headers: { 'if-none-match': String(first.headers.etag) } });
    assert.equal(again.status, 304);
    assert.equal(again.body, '');
    const other = await raw(gw.url, '/dashboard', { headers: { 'if-none-match': '"something-else"' } });
    assert.equal(other.status, 200);
    const head = await raw(gw.url, '/dashboard', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });
});

describe('assets', () => {
  const types: Array<[string, RegExp, RegExp]> = [
    ['/dashboard/assets/app.js', /^text\/javascript/, /^no-cache$/],
    ['/dashboard/assets/style.css', /^text\/css/, /^no-cache$/],
    ['/dashboard/assets/vendor/uPlot.esm.js', /^text\/javascript/, /^public, max-age=\d+$/],
    ['/dashboard/assets/vendor/uPlot.min.css', /^text\/css/, /^public, max-age=\d+$/],
  ];
  for (const [path, type, cache] of types) {
    it(`${path}: ${type.source} with caching headers`, async () => {
      const res = await raw(gw.url, path);
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), type);
      assert.match(String(res.headers['cache-control']), cache);
      assert.ok(res.headers.etag);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.ok(res.body.length > 100);
    });
  }

  it('every file the page and its modules load is served, and none is fetched from elsewhere', async () => {
    const html = readFileSync(join(SOURCE, 'index.html'), 'utf8');
    const wanted = new Set<string>();
    for (const [, url] of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      assert.ok(!/^(?:https?:)?\/\//.test(url!), `the page loads ${url} from elsewhere`);
      if (url!.startsWith('/dashboard/assets/')) wanted.add(url!);
    }
    for (const file of readdirSync(SOURCE).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(SOURCE, file), 'utf8');
      assert.doesNotMatch(text, /https?:\/\/(?!www\.w3\.org)/, `${file} names an external URL`);
      for (const [, spec] of text.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)) {
        assert.ok(spec!.startsWith('./'), `${file} imports ${spec} (bare imports do not resolve in the browser)`);
        wanted.add(new URL(spec!, `http://x/dashboard/assets/${file}`).pathname);
      }
    }
    assert.ok(wanted.size >= 8, [...wanted].join(', '));
    for (const path of wanted) assert.equal((await raw(gw.url, path)).status, 200, path);
  });

  it('no path traversal: only listed files are served, whatever the path says', async () => {
    const attempts = [
      '/dashboard/assets/../../package.json',
      '/dashboard/assets/../index.html',
      '/dashboard/assets/%2e%2e/%2e%2e/package.json',
      '/dashboard/assets/..%2f..%2fpackage.json',
      '/dashboard/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/dashboard/assets/..%5c..%5cpackage.json',
      '/dashboard/assets/vendor/../../../../package.json',
      '/dashboard/assets/vendor/..%2f..%2f..%2f..%2fpackage.json',
      '/dashboard/assets//etc/passwd',
      '/dashboard/assets/%2fetc%2fpasswd',
      '/dashboard/assets/app.js%00.html',
      '/dashboard/assets/%E0%A4%A',
      '/dashboard/assets/',
      '/dashboard/assets/index.html',
      '/dashboard/assets/vendor/uPlot.cjs.js',
      '/dashboard/assets/vendor/../../uplot/package.json',
      '/dashboard/assets/.',
      '/dashboard/assets/APP.JS',
    ];
    const secret = readFileSync(join(ROOT, 'package.json'), 'utf8').slice(0, 40);
    for (const path of attempts) {
      const res = await raw(gw.url, path);
      assertOpenAIError(res, 404);
      assert.ok(!res.body.includes(secret) && !res.body.includes('root:'), `${path} leaked a file`);
    }
  });

  it('only GET and HEAD', async () => {
    assertOpenAIError(await raw(gw.url, '/dashboard/assets/app.js', { method: 'POST' }), 405);
    assertOpenAIError(await raw(gw.url, '/dashboard', { method: 'DELETE' }), 405);
  });
});
