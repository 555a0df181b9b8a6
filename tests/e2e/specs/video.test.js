// Videos are checked where they enter the composer, like photos (issue 15): handed to the
// background in pieces, sent with the check (or, when too big for one request, through the
// service's /uploads resource), judged, and the page gets the video,
// its blurred copy, or nothing. The videos are made by the test (tests/video_support.py:
// demo pupils' faces from ../shared/data on a background, H.264 with sound).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setUp } from '../lib/fixture.js';
import { overlayOf } from '../lib/overlay.js';
import { screenshot } from '../lib/browser.js';
import { auditEntries, cliVerdict } from '../lib/service.js';
import { REPO } from '../lib/paths.js';
import { PAGES, openPage, attach, attachments, waitForAttachments, publishWith } from '../lib/platforms.js';

const STATES = ['block', 'warn', 'allow', 'unreachable', 'broken'];
const MAKE = `
import sys
from pathlib import Path
from tests.video_support import DAAN, SANNE, Appearance, make_video, padded
scenes = {
    "consented": [Appearance(SANNE, 0, 3, (0.3, 0.5), (0.35, 0.5))],
    "daan": [Appearance(SANNE, 0, 3, (0.25, 0.5), (0.3, 0.5)), Appearance(DAAN, 1.0, 2.0, (0.75, 0.45), height=0.3)],
}
for name, scene in scenes.items():
    Path(sys.argv[1], f"{name}.mp4").write_bytes(make_video(scene, 3, (960, 540)))
# Too big for one request to a laptop's service (48 MB): it goes through /uploads in chunks.
Path(sys.argv[1], "big.mp4").write_bytes(padded(make_video(scenes["daan"], 3, (960, 540)), 70 * 2**20))
`;
let world;
let dir;
let videos;

before(async () => {
  world = await setUp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-video-'));
  execFileSync(path.join(REPO, '.venv/bin/python'), ['-c', MAKE, dir], { cwd: REPO, timeout: 300000 });
  videos = { consented: path.join(dir, 'consented.mp4'), daan: path.join(dir, 'daan.mp4'), big: path.join(dir, 'big.mp4') };
});
after(async () => {
  await world?.tearDown();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const page = (key) => PAGES.find((p) => p.key === key);

/** People in the service's own verdict on a published video: id → status. */
async function peopleIn(bytes) {
  const file = path.join(dir, `published-${Date.now()}.mp4`);
  fs.writeFileSync(file, bytes);
  const verdict = await cliVerdict(world.dataDir, file);
  assert.equal(verdict.videos.length, 1);
  return { verdict, people: Object.fromEntries(verdict.findings.filter((f) => f.person).map((f) => [f.person.id, f.status])) };
}

test('Facebook · file: a video with a child without consent is stopped; only its blurred copy goes in, and it has no blocked child', async () => {
  const def = page('facebook');
  const tab = await openPage(world, def);
  await def.toAttach(tab);
  await attach(tab, def, 'file', [videos.daan]);
  const overlay = await overlayOf(tab);
  assert.equal(await overlay.waitForState(STATES, 180000), 'block');
  assert.equal(await attachments(tab), 0, 'the page does not hold the video while it is judged');
  const text = await overlay.text();
  assert.match(text, /Niet plaatsen/);
  assert.match(text, /Video 1 \(0:01/, 'the finding says where in the video the child is');
  await screenshot(tab, 'video-door-block-facebook');
  await overlay.click('[data-pw="blur"]');
  await waitForAttachments(tab, 1, 240000);
  const post = await publishWith(world, tab, def, 'De kerstmusical van groep 5.', 120000);
  assert.equal(post.images.length, 1, 'one video: the blurred copy, not the original beside it');
  const published = post.images[0];
  assert.equal(published.type, 'video/mp4');
  assert.ok(!published.bytes.equals(fs.readFileSync(videos.daan)), 'the published video is not the original');
  const { verdict, people } = await peopleIn(published.bytes);
  assert.deepEqual(people, { L1001: 'consented' }, JSON.stringify(verdict.findings));
  assert.equal(verdict.findings.filter((f) => f.severity === 'block').length, 0);
  assert.equal(verdict.videos[0].audio, true, 'the sound is kept');
  await tab.close();
});

test('Facebook · file: a 70 MB video goes to the laptop in chunks; its blurred copy is made from the video sent again', async () => {
  // The service holds no video after an extension's check (its memory budget): the copy
  // can only come from the extension sending the video again with its signed blur plan.
  const def = page('facebook');
  const tab = await openPage(world, def);
  await def.toAttach(tab);
  await attach(tab, def, 'file', [videos.big]);
  const overlay = await overlayOf(tab);
  assert.equal(await overlay.waitForState(STATES, 300000), 'block');
  assert.match(await overlay.text(), /Daan Bakker/);
  await overlay.click('[data-pw="blur"]');
  await waitForAttachments(tab, 1, 300000);
  const post = await publishWith(world, tab, def, 'De kerstmusical, helemaal.', 120000);
  assert.equal(post.images.length, 1, 'one video: the blurred copy');
  const { verdict, people } = await peopleIn(post.images[0].bytes);
  assert.deepEqual(people, { L1001: 'consented' }, JSON.stringify(verdict.findings));
  await tab.close();
});

test('Instagram · file: a video with only a consented pupil goes in and out unchanged', async () => {
  const def = page('instagram');
  const tab = await openPage(world, def);
  await def.toAttach(tab);
  const audited = (await auditEntries(world.dataDir)).length;
  await attach(tab, def, 'file', [videos.consented]);
  await waitForAttachments(tab, 1, 180000);
  const post = await publishWith(world, tab, def, 'Wat een mooie voorstelling!', 120000);
  assert.equal(post.images.length, 1);
  assert.ok(post.images[0].bytes.equals(fs.readFileSync(videos.consented)), 'the published video is the original');
  const decisions = (await auditEntries(world.dataDir)).slice(0, -audited || undefined).map((e) => e.decision);
  assert.ok(decisions.includes('allow'), `the video was checked: ${decisions}`);
  await tab.close();
});

test('X · drop: a video the service answers with an error stays out of the composer', async () => {
  // The school allows 1 second of video: the service refuses the 3-second clip (400).
  const policy = path.join(world.dataDir, 'policy.toml');
  const before = fs.existsSync(policy) ? fs.readFileSync(policy, 'utf8') : null;
  fs.writeFileSync(policy, `${before ?? ''}\n[video]\nmax_seconds = 1\n`);
  try {
    const def = page('x');
    const tab = await openPage(world, def);
    await def.toAttach(tab);
    const count = world.sites.published.length;
    await attach(tab, def, 'drop', [videos.consented]);
    const overlay = await overlayOf(tab);
    assert.equal(await overlay.waitForState(STATES, 180000), 'broken');
    assert.match(await overlay.text(), /De video is niet toegevoegd/);
    assert.match(await overlay.text(), /maximaal 0:01/);
    await screenshot(tab, 'video-door-error-x');
    await overlay.click('[data-pw="cancel"]');
    assert.equal(await attachments(tab), 0, 'the composer holds no video');
    const post = await publishWith(world, tab, def, 'Alleen tekst.', 120000);
    assert.equal(post.images.length, 0, 'nothing but the text went out');
    assert.equal(world.sites.published.length, count + 1);
    await tab.close();
  } finally {
    if (before === null) fs.rmSync(policy, { force: true });
    else fs.writeFileSync(policy, before);
  }
});
