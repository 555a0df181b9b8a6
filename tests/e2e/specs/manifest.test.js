// Every adapter file is registered where it must run, and the manifest serves both
// browsers (refined-github's "a feature that exists but is not registered fails").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EXTENSION } from '../lib/paths.js';

const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION, 'manifest.json'), 'utf8'));
const contentJs = manifest.content_scripts.flatMap((c) => c.js);

test('each platform adapter is in the manifest, the generic one in the run-time registration', () => {
  const adapters = fs.readdirSync(path.join(EXTENSION, 'content/adapters')).filter((f) => f.endsWith('.js'));
  const generic = fs.readFileSync(path.join(EXTENSION, 'background/generic-sites.js'), 'utf8');
  for (const file of adapters) {
    const rel = `content/adapters/${file}`;
    if (file === 'generic.js') assert.ok(generic.includes(`'${rel}'`), rel);
    else assert.ok(contentJs.includes(rel), `${rel} is not registered in manifest.json`);
  }
  assert.equal(contentJs.at(-1), 'content/manager.js', 'the manager starts after every adapter registered');
});

test('every script the manifest and the service worker name exists', () => {
  const named = [...contentJs, ...manifest.background.scripts, manifest.background.service_worker];
  for (const file of named) assert.ok(fs.existsSync(path.join(EXTENSION, file)), file);
  const sw = fs.readFileSync(path.join(EXTENSION, manifest.background.service_worker), 'utf8');
  const imported = [...sw.matchAll(/'([\w-]+\.js)'/g)].map((m) => `background/${m[1]}`);
  assert.deepEqual(imported, manifest.background.scripts, 'Chromium and Firefox load the same background files in the same order');
});

test('content scripts start at document_start, in all frames, on the four platforms', () => {
  const [cs] = manifest.content_scripts;
  assert.equal(cs.run_at, 'document_start');
  assert.equal(cs.all_frames, true);
  for (const host of ['instagram.com', 'facebook.com', 'x.com', 'twitter.com', 'linkedin.com']) {
    assert.ok(cs.matches.some((m) => m.includes(host)), host);
    assert.ok(manifest.host_permissions.some((m) => m.includes(host)), host);
  }
  assert.ok(manifest.browser_specific_settings.gecko.id);
});
