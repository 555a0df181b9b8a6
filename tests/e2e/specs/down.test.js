// The service is not there, on every platform page: the user is told at the door and at
// the publish click, and nothing goes out silently. By default the user may go on after
// an explicit choice and a reason (kept locally); a school that chose "block" gets no way
// through at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setUp, assertNothingPublished } from '../lib/fixture.js';
import { overlayOf } from '../lib/overlay.js';
import { screenshot } from '../lib/browser.js';
import { PHOTOS } from '../lib/paths.js';
import { PAGES, openPage, attach, attachments, waitForAttachments, typeCaption } from '../lib/platforms.js';

const STATES = ['block', 'warn', 'allow', 'unreachable', 'broken'];
let world;
before(async () => {
  world = await setUp({ whenUnreachable: 'warn' });
  await world.service.stop();
});
after(async () => { await world?.tearDown(); });

/** The explicit choice: a reason alone is not enough, the box must be ticked too. */
async function goOnWithoutCheck(overlay, reason) {
  assert.ok(await overlay.disabled('[data-pw="continue"]'));
  await overlay.type('[data-pw="reason"]', reason);
  assert.ok(await overlay.disabled('[data-pw="continue"]'), 'the reason alone is not the explicit choice');
  await overlay.click('[data-pw="confirm"]');
  assert.equal(await overlay.disabled('[data-pw="continue"]'), false);
  await overlay.click('[data-pw="continue"]');
}

for (const def of PAGES) {
  test(`${def.label}, service down, setting "warn": told at the door and at the click; only explicit choices publish`, async () => {
    const page = await openPage(world, def);
    await def.toAttach(page);
    const count = world.sites.published.length;
    await attach(page, def, def.entries[0], [PHOTOS.consented]);
    const overlay = await overlayOf(page);
    assert.equal(await overlay.waitForState(STATES), 'unreachable');
    assert.match(await overlay.text(), /niet bereikbaar/);
    assert.equal(await attachments(page), 0, 'the photo is held while nobody can check it');
    await goOnWithoutCheck(overlay, 'Dienst staat uit, foto gecontroleerd door de directeur');
    await waitForAttachments(page, 1);

    if (def.toCaption) await def.toCaption(page);
    await typeCaption(page, def, 'Schoolreisje!');
    await def.publish(page);
    assert.equal(await overlay.waitForState(STATES), 'unreachable');
    await screenshot(page, `service-down-warn-${def.key}`);
    await assertNothingPublished(world, count, 500);
    await goOnWithoutCheck(overlay, 'Dienst staat uit, tekst nagelezen');
    const post = await world.sites.waitForPost(count + 1);
    assert.equal(post.caption, 'Schoolreisje!');
    assert.ok(post.images[0].bytes.equals(fs.readFileSync(PHOTOS.consented)));

    const stored = await world.browser.worker.evaluate(() => chrome.storage.local.get(['localOverrides', 'history']));
    assert.deepEqual(stored.localOverrides.slice(0, 2).map((o) => o.reason), ['Dienst staat uit, tekst nagelezen', 'Dienst staat uit, foto gecontroleerd door de directeur']);
    assert.equal(stored.history[0].decision, 'unchecked');
    await page.close();
  });
}

test('the school switches the setting to "block"', async () => {
  const options = await world.browser.context.newPage();
  await options.goto(world.browser.extensionUrl('options/options.html'));
  await options.check('input[name="whenUnreachable"][value="block"]');
  await options.click('#save');
  await options.waitForFunction(() => document.getElementById('saveStatus').textContent === 'Opgeslagen.');
  await options.close();
});

for (const def of PAGES) {
  test(`${def.label}, service down, setting "block": told, and there is no way to publish`, async () => {
    const page = await openPage(world, def);
    await def.toAttach(page);
    const count = world.sites.published.length;
    await attach(page, def, def.entries[0], [PHOTOS.consented]);
    const overlay = await overlayOf(page);
    assert.equal(await overlay.waitForState(STATES), 'unreachable');
    assert.match(await overlay.text(), /zonder controle niets geplaatst/);
    assert.equal(await overlay.has('[data-pw="continue"]'), false);
    await screenshot(page, `service-down-block-${def.key}`);
    await overlay.click('[data-pw="cancel"]');
    assert.equal(await overlay.state(), null);
    assert.equal(await attachments(page), 0);
    if (def.textOnly) {
      if (def.toCaption) await def.toCaption(page);
      await typeCaption(page, def, 'Schoolreisje!');
      await def.publish(page);
      assert.equal(await overlay.waitForState(STATES), 'unreachable');
      assert.equal(await overlay.has('[data-pw="continue"]'), false);
      await overlay.click('[data-pw="cancel"]');
    }
    await assertNothingPublished(world, count, 500);
    await page.close();
  });
}
