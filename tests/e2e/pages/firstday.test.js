// A school's first day in the browser: the privacy officer previews an import before it
// happens, enrols photos in bulk and reads the audit log; the teacher finds the pairing
// code on the self-check page, checks a batch with one broken file and downloads the safe
// copy under the photo's own name; the scan report opens with its to-do list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TODAY } from '../lib/service.js';
import { PHOTOS, POORTWACHTER, SCHOOL_DEMO, SHARED_DATA } from '../lib/paths.js';
import { openPages, screenshot } from './browser.js';

const PASSWORD = 'privacy-officer-2026';
let service;
let plain;
let page;
let pages;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-firstday-'));

before(async () => {
  pages = await openPages();
  ({ service, plain, entry: page } = pages);
  await page.goto(`${service.url}/beheer`);
  await page.fill('#password', PASSWORD);
  await page.fill('#repeat', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('#people');
});
after(async () => {
  await pages?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function firstPupils(count) {
  const lines = fs.readFileSync(path.join(SCHOOL_DEMO, 'leerlingen.csv'), 'utf8').split(/\r?\n/);
  const file = path.join(scratch, 'klein.csv');
  fs.writeFileSync(file, `${lines.slice(0, count + 1).join('\n')}\n`);
  return file;
}

test('an import shows who leaves, per role, and changes nothing until confirmed', async () => {
  await page.goto(`${service.url}/beheer`);
  await page.setInputFiles('#import-form input[name=file]', firstPupils(4));
  await page.click('#import-form button[type=submit]');
  await page.waitForSelector('#plan-summary');
  assert.equal((await page.textContent('td[data-kind=leaving]')).trim(), '16 (16 leerlingen)');
  assert.match(await page.textContent('#plan-leaving'), /L1017\s*Finn Dekker/);
  assert.match(await page.textContent('#kept-roles'), /geen medewerkers in het bestand/);
  await screenshot(page, 'firstday-import-preview');
  await page.click('#cancel-import');
  await page.waitForSelector('#people');
  assert.equal(await page.locator('#people tr[data-id]').count(), 23);

  await page.setInputFiles('#import-form input[name=file]', firstPupils(4));
  await page.click('#import-form button[type=submit]');
  await page.click('#confirm-import');
  await page.waitForSelector('#people');
  assert.match(await page.textContent('.flash'), /16 als vertrokken gemarkeerd/);
  assert.equal(await page.locator('#people tr[data-id]').count(), 7); // 4 pupils, 3 staff kept

  // The right file undoes it.
  await page.setInputFiles('#import-form input[name=file]', path.join(SCHOOL_DEMO, 'leerlingen.csv'));
  await page.click('#import-form button[type=submit]');
  assert.match(await page.textContent('td[data-kind=returning]'), /16 \(16 leerlingen\)/);
  await page.click('#confirm-import');
  await page.waitForSelector('#people');
  assert.equal(await page.locator('#people tr[data-id]').count(), 23);
});

test('bulk enrolment from gezichten.csv with its photos; the person picker keeps its choice', async () => {
  await page.goto(`${service.url}/beheer`);
  const csv = path.join(scratch, 'gezichten.csv');
  fs.writeFileSync(csv, 'leerlingnummer;foto\nL1005;alex.jpg\n');
  const alex = path.join(scratch, 'alex.jpg');
  fs.copyFileSync(path.join(SHARED_DATA, 'faces/face_recognition_repo/examples/knn_examples/train/alex_lacamoire/img1.jpg'), alex);
  await page.setInputFiles('#bulk-form input[name=files]', [csv, alex]);
  await page.click('#bulk-form button[type=submit]');
  await page.waitForSelector('.flash');
  assert.match(await page.textContent('.flash'), /1 foto's ingeschreven, 0 overgeslagen/);
  assert.equal((await page.textContent('tr[data-id="L1005"] td:nth-child(5)')).trim(), '1'); // one reference photo

  await page.selectOption('#withdraw-form select[name=person_id]', 'L1009');
  await page.selectOption('#withdraw-form select[name=channel]', 'website');
  await page.click('#withdraw-form button');
  await page.waitForSelector('.flash');
  assert.equal(await page.inputValue('#withdraw-form select[name=person_id]'), 'L1009');
  assert.equal(await page.inputValue('#enrol-form select[name=person_id]'), 'L1009');
  await screenshot(page, 'firstday-admin-after-withdraw');
});

test('the audit log lists the admin events in Dutch and local time', async () => {
  await page.goto(`${service.url}/beheer/auditlog`);
  const audit = await page.textContent('#audit');
  for (const what of ['toestemmingslijst geïmporteerd', "referentiefoto's ingeschreven", 'toestemming ingetrokken']) {
    assert.match(audit, new RegExp(what));
  }
  assert.match(audit, /L1009, de website, per 21-11-2026/);
  assert.doesNotMatch(audit, /social_media|no_consent|\+00:00/);
  await screenshot(page, 'firstday-auditlog');
});

test('the teacher finds the pairing code on the page, checks a batch with a broken file, and downloads name-veilig.jpg', async () => {
  // Another local user without the link gets the token form, not the code.
  const stranger = await plain.browser.newContext();
  const elsewhere = await stranger.newPage();
  const refused = await elsewhere.goto(`${service.url}/`);
  assert.equal(refused.status(), 401);
  assert.equal(await elsewhere.locator('#pairing-code').count(), 0);
  await stranger.close();
  // The teacher opened the link `serve` printed and never signed in to /beheer.
  const teacherContext = await plain.browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 1000 } });
  const teacher = await teacherContext.newPage();
  await teacher.goto(service.pageUrl);
  await teacher.goto(`${service.url}/`);
  const code = (await teacher.textContent('#pairing-code')).trim();
  assert.match(code, /^\d{6}$/);
  assert.match(await teacher.textContent('#pairing-until'), /geldig tot \d\d:\d\d/);
  await teacher.click('#new-code');
  const fresh = (await teacher.textContent('#pairing-code')).trim();
  assert.notEqual(fresh, code);
  const paired = await fetch(`${service.url}/api/v1/pair`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: fresh, name: 'laptop juf' }),
  });
  assert.equal(paired.status, 200);
  await screenshot(teacher, 'firstday-selfcheck-pairing-code');

  const broken = path.join(scratch, 'kapot.jpg');
  fs.writeFileSync(broken, 'geen foto');
  const klas = path.join(scratch, 'klas.jpg');
  fs.copyFileSync(PHOTOS.mixed, klas);
  await teacher.setInputFiles('#images', [broken, klas]);
  await teacher.click('#submit');
  await teacher.waitForSelector('#verdict');
  assert.equal(await teacher.getAttribute('#verdict', 'data-decision'), 'block');
  assert.match(await teacher.textContent('#unreadable'), /Niet gecontroleerd: kapot\.jpg/);
  await screenshot(teacher, 'firstday-selfcheck-broken-file');
  const [download] = await Promise.all([teacher.waitForEvent('download'), teacher.click('#safe-0')]);
  assert.equal(download.suggestedFilename(), 'klas-veilig.jpg');
  await teacherContext.close();
});

test('the scan report opens with its to-do list, filters without scripts, and no badge breaks', async () => {
  const folder = path.join(scratch, 'map');
  fs.mkdirSync(folder);
  for (const [name, source] of Object.entries({ 'een-heel-lange-naam-van-een-schoolreisfoto-uit-groep-acht.jpg': PHOTOS.mixed,
    'ok.jpg': PHOTOS.consented, 'onbekend.jpg': PHOTOS.unknown })) fs.copyFileSync(source, path.join(folder, name));
  const report = path.join(scratch, 'rapport.html');
  await promisify(execFile)(POORTWACHTER, ['--data-dir', service.dataDir, 'scan', folder, '--report', report,
    '--jobs', '1', '--changed-since', '2026-07-01'], { env: { ...process.env, POORTWACHTER_TODAY: TODAY } })
    .catch((error) => { if (error.code !== 2) throw error; });
  const view = await plain.context.newPage();
  await view.setViewportSize({ width: 420, height: 900 }); // a narrow window is where badges broke
  await view.goto(`file://${report}`);
  const headings = await view.$$eval('h2', (hs) => hs.map((h) => h.id));
  assert.deepEqual(headings.slice(0, 3), ['verwijderen', 'takenlijst', 'waarschuwingen']);
  assert.match(await view.textContent('h3.reason[data-status=no_consent]'), /Geen toestemming \(1\)/);
  const order = await view.$$eval('.photo', (ps) => ps.map((p) => p.dataset.decision));
  assert.deepEqual(order, ['block', 'warn', 'allow']);
  // One line each: a badge's height stays below two of its lines (a word broken in two doubles it).
  const lines = await view.$$eval('.photo .decision', (bs) => bs.map((b) => {
    const style = getComputedStyle(b);
    const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    return Math.round((b.getBoundingClientRect().height - padding) / parseFloat(style.lineHeight));
  }));
  assert.deepEqual(lines, [1, 1, 1]);
  await screenshot(view, 'firstday-scan-report');
  await view.click('label[for=f-block]');
  const shown = await view.$$eval('.photo', (ps) => ps.filter((p) => p.offsetParent !== null).length);
  assert.equal(shown, 1);
  await view.close();
});
