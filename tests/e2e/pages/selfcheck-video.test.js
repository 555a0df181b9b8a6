// The self-check page with a video bigger than one request may carry (64 MB): the page
// sends it in chunks through /video-upload, shows how far it is, and then shows the
// verdict like any other. The video is made by the test (tests/video_support.py) and
// padded with an MP4 'free' box to 70 MB, as a phone's high bitrate would make it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoDataDir, startService } from '../lib/service.js';
import { REPO } from '../lib/paths.js';
import { launchPlain, screenshot } from './browser.js';

const MAKE = `
import struct, sys
from pathlib import Path
from tests.video_support import DAAN, SANNE, Appearance, make_video
data = make_video([Appearance(SANNE, 0, 3, (0.25, 0.5)), Appearance(DAAN, 1.0, 2.0, (0.78, 0.45), height=0.3)], 3, (960, 540))
pad = 70 * 2**20
Path(sys.argv[1]).write_bytes(data + struct.pack(">I", pad) + b"free" + bytes(pad - 8))
`;
let service;
let plain;
let dir;
let video;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-page-video-'));
  video = path.join(dir, 'kerstmusical.mp4');
  execFileSync(path.join(REPO, '.venv/bin/python'), ['-c', MAKE, video], { cwd: REPO, timeout: 300000 });
  service = await startService(await demoDataDir());
  plain = await launchPlain();
  const entry = await plain.context.newPage();
  await entry.goto(service.pageUrl);
  await entry.close();
});
after(async () => {
  await plain?.browser.close().catch(() => {});
  await service?.stop().catch(() => {});
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('a 70 MB video goes to the page in chunks with its progress shown, then its verdict', async () => {
  assert.ok(fs.statSync(video).size > 64 * 2 ** 20);
  const page = await plain.context.newPage();
  await page.goto(`${service.url}/`);
  await page.setInputFiles('#images', video);
  const progress = [];
  page.on('console', () => {});
  await page.exposeFunction('pwProgress', (text) => progress.push(text));
  await page.evaluate(() => new MutationObserver(() => window.pwProgress(document.getElementById('upload-status').textContent))
    .observe(document.getElementById('upload-status'), { childList: true, characterData: true, subtree: true }));
  await page.click('#submit');
  await page.waitForSelector('#verdict', { timeout: 300000 });
  await screenshot(page, 'selfcheck-big-video');
  assert.ok(progress.some((t) => /^De video wordt verstuurd: \d+%$/.test(t)), JSON.stringify(progress));
  assert.ok(progress.some((t) => /Poortwachter bekijkt de video/.test(t)), JSON.stringify(progress));
  assert.equal(await page.getAttribute('#verdict', 'data-decision'), 'block');
  assert.match(await page.textContent('body'), /Daan Bakker: 0:01, geen toestemming/);
  assert.ok(await page.$('[data-video="0"]'), 'the video is shown with its frames');
  await page.close();
});
