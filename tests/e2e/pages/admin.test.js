// /beheer as the privacy officer meets it: set the password at the first visit, see the
// list, withdraw a consent, read the audit log, log out and back in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPages, screenshot } from './browser.js';

const PASSWORD = 'privacy-officer-2026';
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

test('first visit sets the password; withdraw, audit log, logout and login', async () => {
  const page = await plain.context.newPage();
  await page.goto(`${service.url}/beheer`);
  assert.match(page.url(), /\/beheer\/instellen$/);
  await page.fill('#password', PASSWORD);
  await page.fill('#repeat', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('#people');
  assert.match(await page.textContent('.flash'), /ingesteld/);
  const sanne = 'tr[data-id="L1001"] td[data-channel="social_media"]';
  assert.equal((await page.textContent(sanne)).trim(), 'toestemming');
  await screenshot(page, 'admin-dashboard');

  await page.selectOption('#withdraw-form select[name=person_id]', 'L1001');
  await page.selectOption('#withdraw-form select[name=channel]', 'social_media');
  await page.click('#withdraw-form button');
  await page.waitForSelector('.flash');
  assert.match(await page.textContent('.flash'), /Sanne de Vries .* ingetrokken/);
  assert.equal((await page.textContent(sanne)).trim(), 'toestemming ingetrokken');

  // A check from the self-check page shows up in the audit log, without its text.
  await page.goto(`${service.url}/`);
  await page.fill('#text', 'Een geheime zin over de schoolreis.');
  await page.click('#submit');
  await page.waitForSelector('#verdict');
  await page.goto(`${service.url}/beheer/auditlog`);
  const audit = await page.textContent('#audit');
  assert.match(audit, /zelfcontrole/);
  assert.doesNotMatch(audit, /geheime zin/);
  await screenshot(page, 'admin-audit');

  await page.goto(`${service.url}/beheer`);
  await page.click('#logout');
  assert.match(page.url(), /\/beheer\/inloggen$/);
  await page.fill('#password', 'niet-het-wachtwoord');
  await page.click('button[type=submit]');
  assert.match(await page.textContent('.flash.error'), /klopt niet/);
  await screenshot(page, 'admin-login-wrong');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('#people');
  await page.close();
});

test('an admin form posted from another page without the CSRF token is refused', async () => {
  // Without the page session the guard in front of every page refuses it already.
  const stranger = await fetch(`${service.url}/beheer/verwijderen`, {
    method: 'POST', body: new URLSearchParams({ person_id: 'L1002', confirm: 'L1002' }),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(stranger.status, 401);
  // With the signed-in officer's cookies but without the form's CSRF token: refused too.
  const forged = await plain.context.request.post(`${service.url}/beheer/verwijderen`, {
    form: { person_id: 'L1002', confirm: 'L1002' }, maxRedirects: 0,
  });
  assert.equal(forged.status(), 400);
});
