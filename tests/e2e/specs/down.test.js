// The service is not there: the user is told, nothing goes out silently. By default the
// user may go on after an explicit choice and a reason (kept locally); a school that
// chose "block" gets no way through.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, openComposer, assertNothingPublished } from '../lib/fixture.js';
import { overlayOf } from '../lib/overlay.js';
import { screenshot } from '../lib/browser.js';
import { PHOTOS } from '../lib/paths.js';

let world;
before(async () => {
  world = await setUp({ whenUnreachable: 'warn' });
  await world.service.stop();
});
after(async () => { await world?.tearDown(); });

async function stageAndPublish(page) {
  await page.setInputFiles('#file', PHOTOS.consented);
  await page.click('#caption');
  await page.keyboard.type('Schoolreisje!');
  await page.getByRole('button', { name: 'Posten' }).click();
}

test('service down, school setting "warn": told, and only an explicit choice with a reason publishes', async () => {
  const page = await openComposer(world, 'www.facebook.com');
  await stageAndPublish(page);
  const overlay = await overlayOf(page);
  assert.equal(await overlay.waitForState(['block', 'warn', 'allow', 'unreachable', 'broken']), 'unreachable');
  assert.match(await overlay.text(), /niet bereikbaar/);
  await screenshot(page, 'service-down-warn');
  await assertNothingPublished(world, 0);

  assert.ok(await overlay.disabled('[data-pw="continue"]'));
  await overlay.type('[data-pw="reason"]', 'Dienst staat uit, foto gecontroleerd door de directeur');
  assert.ok(await overlay.disabled('[data-pw="continue"]'), 'the reason alone is not the explicit choice');
  await overlay.click('[data-pw="confirm"]');
  assert.equal(await overlay.disabled('[data-pw="continue"]'), false);
  await overlay.click('[data-pw="continue"]');
  const post = await world.sites.waitForPost(1);
  assert.equal(post.caption, 'Schoolreisje!');

  const stored = await world.browser.worker.evaluate(() => chrome.storage.local.get(['localOverrides', 'history']));
  assert.equal(stored.localOverrides[0].reason, 'Dienst staat uit, foto gecontroleerd door de directeur');
  assert.equal(stored.history[0].decision, 'unchecked');
  await page.close();
});

test('service down, school setting "block": told, and there is no way to publish', async () => {
  const options = await world.browser.context.newPage();
  await options.goto(world.browser.extensionUrl('options/options.html'));
  await options.check('input[name="whenUnreachable"][value="block"]');
  await options.click('#save');
  await options.waitForFunction(() => document.getElementById('saveStatus').textContent === 'Opgeslagen.');
  await options.close();

  const page = await openComposer(world, 'www.facebook.com');
  await stageAndPublish(page);
  const overlay = await overlayOf(page);
  assert.equal(await overlay.waitForState(['block', 'warn', 'allow', 'unreachable', 'broken']), 'unreachable');
  assert.match(await overlay.text(), /zonder controle niets geplaatst/);
  assert.equal(await overlay.has('[data-pw="continue"]'), false);
  await screenshot(page, 'service-down-block');
  await overlay.click('[data-pw="cancel"]');
  assert.equal(await overlay.state(), null);
  await assertNothingPublished(world, 1);
  await page.close();
});
