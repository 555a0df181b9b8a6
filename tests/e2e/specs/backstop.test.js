// The publish click is the backstop: the text of every editor is checked (every post of
// a thread, a caption whose editor a later step removed), photos the door never saw hold
// the post, a removed photo is forgotten, and a link that only opens a composer is no publish.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setUp, assertNothingPublished } from '../lib/fixture.js';
import { overlayOf } from '../lib/overlay.js';
import { screenshot } from '../lib/browser.js';
import { auditEntries } from '../lib/service.js';
import { PHOTOS } from '../lib/paths.js';
import { PAGES, openPage, attach, attachments, waitForAttachments, typeCaption, attachUnseen } from '../lib/platforms.js';

const STOPPED = ['block', 'warn', 'unreachable', 'broken'];
const BSN = '123456782'; // passes the 11-test
let world;
before(async () => { world = await setUp(); });
after(async () => { await world?.tearDown(); });

/** Open the composer where text goes; Instagram only gets a caption step with a photo in it. */
async function openForText(page, def) {
  if (def.textOnly) return (def.toText || def.toAttach)(page);
  await def.toAttach(page);
  await attach(page, def, 'file', [PHOTOS.consented]);
  await waitForAttachments(page, 1);
  return def.toCaption(page);
}

for (const def of PAGES) {
  const where = def.thread ? 'in the second post of a thread' : (def.key === 'facebook-page' ? 'in a caption whose editor is gone at the final click' : 'in the caption');
  test(`${def.label}: a BSN ${where} blocks the post`, async () => {
    const page = await openPage(world, def);
    await openForText(page, def);
    const count = world.sites.published.length;
    if (def.thread) {
      await typeCaption(page, def, 'Wat een mooie excursie!');
      await def.addPost(page);
      await page.locator(def.threadEditor(1)).click();
      await page.keyboard.type(`Uitslag voor BSN ${BSN}.`);
    } else {
      await typeCaption(page, def, `Uitslag voor BSN ${BSN}.`);
    }
    await def.publish(page);
    const overlay = await overlayOf(page);
    assert.equal(await overlay.waitForState(STOPPED), 'block');
    assert.match(await overlay.text(), new RegExp(BSN));
    assert.equal(await overlay.has('[data-pw="continue"]'), false);
    await screenshot(page, `backstop-bsn-${def.key}`);
    await overlay.click('[data-pw="cancel"]');
    await assertNothingPublished(world, count, 500);
    await page.close();
  });

  test(`${def.label}: photos that did not come through the door hold the post`, async () => {
    const page = await openPage(world, def);
    await def.toAttach(page);
    const count = world.sites.published.length;
    await attachUnseen(page, PHOTOS.mixed);
    await waitForAttachments(page, 1);
    if (def.toCaption) await def.toCaption(page);
    await typeCaption(page, def, 'Een foto langs een andere weg.');
    await def.publish(page);
    const overlay = await overlayOf(page);
    assert.equal(await overlay.waitForState(STOPPED), 'broken');
    assert.match(await overlay.text(), /niet alle foto's gezien/);
    await overlay.click('[data-pw="cancel"]');
    await assertNothingPublished(world, count, 500);
    const { history } = await world.browser.worker.evaluate(() => chrome.storage.local.get('history'));
    assert.equal(history[0].decision, 'unchecked_images', 'reported in the extension history');
    await page.close();
  });

  test(`${def.label}: the link or button that opens the composer is no publish`, async () => {
    const page = await openPage(world, def);
    const audited = (await auditEntries(world.dataDir)).length;
    await page.locator(def.opener).first().click();
    const overlay = await overlayOf(page);
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(await overlay.state(), null, 'no check, no overlay');
    assert.equal((await auditEntries(world.dataDir)).length, audited);
    if (def.key.startsWith('x')) {
      assert.equal(new URL(page.url()).pathname, '/compose/post', 'the link opened the composer');
      assert.equal(await page.locator('div[role="dialog"] [data-testid="tweetTextarea_0"]').count(), 1);
    }
    await page.close();
  });

  if (!def.textOnly) continue; // Instagram has no post without a photo
  test(`${def.label}: removing a blocked photo (its blurred copy) and posting text only works`, async () => {
    const page = await openPage(world, def);
    await def.toAttach(page);
    await attach(page, def, 'file', [PHOTOS.mixed]);
    const overlay = await overlayOf(page);
    assert.equal(await overlay.waitForState(STOPPED), 'block');
    await overlay.click('[data-pw="blur"]');
    await waitForAttachments(page, 1);
    if (def.toCaption) await def.toCaption(page);
    await page.locator('[aria-label="Foto verwijderen"]').first().click();
    await waitForAttachments(page, 0);
    await typeCaption(page, def, 'Toch maar zonder foto.');
    const count = world.sites.published.length;
    await def.publish(page);
    const post = await world.sites.waitForPost(count + 1, 60000);
    assert.equal(post.caption, 'Toch maar zonder foto.');
    assert.equal(post.images.length, 0);
    await page.close();
  });
}

test('X · paste: an unknown face needs a reason at the door, the audit log has it, the original goes out', async () => {
  const def = PAGES.find((p) => p.key === 'x');
  const page = await openPage(world, def);
  const audited = (await auditEntries(world.dataDir)).length;
  await typeCaption(page, def, 'Onze nieuwe muziekleraar!');
  await attach(page, def, 'paste', [PHOTOS.unknown]);
  const overlay = await overlayOf(page);
  assert.equal(await overlay.waitForState(STOPPED), 'warn');
  assert.match(await overlay.text(), /Let op/);
  assert.ok(await overlay.disabled('[data-pw="continue"]'), 'no going on without a reason');
  await overlay.type('[data-pw="reason"]', 'abc');
  assert.ok(await overlay.disabled('[data-pw="continue"]'), 'a reason of 3 characters is not enough');
  await overlay.click('[data-pw="continue"]');
  assert.equal(await attachments(page), 0, 'the page has not got the photo yet');
  const reason = 'Nieuwe collega, toestemming op papier';
  await overlay.type('[data-pw="reason"]', reason, { replace: true });
  assert.equal(await overlay.disabled('[data-pw="continue"]'), false);
  await screenshot(page, 'door-warn-x-paste');
  await overlay.click('[data-pw="continue"]');
  await waitForAttachments(page, 1);

  const count = world.sites.published.length;
  await def.publish(page);
  const post = await world.sites.waitForPost(count + 1, 60000);
  assert.equal(post.caption, 'Onze nieuwe muziekleraar!');
  assert.ok(post.images[0].bytes.equals(fs.readFileSync(PHOTOS.unknown)), 'the user chose to add the original');
  const entries = await auditEntries(world.dataDir); // newest first
  const warned = entries.slice(0, entries.length - audited).filter((e) => e.decision === 'warn');
  assert.equal(warned.length, 2, 'the door and the publish click each logged a warning');
  for (const entry of warned) {
    assert.equal(entry.override_reason, reason, 'the publish click did not ask again, it logged the reason given at the door');
    assert.equal(entry.channel, 'social_media');
  }
  await page.close();
});

test('the popup says it is connected and lists the last verdicts (no images or text kept)', async () => {
  const popup = await world.browser.context.newPage();
  await popup.goto(world.browser.extensionUrl('popup/popup.html'));
  await popup.waitForFunction(() => !/controleren/.test(document.getElementById('status').textContent));
  assert.match(await popup.textContent('#status'), /^Verbonden/);
  const items = await popup.locator('#history li').allTextContents();
  assert.equal(items.length, 10);
  assert.match(items[0], /X · waarschuwing \(met reden\)/, 'the last post: the X warning, with the reason from the door');
  const { history } = await world.browser.worker.evaluate(() => chrome.storage.local.get('history'));
  for (const entry of history) {
    for (const key of Object.keys(entry)) assert.ok(['decision', 'override', 'platform', 'time'].includes(key), key);
  }
  await popup.close();
});
