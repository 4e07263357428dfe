import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, which .ci/run installs when missing. */
export const CHROMIUM = '/usr/bin/chromium';
/** Without the background-networking flags Chromium tries to reach Google's hosts, which this machine refuses. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The skip reason for browser tests, or false: without Chromium they report themselves skipped, never passed. */
export const CHROMIUM_SKIP: string | false = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium)`;

export interface BrowserSession {
  page: Page;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile (removed on close), one page, 1440×1000. */
export async function openChromium(): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'wai-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? await context.newPage();
  return {
    page,
    async close() {
      await context?.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
