// A pupil without consent: the post is stopped, the faces are marked, and the blurred
// copy takes the photo's place, is checked again, and goes out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setUp, openComposer, assertNothingPublished } from '../lib/fixture.js';
import { overlayOf } from '../lib/overlay.js';
import { screenshot } from '../lib/browser.js';
import { sharpness } from '../lib/pixels.js';
import { cliVerdict, auditEntries } from '../lib/service.js';
import { PHOTOS } from '../lib/paths.js';
import { dropFiles } from '../lib/input.js';

let world;
before(async () => { world = await setUp(); });
after(async () => { await world?.tearDown(); });

test('Meta Business Suite: a face without consent stops the post; the blurred copy goes out', async () => {
  const page = await openComposer(world, 'business.facebook.com');
  await dropFiles(page, '#dropzone', [PHOTOS.mixed]);
  await page.waitForSelector('#previews img');
  await page.click('#caption');
  await page.keyboard.type('Bezoek van de burgemeester aan onze school.');
  await page.getByRole('button', { name: 'Publiceren' }).click();

  const overlay = await overlayOf(page);
  assert.equal(await overlay.waitForState(['block', 'warn', 'unreachable', 'broken']), 'block');
  await screenshot(page, 'block-overlay');
  const text = await overlay.text();
  assert.match(text, /Niet plaatsen/);
  assert.match(text, /geen toestemming/);
  assert.ok(await overlay.has('canvas[data-pw="image-0"]'), 'the photo is shown with the faces marked');
  assert.equal(await overlay.has('[data-pw="continue"]'), false, 'a block cannot be waved through');
  await assertNothingPublished(world, 0);

  await overlay.click('[data-pw="blur"]');
  const post = await world.sites.waitForPost(1, 90000);
  assert.equal(post.caption, 'Bezoek van de burgemeester aan onze school.');
  assert.equal(post.images.length, 1);
  assert.equal(await overlay.state(), null, 'the overlay is gone once the post went out');

  // The face without consent is blurred in what was published; the consented face is not.
  const verdict = await cliVerdict(world.dataDir, PHOTOS.mixed);
  const faces = verdict.findings.filter((f) => f.kind === 'face' && f.image === 0);
  const blocked = faces.filter((f) => f.severity === 'block');
  const consented = faces.filter((f) => f.status === 'consented');
  assert.ok(blocked.length >= 1 && consented.length >= 1, JSON.stringify(faces));
  const boxes = [...blocked, ...consented].map((f) => f.box);
  const original = await sharpness(page, fs.readFileSync(PHOTOS.mixed), boxes);
  const published = await sharpness(page, post.images[0].bytes, boxes);
  assert.deepEqual([published.width, published.height], [original.width, original.height]);
  blocked.forEach((face, i) => {
    assert.ok(published.values[i] < 0.1 * original.values[i], `face ${face.box} blurred: ${published.values[i]} vs ${original.values[i]}`);
  });
  consented.forEach((face, k) => {
    const i = blocked.length + k;
    assert.ok(published.values[i] > 0.3 * original.values[i], `consented face ${face.box} kept: ${published.values[i]} vs ${original.values[i]}`);
  });

  const decisions = (await auditEntries(world.dataDir)).map((e) => e.decision);
  assert.deepEqual(decisions.slice(0, 2), ['block', 'allow'], 'blocked, then the safe copy checked again');
  await page.close();
});
