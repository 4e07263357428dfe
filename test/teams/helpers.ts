/**
 * Shared pieces of the client-key tests: a gateway with its own SQLite file (or a PostgreSQL schema), keys made
 * through the admin API, and raw calls with a key.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../../simulators/index.js';
import type { RunningGateway } from '../../src/gateway.js';
import { postRaw, simEnv, type RawResponse } from '../gateway/gw-helpers.js';

export const CHAT = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] };

export function tempDir(): { dir: string; sqlitePath: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'wai-teams-test-'));
  return { dir, sqlitePath: join(dir, 'wai.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openaiEnv(sim: Simulator, extra: Record<string, string> = {}): Record<string, string> {
  return { ...simEnv(sim, ['openai']), ...extra };
}

export type Answer = RawResponse;

/** A call with the given key (Bearer unless `header` says x-api-key); no key when undefined. */
export function call(base: string, path: string, init: { key?: string | undefined; body?: unknown; method?: string; header?: 'bearer' | 'x-api-key'; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key !== undefined) {
    if (init.header === 'x-api-key') headers['x-api-key'] = init.key;
    else headers.authorization = `Bearer ${init.key}`;
  }
  return postRaw(`${base}${path}`, init.body, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers });
}

export const chat = (gw: RunningGateway | string, key: string | undefined, body: unknown = CHAT, header?: 'bearer' | 'x-api-key') =>
  call(typeof gw === 'string' ? gw : gw.url, '/v1/chat/completions', { key, body, ...(header ? { header } : {}) });

/** Creates a key through the admin API (loopback, no admin key); returns its id and secret. */
export async function createKeyVia(base: string, settings: Record<string, unknown>, adminKey?: string): Promise<{ id: string; secret: string; key: any }> {
  const answer = await call(base, '/admin/keys', { body: settings, ...(adminKey ? { key: adminKey } : {}) });
  assert.equal(answer.status, 201, answer.text);
  return { id: answer.json.key.id, secret: answer.json.secret, key: answer.json.key };
}

/** An OpenAI error body with this status, code and (optionally) type; returns the error object. */
export function assertError(answer: Answer, status: number, code: string, type?: string): any {
  assert.equal(answer.status, status, answer.text);
  const error = answer.json?.error;
  assert.ok(error && typeof error.message === 'string', `OpenAI error body: ${answer.text}`);
  assert.equal(error.code, code);
  if (type) assert.equal(error.type, type);
  assert.ok('param' in error && 'type' in error, 'OpenAI shape');
  return error;
}
