// The self-check page with a video bigger than one request may carry (64 MB): the page's
// script sends it in chunks to /video-upload, shows how far it is, and then the page shows
// the verdict like any other. The video is made by the test (tests/video_support.py) and
// padded with an MP4 'free' box to 70 MB, as a phone's high bitrate would make it.
// (Until the page's CSP allowed connect-src 'self', the browser refused the chunks' fetch:
// the page said "Failed to fetch" and no verdict ever came.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from '../lib/paths.js';
import { openPages, screenshot } from './browser.js';

const MAKE = `
import struct, sys
from pathlib import Path
from tests.video_support import DAAN, SANNE, Appearance, make_video
data = make_video([Appearance(SANNE, 0, 3, (0.25, 0.5)), Appearance(DAAN, 1.0, 2.0, (0.78, 0.45), height=0.3)], 3, (960, 540))
pad = 70 * 2**20
Path(sys.argv[1]).write_bytes(data + struct.pack(">I", pad) + b"free" + bytes(pad - 8))
`;
// Generous: CI runs this next to pytest on 2 cores; every wait ends as soon as its condition holds.
const CHECK_DEADLINE = 10 * 60 * 1000;
let pages;
let dir;
let video;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-page-video-'));
  video = path.join(dir, 'kerstmusical.mp4');
  execFileSync(path.join(REPO, '.venv/bin/python'), ['-c', MAKE, video], { cwd: REPO, timeout: 300000 });
  pages = await openPages();
  await pages.entry.close();
});
after(async () => {
  await pages?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('a 70 MB video goes to the service in chunks with its progress shown, then its verdict', async () => {
  assert.ok(fs.statSync(video).size > 64 * 2 ** 20);
  const page = await pages.plain.context.newPage();
  page.setDefaultTimeout(CHECK_DEADLINE);
  const refused = [];
  page.on('console', (message) => { if (message.type() === 'error') refused.push(message.text()); });
  await page.goto(`${pages.service.url}/`);
  await page.setInputFiles('#images', video);
  const progress = [];
  await page.exposeFunction('pwProgress', (text) => progress.push(text));
  await page.evaluate(() => new MutationObserver(() => window.pwProgress(document.getElementById('upload-status').textContent))
    .observe(document.getElementById('upload-status'), { childList: true, characterData: true, subtree: true }));
  await page.click('#submit');
  // The verdict, or the page's own error line: whichever comes first ends the wait.
  await page.waitForFunction(() => document.getElementById('verdict')
    || document.querySelector('#upload.error, p.flash.error[role="alert"]'), null, { timeout: CHECK_DEADLINE, polling: 500 });
  await screenshot(page, 'selfcheck-big-video');
  const error = await page.$('#upload.error, p.flash.error[role="alert"]');
  assert.equal(error && await error.textContent(), null, `the page reported an error; console: ${refused.join(' | ')}`);
  assert.ok(progress.some((t) => /^De video wordt verstuurd: \d+%$/.test(t)), JSON.stringify(progress));
  assert.ok(progress.some((t) => /Poortwachter bekijkt de video/.test(t)), JSON.stringify(progress));
  assert.equal(await page.getAttribute('#verdict', 'data-decision'), 'block');
  assert.match(await page.textContent('body'), /Daan Bakker: 0:01[^,]*, geen toestemming/);
  assert.ok(await page.$('[data-video="0"]'), 'the video is shown with its frames');
  // Its safe copy is made from the video the service holds for it, within its memory budget.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: CHECK_DEADLINE }),
    page.click('#safe-video-0')]);
  assert.equal(download.suggestedFilename(), 'kerstmusical-veilig.mp4');
  const copy = fs.readFileSync(await download.path());
  assert.equal(copy.subarray(4, 8).toString('latin1'), 'ftyp', 'the download is an MP4');
  assert.ok(copy.length < 20 * 2 ** 20, 'the copy is re-encoded, not the padded original');
  await page.close();
});
