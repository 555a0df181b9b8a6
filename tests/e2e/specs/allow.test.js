// A consented pupil and a clean caption: the post goes out exactly as the user made it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setUp, openComposer } from '../lib/fixture.js';
import { PHOTOS } from '../lib/paths.js';
import { auditEntries } from '../lib/service.js';

let world;
before(async () => { world = await setUp(); });
after(async () => { await world?.tearDown(); });

test('Instagram: consented face and clean caption are published unchanged', async () => {
  const page = await openComposer(world, 'www.instagram.com');
  await page.setInputFiles('#file', PHOTOS.consented);
  await page.click('#caption');
  await page.keyboard.type('Wat een mooie dag met groep 5!');
  await page.getByRole('button', { name: 'Delen' }).click();
  const post = await world.sites.waitForPost(1, 60000);
  assert.equal(post.platform, 'instagram');
  assert.equal(post.caption, 'Wat een mooie dag met groep 5!');
  assert.equal(post.images.length, 1);
  assert.ok(post.images[0].bytes.equals(fs.readFileSync(PHOTOS.consented)), 'the published photo is the original');
  const checks = await auditEntries(world.dataDir);
  assert.deepEqual(checks.map((e) => e.decision), ['allow'], 'the service checked the post before it went out');
  await page.close();
});

test('LinkedIn: several files at once, posted with Ctrl+Enter from the caption', async () => {
  const page = await openComposer(world, 'www.linkedin.com');
  const before = world.sites.published.length;
  await page.setInputFiles('#file', [PHOTOS.consented, PHOTOS.consented]);
  await page.click('#caption');
  await page.keyboard.type('Sportdag!');
  await page.keyboard.press('Control+Enter');
  const post = await world.sites.waitForPost(before + 1, 60000);
  assert.equal(post.platform, 'linkedin');
  assert.equal(post.caption, 'Sportdag!');
  assert.equal(post.images.length, 2);
  for (const image of post.images) assert.ok(image.bytes.equals(fs.readFileSync(PHOTOS.consented)));
  assert.equal((await auditEntries(world.dataDir)).length, 2, 'one more check in the audit log');
  await page.close();
});

test('the popup says it is connected and lists the last verdicts (no images or text kept)', async () => {
  const popup = await world.browser.context.newPage();
  await popup.goto(world.browser.extensionUrl('popup/popup.html'));
  await popup.waitForFunction(() => !/controleren/.test(document.getElementById('status').textContent));
  assert.match(await popup.textContent('#status'), /^Verbonden/);
  const items = await popup.locator('#history li').allTextContents();
  assert.equal(items.length, 2);
  assert.match(items[0], /LinkedIn · toegestaan/);
  assert.match(items[1], /Instagram · toegestaan/);
  const { history } = await world.browser.worker.evaluate(() => chrome.storage.local.get('history'));
  assert.deepEqual(Object.keys(history[0]).sort(), ['decision', 'platform', 'time']);
  await popup.close();
});
