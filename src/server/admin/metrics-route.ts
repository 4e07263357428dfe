import type { RequestContext } from '../route-table.js';
import { attachMetrics } from '../../observe/metrics/attach.js';
import { checkAdminAccess } from './auth.js';

/** GET /metrics: the Prometheus text exposition of this runtime's registry. */
export async function handleMetrics(ctx: RequestContext): Promise<void> {
  // One operator rule for /metrics, /admin and the dashboard.
  checkAdminAccess(ctx.req, ctx.runtime.config.adminKey, { host: ctx.runtime.config.host });
  ctx.req.resume();
  // A runtime built without startGateway (an embedding server) gets its metrics on first scrape.
  const metrics = attachMetrics(ctx.runtime);
  const text = await metrics.render();
  ctx.res.writeHead(200, {
    'content-type': metrics.contentType,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  ctx.res.end(text);
}
