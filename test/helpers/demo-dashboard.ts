import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { TEST_OUTPUT } from './paths.js';

/**
 * Opens a running `wai demo`'s dashboard and checks what a new user should see: the notice that the providers are
 * simulated, Replicate broken with its 401, OpenRouter working, and a request of the demo's own traffic that fell
 * back (served at level 2 or below). Saves a screenshot of that state to test-output/NAME.
 */
export async function checkDemoDashboard(page: Page, gatewayUrl: string, screenshotName: string): Promise<void> {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`${gatewayUrl}/dashboard`);
  const notice = page.locator('#notice');
  await notice.waitFor({ state: 'visible' });
  assert.match(await notice.innerText(), /simulator on 127\.0\.0\.1/);

  const replicate = page.locator('#providers tr[data-provider="replicate"]');
  await page.locator('#providers tr[data-provider="replicate"].broken').waitFor({ timeout: 30_000 });
  assert.match(await replicate.locator('td.state').innerText(), /401/);
  assert.match(await page.locator('#providers tr[data-provider="openrouter"] td.state').innerText(), /working/);

  // The demo's own traffic reaches a broken provider within a few rounds and falls back to an aggregator.
  const fellBack = page.locator('#requests tr[data-request-id]').filter({ hasText: /[234] · (primary|secondary|wide)/ });
  await fellBack.first().waitFor({ timeout: 45_000 });

  await page.waitForTimeout(1500); // let the charts draw before the picture
  mkdirSync(TEST_OUTPUT, { recursive: true });
  await page.screenshot({ path: join(TEST_OUTPUT, screenshotName), fullPage: true });
  assert.deepEqual(problems, []);
}
