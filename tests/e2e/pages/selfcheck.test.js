// The offline self-check page, as a teacher uses it: drop a photo, read the verdict with
// every face boxed, download the safe copy. The face without consent (L1002 Daan Bakker)
// is blurred in the copy, the consented one is not, and the GPS tag is gone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { PHOTOS } from '../lib/paths.js';
import { sharpness } from '../lib/pixels.js';
import { dropFiles } from '../lib/input.js';
import { openPages, screenshot, photoWithGps, hasExif, REBIND_HOST } from './browser.js';

let service;
let plain;
let pages;
before(async () => {
  pages = await openPages();
  ({ service, plain } = pages);
  await pages.entry.close();
});
after(async () => {
  await pages?.close();
});

async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return fs.readFileSync(await file.path());
}

test('a dropped photo: faces boxed by status, the safe copy blurs the face without consent', async () => {
  const page = await plain.context.newPage();
  await page.goto(`${service.url}/`);
  assert.match(await page.textContent('h1'), /Zelfcontrole/);
  await dropFiles(page, '#drop', [PHOTOS.mixed]);
  assert.match(await page.textContent('#chosen'), /obama_and_biden\.jpg/);
  await page.fill('#text', 'Bezoek van de burgemeester. Vragen? Bel 06-12345678.');
  await page.selectOption('#channel', 'social_media');
  await page.click('#submit');
  await page.waitForSelector('#verdict');
  await screenshot(page, 'selfcheck-block');

  assert.equal(await page.getAttribute('#verdict', 'data-decision'), 'block');
  const faces = await page.$$eval('g.face', (nodes) => nodes.map((g) => ({
    colour: g.classList[1], status: g.dataset.status, box: g.dataset.box.split(',').map(Number),
    stroke: getComputedStyle(g.querySelector('rect')).stroke,
  })));
  const red = faces.filter((f) => f.status === 'no_consent');
  const green = faces.filter((f) => f.status === 'consented');
  assert.equal(red.length, 1, JSON.stringify(faces));
  assert.equal(green.length, 1, JSON.stringify(faces));
  assert.equal(red[0].colour, 'red');
  assert.equal(red[0].stroke, 'rgb(208, 2, 27)');
  assert.equal(green[0].stroke, 'rgb(46, 125, 50)');
  const listed = await page.textContent('.faces');
  assert.match(listed, /Daan Bakker: geen toestemming/);
  assert.match(listed, /Sanne de Vries: toestemming/);
  assert.ok((await page.$$eval('mark.warn', (m) => m.map((e) => e.textContent))).includes('06-12345678'));

  const copy = await download(page, '#safe-0');
  const boxes = [red[0].box, green[0].box];
  // Measured on a blank page: the self-check page's CSP rightly lets no script fetch anything.
  const lab = await plain.context.newPage();
  const original = await sharpness(lab, fs.readFileSync(PHOTOS.mixed), boxes);
  const safe = await sharpness(lab, copy, boxes);
  await lab.close();
  assert.deepEqual([safe.width, safe.height], [original.width, original.height]);
  assert.ok(safe.values[0] < 0.1 * original.values[0], `Daan blurred: ${safe.values[0]} vs ${original.values[0]}`);
  assert.ok(safe.values[1] > 0.3 * original.values[1], `Sanne kept: ${safe.values[1]} vs ${original.values[1]}`);
  await page.close();
});

test('a photo with a GPS position: warned, and the safe copy has no EXIF left', async () => {
  const withGps = await photoWithGps(PHOTOS.consented);
  assert.ok(hasExif(fs.readFileSync(withGps)), 'the test photo carries EXIF');
  const page = await plain.context.newPage();
  await page.goto(`${service.url}/`);
  await page.setInputFiles('#images', [withGps]);
  await page.click('#submit');
  await page.waitForSelector('#verdict');
  await screenshot(page, 'selfcheck-gps');
  assert.equal(await page.getAttribute('#verdict', 'data-decision'), 'warn');
  assert.match(await page.textContent('.faces'), /GPS-locatie/);
  const copy = await download(page, '#safe-0');
  assert.equal(hasExif(copy), false, 'no EXIF (and so no GPS) in the safe copy');
  await page.close();
});

test('the page is refused under another host name (DNS rebinding)', async () => {
  const page = await plain.context.newPage();
  const response = await page.goto(`http://${REBIND_HOST}:${service.port}/`);
  assert.equal(response.status(), 403);
  assert.match(await page.textContent('body'), /alleen op zijn eigen adres/);
  await page.close();
});
