// Debian's chromium with the unpacked extension, driven by playwright-core. The
// platforms' host names resolve to the local test sites.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { EXTENSION, ARTIFACTS } from './paths.js';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * The extension as an IT department installs it for a school server: its origin among the
 * host permissions, so the options page's permission request resolves without a prompt
 * (a test cannot answer the browser's prompt).
 */
function extensionGranting(origins, userDataDir) {
  const copy = path.join(userDataDir, 'extension');
  fs.cpSync(EXTENSION, copy, { recursive: true });
  const manifestFile = path.join(copy, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  manifest.host_permissions.push(...origins);
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  return copy;
}

/** Chromium with the extension; `grantOrigins` (e.g. ['https://poortwachter.school.test/*']) for a school server. */
export async function launchBrowser(sites, { grantOrigins = [] } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-profile-'));
  const copyDir = grantOrigins.length ? fs.mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-ext-')) : null;
  const extension = copyDir ? extensionGranting(grantOrigins, copyDir) : EXTENSION;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: [
      `--disable-extensions-except=${extension}`, `--load-extension=${extension}`,
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
      if (copyDir) fs.rmSync(copyDir, { recursive: true, force: true });
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
