// The options page takes the local service or a school server (issue 14): https to any
// host, with the browser's permission for it; plain http only to 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSites } from '../lib/sites.js';
import { launchBrowser } from '../lib/browser.js';

const SCHOOL = 'https://poortwachter.school.test';
let sites;
let browser;
before(async () => {
  sites = await startSites();
  browser = await launchBrowser(sites, { grantOrigins: [`${SCHOOL}/*`] });
});
after(async () => {
  await browser?.close();
  await sites?.close();
});

async function saveAddress(address) {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('options/options.html'));
  await page.fill('#serviceUrl', address);
  await page.click('#save');
  await page.waitForFunction(() => document.getElementById('saveStatus').textContent !== '');
  const status = await page.textContent('#saveStatus');
  const { serviceUrl } = await browser.worker.evaluate(() => chrome.storage.local.get('serviceUrl'));
  await page.close();
  return { status, serviceUrl };
}

test('plain http to another computer is refused: photos and the token would travel in the clear', async () => {
  const { status, serviceUrl } = await saveAddress('http://192.168.1.20:5151');
  assert.match(status, /https:\/\/… zijn .* of http:\/\/127\.0\.0\.1/);
  assert.equal(serviceUrl, undefined, 'nothing was stored');
});

test("a school server's https address is stored once the browser allows the host", async () => {
  const { status, serviceUrl } = await saveAddress(`${SCHOOL}/beheer`);
  assert.equal(status, 'Opgeslagen.');
  assert.equal(serviceUrl, SCHOOL, 'the origin, not the page');
  const granted = await browser.worker.evaluate((origin) => chrome.permissions.contains({ origins: [`${origin}/*`] }), SCHOOL);
  assert.equal(granted, true);
});

test('the local service on 127.0.0.1 needs no permission request', async () => {
  const { status, serviceUrl } = await saveAddress('http://127.0.0.1:5151');
  assert.equal(status, 'Opgeslagen.');
  assert.equal(serviceUrl, 'http://127.0.0.1:5151');
});
