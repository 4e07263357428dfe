import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { createRequire } from 'node:module';
import { packageRoot } from '../../internal/package-root.js';
import type { ServerResponse } from 'node:http';
import type { Route, RequestContext } from '../route-table.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { attachAdmin } from '../../observe/admin/admin-state.js';
import { checkAdminAccess } from './auth.js';

/**
 * The dashboard: `/dashboard` (the page) and `/dashboard/assets/*` (its modules and styles, and uPlot).
 * tsc does not copy non-TypeScript files, so they are served from the source folder `src/dashboard/`,
 * found from the package root. Only files listed at start can be served: a request names a file of that list
 * or gets a 404, so no path in a URL ever reaches the file system.
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** Everything the page loads comes from this origin; nothing inline runs. */
const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

interface Asset {
  file: string;
  type: string;
  cacheControl: string;
}

interface Loaded {
  mtimeMs: number;
  body: Buffer;
  etag: string;
}

let assets: Map<string, Asset> | undefined;
const loaded = new Map<string, Loaded>();

/** The files that may be served, by the name under /dashboard/assets/. */
export function dashboardAssets(): Map<string, Asset> {
  if (assets) return assets;
  const root = packageRoot();
  const source = join(root, 'src', 'dashboard');
  const list = new Map<string, Asset>();
  if (existsSync(source)) {
    for (const name of readdirSync(source)) {
      const type = TYPES[extname(name)];
      if (!type || name === 'index.html' || name.startsWith('.')) continue;
      list.set(name, { file: join(source, name), type, cacheControl: 'no-cache' });
    }
  }
  const uplot = uplotFolder();
  for (const name of ['uPlot.esm.js', 'uPlot.min.css']) {
    const file = join(uplot, name);
    if (existsSync(file)) list.set(`vendor/${name}`, { file, type: TYPES[extname(name)]!, cacheControl: 'public, max-age=86400' });
  }
  assets = list;
  return list;
}

/** uPlot's dist folder wherever npm put it: under this package, or hoisted beside it in an installation. */
function uplotFolder(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve('uplot'));
  } catch {
    return join(packageRoot(), 'node_modules', 'uplot', 'dist');
  }
}

function pageAsset(): Asset {
  return { file: join(packageRoot(), 'src', 'dashboard', 'index.html'), type: TYPES['.html']!, cacheControl: 'no-cache' };
}

function load(asset: Asset): Loaded {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(asset.file).mtimeMs;
  } catch {
    throw new GatewayError(404, 'The dashboard files are not installed with this gateway.', { code: 'dashboard_missing' });
  }
  const hit = loaded.get(asset.file);
  if (hit && hit.mtimeMs === mtimeMs) return hit;
  const body = readFileSync(asset.file);
  const entry = { mtimeMs, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
  loaded.set(asset.file, entry);
  return entry;
}

function serve(c: RequestContext, asset: Asset, extra: Record<string, string> = {}): void {
  const { body, etag } = load(asset);
  const headers: Record<string, string> = { 'content-type': asset.type, 'cache-control': asset.cacheControl, etag, 'x-content-type-options': 'nosniff', ...extra };
  const match = c.req.headers['if-none-match'];
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    c.res.writeHead(304, headers);
    c.res.end();
    return;
  }
  writeBody(c.res, 200, body, headers);
}

function writeBody(res: ServerResponse, status: number, body: Buffer, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'content-length': body.length });
  res.end(body);
}

function page(c: RequestContext): void {
  c.req.resume();
  checkAdminAccess(c.req, c.engine.config.adminKey, { publicWhenKeyed: true, host: c.engine.config.host });
  // Opening the dashboard starts the in-memory windows if the gateway did not at start.
  attachAdmin(c.runtime);
  serve(c, pageAsset(), PAGE_HEADERS);
}

function asset(c: RequestContext): void {
  c.req.resume();
  checkAdminAccess(c.req, c.engine.config.adminKey, { publicWhenKeyed: true, host: c.engine.config.host });
  const raw = c.path.slice('/dashboard/assets/'.length);
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    name = '';
  }
  const found = dashboardAssets().get(name);
  if (!found) throw new GatewayError(404, `No dashboard asset "${raw.slice(0, 100)}".`, { code: 'unknown_path' });
  serve(c, found);
}

export const DASHBOARD_ROUTES: Route[] = [
  { path: '/dashboard', method: 'GET', handle: page },
  { path: '/dashboard/', method: 'GET', handle: page },
  { path: '/dashboard/assets/', prefix: true, method: 'GET', handle: asset },
];
