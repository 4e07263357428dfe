/**
 * The dashboard's client keys panel in headless Chromium (skipped without /usr/bin/chromium): create a key with
 * the form, see its secret once, use it, see its spend, revoke it with the button.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { startSimulator, type Simulator } from '../../simulators/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import type { RunningGateway } from '../../src/gateway.js';
import { chat, openaiEnv, tempDir } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const SKIP = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed`;

let sim: Simulator;
let gw: RunningGateway;
let context: BrowserContext | undefined;
let profile: string | undefined;
const tmp = tempDir();

before(async () => {
  if (SKIP) return;
  sim = await startSimulator();
  gw = await startTestGateway({ env: openaiEnv(sim), requestLog: { enabled: true, flushMs: 20, sqlitePath: tmp.sqlitePath } });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await gw?.close();
  await sim?.close();
  tmp.cleanup();
});

it('creates a key, shows the secret once, lists its spend and revokes it', { skip: SKIP, timeout: 90_000 }, async () => {
  profile = mkdtempSync(join(tmpdir(), 'wai-keys-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const page = context.pages()[0] ?? await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${gw.url}/dashboard`);
  await page.locator('#keys td.sub').waitFor();
  assert.match(await page.locator('#keys').innerText(), /No client keys/);

  await page.fill('#key-form input[name=name]', 'web-team');
  await page.fill('#key-form input[name=rpm]', '120');
  await page.fill('#key-form input[name=budgetUsd]', '5');
  await page.selectOption('#key-form select[name=budgetPeriod]', 'day');
  await page.click('#key-form button[type=submit]');
  const secretText = await page.locator('#key-secret code.secret').innerText();
  assert.match(secretText, /^wai-[A-Za-z0-9_-]{43}$/);
  const row = page.locator('#keys tr').filter({ hasText: 'web-team' });
  await row.waitFor();
  assert.match(await row.innerText(), /active[\s\S]*120 req\/min[\s\S]*\$5\.00 \/ day/);

  // The key works, and its spend shows up.
  assert.equal((await chat(gw, secretText)).status, 200);
  assert.equal((await chat(gw, undefined)).status, 401);
  const requestsToday = row.locator('td').nth(5);
  for (let i = 0; i < 100 && (await requestsToday.innerText()).trim() !== '1'; i++) await page.waitForTimeout(200);
  assert.equal((await requestsToday.innerText()).trim(), '1', 'the request shows in the key\'s row');

  page.once('dialog', (dialog) => void dialog.accept());
  await row.locator('button').click();
  await page.locator('#keys tr td.bad', { hasText: 'revoked' }).waitFor();
  assert.equal((await chat(gw, secretText)).status, 401);
  // The secret is in the panel that created it only: the key list never has it.
  assert.doesNotMatch(await page.locator('#keys').innerText(), /wai-[A-Za-z0-9_-]{43}/);
  assert.deepEqual(errors, []);
});
