import type { Route } from './route-table.js';
import { handleChat } from './chat-handler.js';
import { handleSpeech } from './speech-handler.js';
import { handleEmbeddings } from './embeddings-handler.js';
import { handleModels } from './models-handler.js';
import { handleModel, MODEL_PATH } from './model-handler.js';
import { handleDeleteResponse, handleGetResponse, handleResponses } from './responses-handler.js';
import { handleRoute } from './route-handler.js';
import { sendJson } from './send.js';
import { ADMIN_ROUTES } from './admin/admin-routes.js';
import { DASHBOARD_ROUTES } from './admin/dashboard-routes.js';
import { handleMetrics } from './admin/metrics-route.js';
import { handleCountTokens, handleMessages } from './messages-handler.js';
import { KEY_ROUTES } from './admin/key-routes.js';

/** Every endpoint the gateway serves. A feature adds its routes here. */
export const ROUTES: Route[] = [
  { path: '/v1/chat/completions', method: 'POST', handle: (c) => handleChat(c.req, c.res, c.engine, c.log, c.requestId) },
  { path: '/v1/messages', method: 'POST', handle: (c) => handleMessages(c.req, c.res, c.engine, c.log, c.requestId) },
  { path: '/v1/messages/count_tokens', method: 'POST', handle: (c) => handleCountTokens(c.req, c.res, c.engine, c.log, c.requestId) },
  { path: '/v1/audio/speech', method: 'POST', handle: (c) => handleSpeech(c.req, c.res, c.engine, c.log, c.requestId) },
  { path: '/v1/embeddings', method: 'POST', handle: (c) => handleEmbeddings(c.req, c.res, c.engine, c.log, c.requestId) },
  { path: '/v1/responses', method: 'POST', handle: handleResponses },
  { path: '/v1/responses/', prefix: true, method: 'GET', handle: handleGetResponse },
  { path: '/v1/responses/', prefix: true, method: 'DELETE', handle: handleDeleteResponse },
  { path: '/v1/models', method: 'GET', handle: (c) => handleModels(c.res, c.engine) },
  { path: MODEL_PATH, prefix: true, method: 'GET', handle: (c) => handleModel(c.res, c.engine, c.path) },
  { path: '/v1/route', method: 'GET', handle: (c) => handleRoute(c.req, c.res, c.engine, c.query) },
  { path: '/health', method: 'GET', handle: (c) => sendJson(c.res, 200, { status: 'ok' }) },
  { path: '/metrics', method: 'GET', handle: handleMetrics },
  ...ADMIN_ROUTES,
  ...KEY_ROUTES,
  ...DASHBOARD_ROUTES,
];
