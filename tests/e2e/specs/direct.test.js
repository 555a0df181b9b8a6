// A web page cannot use the service: no token, no CORS for web origins, and a forged
// Host header (DNS rebinding) is refused even with a valid token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { setUp, openComposer } from '../lib/fixture.js';
import { auditEntries } from '../lib/service.js';

let world;
let token;
before(async () => {
  world = await setUp();
  ({ token } = await world.browser.worker.evaluate(() => chrome.storage.local.get('token')));
});
after(async () => { await world?.tearDown(); });

function request(path, { method = 'GET', host, headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: world.service.port, path, method, agent: false,
      headers: { Host: host || `127.0.0.1:${world.service.port}`, ...headers },
    }, (res) => {
      let data = '';
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('the paired token works from the background only, and the page never gets it', async () => {
  assert.ok(token, 'pairing stored a token');
  const ok = await request('/api/v1/health', { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(ok.status, 200);
  assert.equal(JSON.parse(ok.body).status, 'ok');
});

test('a page on a platform that calls the service itself is refused', async () => {
  const before = (await auditEntries(world.dataDir)).length;
  const page = await openComposer(world, 'www.instagram.com');
  const outcome = await page.evaluate(async (url) => {
    const results = {};
    try {
      const r = await fetch(`${url}/api/v1/health`);
      results.health = r.status;
    } catch (error) { results.health = 'refused'; }
    try {
      const form = new FormData();
      form.append('text', 'BSN 123456782');
      form.append('channel', 'social_media');
      const r = await fetch(`${url}/api/v1/checks`, { method: 'POST', body: form, mode: 'no-cors' });
      results.checks = r.type; // opaque at best: the page can read nothing
    } catch (error) { results.checks = 'refused'; }
    return results;
  }, world.service.url);
  assert.equal(outcome.health, 'refused', JSON.stringify(outcome));
  assert.ok(['refused', 'opaque'].includes(outcome.checks), JSON.stringify(outcome));
  assert.equal((await auditEntries(world.dataDir)).length, before, 'the page got no check done');
  await page.close();
});

test('no token: 401 on every API route but pairing', async () => {
  for (const [method, path] of [['GET', '/api/v1/health'], ['POST', '/api/v1/checks'], ['GET', '/api/v1/audit']]) {
    const response = await request(path, { method });
    assert.equal(response.status, 401, `${method} ${path}`);
    assert.ok(JSON.parse(response.body).error.message, 'a Dutch error message');
  }
  const wrong = await request('/api/v1/health', { headers: { Authorization: 'Bearer not-the-token' } });
  assert.equal(wrong.status, 401);
});

test('a forged Host header is refused, even with the token', async () => {
  for (const host of ['evil.example', `evil.example:${world.service.port}`, `127.0.0.1.nip.io:${world.service.port}`]) {
    const response = await request('/api/v1/health', { host, headers: { Authorization: `Bearer ${token}` } });
    assert.equal(response.status, 403, host);
  }
});

test('CORS admits extension origins only', async () => {
  const preflight = (origin) => request('/api/v1/checks', {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
  });
  const web = await preflight('https://www.instagram.com');
  assert.equal(web.headers['access-control-allow-origin'], undefined);
  const extension = await preflight(`chrome-extension://${world.browser.extensionId}`);
  assert.equal(extension.headers['access-control-allow-origin'], `chrome-extension://${world.browser.extensionId}`);
});
