// Issue 11.1, the extension's side: a verdict that judged fewer photos or videos than were
// sent is an error (the post is held), never an allow. The content script's own code,
// run in a bare context: no browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { EXTENSION } from '../lib/paths.js';

function views() {
  const context = vm.createContext({ Poortwachter: {} });
  context.globalThis = context;
  vm.runInContext(fs.readFileSync(path.join(EXTENSION, 'content/verdict-view.js'), 'utf8'), context);
  return context.Poortwachter.views;
}

const allow = (images, videos = []) => ({ decision: 'allow', findings: [], images, videos });
const image = (index) => ({ index, width: 10, height: 10, faces: 0, gps: false });

test('an allow that judged fewer photos than were sent is an error', () => {
  const { assertAllJudged } = views();
  assert.throws(() => assertAllJudged(allow([]), 1), /beoordeelde 0 van de 1 foto's/);
  assert.throws(() => assertAllJudged(allow([image(0)]), 2), /beoordeelde 1 van de 2 foto's/);
  assert.throws(() => assertAllJudged({ decision: 'allow', findings: [] }, 1), /0 van de 1 foto's/);
});

test('an allow that judged fewer videos than were sent is an error', () => {
  const { assertAllJudged } = views();
  assert.throws(() => assertAllJudged(allow([image(0)], []), 1, 1), /beoordeelde 0 van de 1 video's/);
  assert.throws(() => assertAllJudged({ decision: 'allow', findings: [], images: [] }, 0, 2), /van de 2 video's/);
});

test('a verdict on every photo and video sent passes', () => {
  const { assertAllJudged } = views();
  assert.doesNotThrow(() => assertAllJudged(allow([image(0), image(1)]), 2));
  assert.doesNotThrow(() => assertAllJudged(allow([image(0)], [{ index: 0 }]), 1, 1));
  assert.doesNotThrow(() => assertAllJudged(allow([]), 0)); // text only
});
