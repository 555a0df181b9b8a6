// `npm run firefox`: the same extension in Debian's firefox-esr, driven over WebDriver BiDi
// (puppeteer-core; Playwright's Firefox needs its own patched build, which cannot be
// downloaded here). Not part of `make e2e`: a once-over of the door on two fixture pages.
// The overlay's closed shadow root is out of reach of any page script, so the overlay is
// answered with the keyboard, as a user without a mouse would: Tab to the button, Enter.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { demoDataDir, startService } from '../lib/service.js';
import { startSites } from '../lib/sites.js';
import { EXTENSION, PHOTOS, ARTIFACTS } from '../lib/paths.js';

const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
const UUID = '2f0b6a4e-6f9e-4d8b-9a51-6c1f0e5d7a10';

const dataDir = await demoDataDir();
const service = await startService(dataDir);
const sites = await startSites();
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-firefox-'));

// WebDriver BiDi may not open moz-extension:// pages, so the options page cannot be driven:
// pair over HTTP as the options page would, and give the extension its settings the way
// Firefox keeps them without IndexedDB (browser-extension-data/<id>/storage.js).
const paired = await (await fetch(`${service.url}/api/v1/pair`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: service.code, name: 'Firefox (smoke)' }),
})).json();
const storage = path.join(profile, 'browser-extension-data', 'poortwachter@school.example');
fs.mkdirSync(storage, { recursive: true });
fs.writeFileSync(path.join(storage, 'storage.js'), JSON.stringify({ serviceUrl: service.url, token: paired.token, whenUnreachable: 'warn' }));
const browser = await puppeteer.launch({
  browser: 'firefox', executablePath: FIREFOX, headless: true, userDataDir: profile, acceptInsecureCerts: true,
  extraPrefsFirefox: {
    'network.dns.forceResolve': '127.0.0.1', // the platforms' names lead to the fixture sites
    'extensions.webextensions.uuids': JSON.stringify({ 'poortwachter@school.example': UUID }),
    'network.stricttransportsecurity.preloadlist': false,
    'extensions.webextensions.ExtensionStorageIDB.enabled': false,
  },
});
const results = [];
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push(`FAIL ${name}: ${error.message.split('\n')[0]}`);
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(fn, timeout = 60000) {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${fn}`);
    await sleep(200);
  }
}

try {
  await browser.installExtension(EXTENSION);
  const base = `https://www.facebook.com:${sites.port}`;
  const overlayShown = (page) => page.evaluate(() => !!document.querySelector('poortwachter-overlay'));
  const held = (page) => page.evaluate(() => Number(document.body.dataset.attachments));
  async function openFacebook() {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.waitForFunction(() => document.body.dataset.attachments !== undefined);
    await page.click('div[role="region"] div[role="button"]');
    return page;
  }
  async function post(page, caption) {
    await page.click('div[role="dialog"] [data-lexical-editor="true"]');
    await page.keyboard.type(caption);
    const count = sites.published.length;
    await page.click('div[role="dialog"] div[role="button"][aria-label="Posten"]');
    return sites.waitForPost(count + 1, 60000);
  }

  await step('Facebook · file: a consented photo goes in and out unchanged', async () => {
    const page = await openFacebook();
    const input = await page.$('div[role="dialog"] input[type="file"]');
    await input.uploadFile(PHOTOS.consented);
    await waitFor(async () => (await held(page)) === 1);
    const published = await post(page, 'Sportdag!');
    assert.equal(published.images.length, 1);
    assert.ok(published.images[0].bytes.equals(fs.readFileSync(PHOTOS.consented)));
    await page.close();
  });

  await step('Facebook · file: a face without consent is stopped at the door; only the blurred copy goes out', async () => {
    const page = await openFacebook();
    const input = await page.$('div[role="dialog"] input[type="file"]');
    await input.uploadFile(PHOTOS.mixed);
    await waitFor(() => overlayShown(page));
    await sleep(300); // the overlay appears with the verdict (while checking there is only the badge)
    assert.equal(await held(page), 0, 'the page holds nothing while the photo is judged');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'firefox-door-block.png') });
    await page.keyboard.press('Tab'); // focus starts on "Annuleren"; next is "Gebruik vervaagde versie"
    await page.keyboard.press('Enter');
    await waitFor(async () => (await held(page)) === 1, 90000);
    const published = await post(page, 'Bezoek van de burgemeester.');
    assert.equal(published.images.length, 1);
    assert.ok(!published.images[0].bytes.equals(fs.readFileSync(PHOTOS.mixed)), 'the blurred copy, not the original');
    await page.close();
  });

  await step('LinkedIn · file (shadow root): a face without consent never reaches the page with "Annuleren"', async () => {
    const page = await browser.newPage();
    await page.goto(`https://www.linkedin.com:${sites.port}/feed`);
    await page.waitForFunction(() => document.body.dataset.attachments !== undefined);
    await page.click('.share-box-feed-entry__trigger');
    await page.click('pierce/.share-box-v2__modal button[aria-label="Media toevoegen"]');
    const input = await page.waitForSelector('pierce/#media-editor-file-selector__file-input');
    await input.uploadFile(PHOTOS.mixed);
    await waitFor(() => overlayShown(page));
    await sleep(300);
    await page.keyboard.press('Enter'); // "Annuleren" has the focus
    await waitFor(async () => !(await overlayShown(page)));
    assert.equal(await held(page), 0);
    await page.close();
  });
} finally {
  console.log(results.join('\n'));
  await browser.close().catch(() => {});
  await sites.close();
  await service.stop();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(results.every((r) => r.startsWith('ok')) ? 0 : 1);
