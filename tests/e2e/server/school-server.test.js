// The school server over real TLS: `poortwachter serve --server` (two gate processes) behind
// Debian's nginx with a certificate this test makes. A teacher signs in on the server's page,
// makes a pairing code, and the extension pairs with the server's address and that code;
// a photo with a face without consent is stopped at the composer; the verdict's blurred copy
// goes out. A 70 MB video goes whole (no chunks a single process would have to hold) and its
// blurred copy is made by a gate process that did not check it (gunicorn replaces both between
// the check and the copy). Another teacher's token cannot read the consent list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliVerdict, demoDataDir, freePort, TODAY, waitUntilListening } from '../lib/service.js';
import { startSites } from '../lib/sites.js';
import { launchBrowser, pairExtension, screenshot } from '../lib/browser.js';
import { overlayOf } from '../lib/overlay.js';
import { PAGES, openPage, attach, attachments, waitForAttachments, typeCaption } from '../lib/platforms.js';
import { POORTWACHTER, PHOTOS, REPO } from '../lib/paths.js';

const NAME = 'poortwachter.school.test';
const PASSWORD = 'Kompasroos valt om 7 uur';
let world;

function cli(dataDir, ...args) {
  execFileSync(POORTWACHTER, ['--data-dir', dataDir, ...args], { env: { ...process.env, POORTWACHTER_TODAY: TODAY }, stdio: 'ignore' });
}

/** nginx terminating TLS with a certificate for NAME, in front of the app's port. */
function startNginx(appPort, tlsPort) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-nginx-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`,
    '-days', '1', '-subj', `/CN=${NAME}`, '-addext', `subjectAltName=DNS:${NAME}`], { stdio: 'ignore' });
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join(' ');
  // Warnings logged: nginx says so when it writes a request body to a temporary file.
  fs.writeFileSync(`${dir}/nginx.conf`, `daemon off; master_process off; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events {}
http {
  access_log off; ${temp}
  server {
    listen 127.0.0.1:${tlsPort} ssl; server_name ${NAME};
    ssl_certificate ${dir}/cert.pem; ssl_certificate_key ${dir}/key.pem;
    client_max_body_size 564m; client_body_buffer_size 64m; proxy_request_buffering off; proxy_max_temp_file_size 0;
    location / {
      proxy_pass http://127.0.0.1:${appPort}; proxy_http_version 1.1; proxy_read_timeout 300s;
      proxy_set_header Host $host; proxy_set_header X-Forwarded-For $remote_addr; proxy_set_header X-Forwarded-Proto https;
    }
  }
}
`);
  const child = spawn('/usr/sbin/nginx', ['-c', `${dir}/nginx.conf`, '-p', dir], { stdio: 'ignore' });
  return { child, dir };
}

before(async () => {
  const dataDir = await demoDataDir();
  const appPort = await freePort();
  const tlsPort = await freePort();
  fs.appendFileSync(path.join(dataDir, 'instellingen.toml'),
    `public_name = "${NAME}"\nbind = "127.0.0.1:${appPort}"\nworkers = 2\ntrusted_proxy = "127.0.0.1"\n`);
  cli(dataDir, 'account', 'fg', '--name', 'F. Goossens', '--role', 'beheerder', '--password', PASSWORD);
  cli(dataDir, 'account', 'a.visser', '--name', 'Anna Visser', '--role', 'medewerker', '--password', PASSWORD);
  cli(dataDir, 'account', 'b.smit', '--name', 'Bram Smit', '--role', 'medewerker', '--password', PASSWORD);
  const server = spawn(POORTWACHTER, ['--data-dir', dataDir, 'serve', '--server'], {
    env: { ...process.env, POORTWACHTER_TODAY: TODAY }, stdio: 'ignore', detached: true,
  });
  const nginx = startNginx(appPort, tlsPort);
  await waitUntilListening(appPort, 240);
  await waitUntilListening(tlsPort, 240);
  const sites = await startSites();
  // As an IT department's forced install does: the extension may reach the school server (the
  // options page's permission prompt cannot be answered in a headless test).
  const browser = await launchBrowser({ ...sites, hostResolverRules: `${sites.hostResolverRules}, MAP ${NAME} 127.0.0.1` },
    { grantOrigins: [`https://${NAME}:${tlsPort}/*`] });
  world = {
    dataDir, sites, browser, server, url: `https://${NAME}:${tlsPort}`, nginxDir: nginx.dir,
    async tearDown() {
      await browser.close().catch(() => {});
      await sites.close().catch(() => {});
      nginx.child.kill('SIGTERM');
      try { process.kill(-server.pid, 'SIGTERM'); } catch (error) { /* already gone */ }
      fs.rmSync(nginx.dir, { recursive: true, force: true });
      if (world.videoDir) fs.rmSync(world.videoDir, { recursive: true, force: true });
    },
  };
});
after(async () => { await world?.tearDown(); });

/** Sign in on the server's page (over TLS), make a pairing code, enter it in the extension's options. */
async function pairAs(username) {
  const page = await world.browser.context.newPage();
  await page.goto(`${world.url}/aanmelden`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/account$/), page.click('button[type="submit"]')]);
  await page.click('#new-code');
  const code = (await page.textContent('#pairing-code')).trim();
  await screenshot(page, `school-server-account-${username}`);
  await page.close();
  // The options page: the server's address and the code, the Koppelen button.
  await pairExtension(world.browser, { url: world.url, code });
  return world.browser.worker.evaluate(async () => (await chrome.storage.local.get('token')).token);
}

async function people(token) {
  return world.browser.worker.evaluate(async ({ url, token }) => {
    const response = await fetch(`${url}/api/v1/people`, { headers: { Authorization: `Bearer ${token}` } });
    return { status: response.status, body: await response.text() };
  }, { url: world.url, token });
}

test('a teacher pairs with the school server over TLS; a photo without consent is stopped, its blurred copy goes out', async () => {
  const token = await pairAs('a.visser');
  assert.ok(token);
  const def = PAGES.find((p) => p.key === 'business') || PAGES[0];
  const page = await openPage(world, def);
  await def.toAttach(page);
  await attach(page, def, 'file', [PHOTOS.mixed]);
  const overlay = await overlayOf(page);
  assert.equal(await overlay.waitForState(['block', 'warn', 'unreachable', 'broken']), 'block');
  assert.equal(await attachments(page), 0, 'the page does not hold the photo');
  assert.match(await overlay.text(), /geen toestemming/);
  await screenshot(page, 'school-server-block');
  await overlay.click('[data-pw="blur"]');
  await waitForAttachments(page, 1);
  await page.close();
  const teacher = await people(token);
  assert.equal(teacher.status, 403, 'a teacher does not read the consent list');
  assert.doesNotMatch(teacher.body, /Vries/);
});

test("a second teacher's token cannot read the consent list either; the officer's can", async () => {
  const second = await pairAs('b.smit');
  const answer = await people(second);
  assert.equal(answer.status, 403);
  assert.doesNotMatch(answer.body, /Vries/);
  const officer = await pairAs('fg');
  const list = await people(officer);
  assert.equal(list.status, 200);
  assert.match(list.body, /Sanne de Vries/);
});

/** gunicorn's worker pids (the children of `serve --server`, which is its master). */
function workers() {
  const pid = world.server.pid;
  return new Set(fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean));
}

/** SIGHUP: gunicorn starts new gate processes and ends the old ones, with all they held. */
async function replaceWorkers() {
  const old = workers();
  process.kill(world.server.pid, 'SIGHUP');
  for (let i = 0; i < 2400; i++) {
    const now = workers();
    if (now.size === 2 && [...now].every((pid) => !old.has(pid))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('gunicorn did not replace its workers');
}

test("a 70 MB video goes whole to the server; its blurred copy comes from a gate process that did not check it", async () => {
  world.videoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-server-video-'));
  // Over the laptop's 64 MB a request (and the extension's 48 MB it always sends whole): the
  // chunks of an upload would reach different gate processes, so the server takes it whole.
  execFileSync(path.join(REPO, '.venv/bin/python'), ['-c', `
import sys
from pathlib import Path
from tests.video_support import DAAN, SANNE, Appearance, make_video, padded
scene = [Appearance(SANNE, 0, 3, (0.25, 0.5), (0.3, 0.5)), Appearance(DAAN, 1.0, 2.0, (0.75, 0.45), height=0.3)]
Path(sys.argv[1], "daan.mp4").write_bytes(padded(make_video(scene, 3, (960, 540)), 70 * 2**20))
`, world.videoDir], { cwd: REPO, timeout: 300000 });
  const video = path.join(world.videoDir, 'daan.mp4');
  await pairAs('a.visser');
  const def = PAGES.find((p) => p.key === 'facebook');
  const page = await openPage(world, def);
  await def.toAttach(page);
  await attach(page, def, 'file', [video]);
  const overlay = await overlayOf(page);
  assert.equal(await overlay.waitForState(['block', 'warn', 'allow', 'unreachable', 'broken'], 240000), 'block');
  assert.equal(await attachments(page), 0, 'the page does not hold the video');
  await replaceWorkers(); // nothing of the check is left in any process now
  await overlay.click('[data-pw="blur"]');
  await waitForAttachments(page, 1, 240000);
  if (def.toCaption) await def.toCaption(page);
  await typeCaption(page, def, 'De kerstmusical.');
  const count = world.sites.published.length;
  await def.publish(page);
  const post = await world.sites.waitForPost(count + 1, 120000);
  assert.equal(post.images.length, 1);
  assert.equal(post.images[0].type, 'video/mp4');
  assert.ok(!post.images[0].bytes.equals(fs.readFileSync(video)), 'the published video is the blurred copy');
  const published = path.join(world.videoDir, 'published.mp4');
  fs.writeFileSync(published, post.images[0].bytes);
  const verdict = await cliVerdict(world.dataDir, published);
  const people = Object.fromEntries(verdict.findings.filter((f) => f.person).map((f) => [f.person.id, f.status]));
  assert.deepEqual(people, { L1001: 'consented' }, 'the child without consent is blurred away');
  const log = fs.readFileSync(path.join(world.nginxDir, 'error.log'), 'utf8');
  assert.ok(!/buffered to a temporary file/.test(log), `nginx wrote a request body to disk:\n${log}`);
  await screenshot(page, 'school-server-video-blurred');
  await page.close();
});
