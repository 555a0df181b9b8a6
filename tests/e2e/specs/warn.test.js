// An unknown face: a warning. The user may go on only after typing a reason, and the
// service's audit log keeps that reason with the check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setUp, openComposer, assertNothingPublished } from '../lib/fixture.js';
import { overlayOf } from '../lib/overlay.js';
import { screenshot } from '../lib/browser.js';
import { auditEntries } from '../lib/service.js';
import { pasteFiles } from '../lib/input.js';
import { PHOTOS } from '../lib/paths.js';

let world;
before(async () => { world = await setUp(); });
after(async () => { await world?.tearDown(); });

test('X: an unknown face needs a reason, and the audit log has it', async () => {
  const page = await openComposer(world, 'x.com');
  await page.click('#caption');
  await page.keyboard.type('Onze nieuwe muziekleraar!');
  await pasteFiles(page, '#caption', [PHOTOS.unknown]);
  await page.waitForSelector('#previews img');
  await page.getByRole('button', { name: 'Posten' }).click();

  const overlay = await overlayOf(page);
  assert.equal(await overlay.waitForState(['block', 'warn', 'unreachable', 'broken']), 'warn');
  assert.match(await overlay.text(), /Let op/);
  assert.ok(await overlay.disabled('[data-pw="continue"]'), 'no going on without a reason');
  await overlay.type('[data-pw="reason"]', 'abc');
  assert.ok(await overlay.disabled('[data-pw="continue"]'), 'a reason of 3 characters is not enough');
  await overlay.click('[data-pw="continue"]');
  await assertNothingPublished(world, 0, 1000);

  const reason = 'Nieuwe collega, toestemming op papier';
  await overlay.type('[data-pw="reason"]', reason, { replace: true });
  assert.equal(await overlay.disabled('[data-pw="continue"]'), false);
  await screenshot(page, 'warn-overlay');
  await overlay.click('[data-pw="continue"]');

  const post = await world.sites.waitForPost(1, 60000);
  assert.equal(post.caption, 'Onze nieuwe muziekleraar!');
  assert.ok(post.images[0].bytes.equals(fs.readFileSync(PHOTOS.unknown)), 'the user chose to publish the original');

  const entries = await auditEntries(world.dataDir);
  const warned = entries.filter((e) => e.decision === 'warn');
  assert.equal(warned.length, 1, JSON.stringify(entries));
  assert.equal(warned[0].override_reason, reason);
  assert.equal(warned[0].channel, 'social_media');
  await page.close();
});
