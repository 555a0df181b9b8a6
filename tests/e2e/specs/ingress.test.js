// Photos are checked where they enter the composer, on every platform page and by every
// way the platform takes a photo: a consented photo goes in and out unchanged; a photo
// with a face without consent never reaches the page, only its blurred copy does
// ("Gebruik vervaagde versie"), or nothing ("Annuleren").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setUp, assertNothingPublished } from '../lib/fixture.js';
import { overlayOf } from '../lib/overlay.js';
import { screenshot } from '../lib/browser.js';
import { auditEntries, cliVerdict } from '../lib/service.js';
import { sharpness } from '../lib/pixels.js';
import { PHOTOS } from '../lib/paths.js';
import { PAGE_ENTRIES, openPage, attach, attachments, waitForAttachments, publishWith } from '../lib/platforms.js';

const STOPPED = ['block', 'warn', 'unreachable', 'broken'];
let world;
let mixedFaces; // the CLI's verdict on the mixed photo: which boxes must be blurred, which kept
const blurredCopies = [];

before(async () => {
  world = await setUp();
  const verdict = await cliVerdict(world.dataDir, PHOTOS.mixed);
  const faces = verdict.findings.filter((f) => f.kind === 'face' && f.image === 0);
  mixedFaces = { blocked: faces.filter((f) => f.severity === 'block'), consented: faces.filter((f) => f.status === 'consented') };
  assert.ok(mixedFaces.blocked.length >= 1 && mixedFaces.consented.length >= 1, JSON.stringify(faces));
});
after(async () => { await world?.tearDown(); });

/** Decisions logged since the log had `since` entries, oldest first (the CLI lists newest first). */
async function newAudit(since) {
  const entries = await auditEntries(world.dataDir);
  return entries.slice(0, entries.length - since).reverse().map((e) => e.decision);
}

for (const { def, entry } of PAGE_ENTRIES) {
  const name = `${def.label} · ${entry}`;

  test(`${name}: a consented photo and a harmless caption are published unchanged`, async () => {
    const page = await openPage(world, def);
    await def.toAttach(page);
    const audited = (await auditEntries(world.dataDir)).length;
    await attach(page, def, entry, [PHOTOS.consented]);
    await waitForAttachments(page, 1);
    const post = await publishWith(world, page, def, 'Wat een mooie dag met groep 5!');
    assert.equal(post.caption, 'Wat een mooie dag met groep 5!');
    assert.equal(post.images.length, 1);
    assert.ok(post.images[0].bytes.equals(fs.readFileSync(PHOTOS.consented)), 'the published photo is the original');
    assert.deepEqual(await newAudit(audited), ['allow', 'allow'], 'checked at the door, and the whole post at the publish click');
    await page.close();
  });

  test(`${name}: a face without consent is stopped at the door; only the blurred copy is published`, async () => {
    const page = await openPage(world, def);
    await def.toAttach(page);
    const audited = (await auditEntries(world.dataDir)).length;
    await attach(page, def, entry, [PHOTOS.mixed]);
    const overlay = await overlayOf(page);
    assert.equal(await overlay.waitForState(STOPPED), 'block');
    assert.equal(await attachments(page), 0, 'the page does not hold the photo while it is judged');
    const text = await overlay.text();
    assert.match(text, /Niet plaatsen/);
    assert.match(text, /geen toestemming/);
    assert.ok(await overlay.has('canvas[data-pw="image-0"]'), 'the photo is shown with the faces marked');
    assert.equal(await overlay.has('[data-pw="continue"]'), false, 'a block cannot be waved through');
    await screenshot(page, `door-block-${def.key}-${entry}`);

    await overlay.click('[data-pw="blur"]');
    await waitForAttachments(page, 1);
    const post = await publishWith(world, page, def, 'Een mooie ochtend op school.');
    assert.equal(post.caption, 'Een mooie ochtend op school.');
    assert.equal(post.images.length, 1, 'exactly one image per photo: the blurred one, not the original beside it');
    const original = fs.readFileSync(PHOTOS.mixed);
    assert.ok(!post.images[0].bytes.equals(original), 'the published bytes are not the original');
    blurredCopies.push({ name, bytes: post.images[0].bytes });

    const boxes = [...mixedFaces.blocked, ...mixedFaces.consented].map((f) => f.box);
    const before = await sharpness(page, original, boxes);
    const after = await sharpness(page, post.images[0].bytes, boxes);
    assert.deepEqual([after.width, after.height], [before.width, before.height]);
    mixedFaces.blocked.forEach((face, i) => assert.ok(after.values[i] < 0.1 * before.values[i], `face ${face.box} blurred: ${after.values[i]} vs ${before.values[i]}`));
    mixedFaces.consented.forEach((face, k) => {
      const i = mixedFaces.blocked.length + k;
      assert.ok(after.values[i] > 0.3 * before.values[i], `consented face ${face.box} kept: ${after.values[i]} vs ${before.values[i]}`);
    });
    assert.deepEqual(await newAudit(audited), ['block', 'allow', 'allow'], 'blocked, the safe copy checked, then the post');
    await page.close();
  });

  test(`${name}: "Annuleren" leaves the composer without the photo`, async () => {
    const page = await openPage(world, def);
    await def.toAttach(page);
    await attach(page, def, entry, [PHOTOS.mixed]);
    const overlay = await overlayOf(page);
    assert.equal(await overlay.waitForState(STOPPED), 'block');
    await overlay.click('[data-pw="cancel"]');
    assert.equal(await overlay.state(), null);
    assert.equal(await attachments(page), 0, 'the composer holds no photo');
    if (def.fileInput && entry === 'file') {
      const held = await page.locator(def.fileInput).first().evaluate((input) => input.files.length);
      assert.equal(held, 0, 'the file input does not keep the original either');
    }
    if (def.textOnly) {
      const post = await publishWith(world, page, def, 'Alleen tekst.');
      assert.equal(post.caption, 'Alleen tekst.');
      assert.equal(post.images.length, 0);
    } else {
      await assertNothingPublished(world, world.sites.published.length, 300);
    }
    await page.close();
  });
}

test('every blurred copy that was published passes `poortwachter check`', async () => {
  assert.equal(blurredCopies.length, PAGE_ENTRIES.length, 'one blurred copy per page and entry');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-published-'));
  const files = blurredCopies.map((c, i) => {
    const file = path.join(dir, `${i}.jpg`);
    fs.writeFileSync(file, c.bytes);
    return file;
  });
  const verdict = await cliVerdict(world.dataDir, ...files);
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(verdict.images.length, files.length);
  assert.equal(verdict.decision, 'allow', JSON.stringify(verdict.findings.filter((f) => f.severity !== 'allow')));
});
