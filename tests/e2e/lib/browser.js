// Debian's chromium with the unpacked extension, driven by playwright-core. The
// platforms' host names resolve to the local test sites.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { EXTENSION, ARTIFACTS } from './paths.js';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launchBrowser(sites) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: [
      `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`,
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      `--host-resolver-rules=${sites.hostResolverRules}`, '--ignore-certificate-errors',
    ],
  });
  const worker = context.serviceWorkers()[0] || await context.waitForEvent('serviceworker', { timeout: 20000 });
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    extensionUrl: (p) => `chrome-extension://${extensionId}/${p}`,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Pair and configure the extension through its options page, as a user would. */
export async function pairExtension(browser, service, { whenUnreachable = 'warn' } = {}) {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('options/options.html'));
  await page.fill('#serviceUrl', service.url);
  await page.check(`input[name="whenUnreachable"][value="${whenUnreachable}"]`);
  await page.fill('#code', service.code);
  await page.fill('#name', 'Chromium (e2e-test)');
  await page.click('#pair');
  await page.waitForFunction(() => /Gekoppeld\.|mislukt/.test(document.getElementById('pairStatus').textContent));
  const status = await page.textContent('#pairStatus');
  await page.close();
  if (status !== 'Gekoppeld.') throw new Error(`pairing failed: ${status}`);
}

export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
