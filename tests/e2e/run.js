// `npm test`: enrol the demo school once (dlib templates take ~15 s), then run every
// spec file, one at a time (each starts a browser and a service on this 2-core machine),
// each in a copy of that data directory. The timeout is per file: the platform matrix
// (specs/ingress.test.js) takes about 10 minutes on 2 busy cores.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemoDataDir } from './lib/service.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// Every *.test.js in the folders here (specs/: the extension; others may add theirs).
const specs = fs.readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'node_modules')
  .flatMap((d) => fs.readdirSync(path.join(here, d.name)).filter((f) => f.endsWith('.test.js')).map((f) => path.join(d.name, f)))
  .sort();
const template = await buildDemoDataDir();
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=1800000', ...specs], {
  cwd: here, stdio: 'inherit', env: { ...process.env, POORTWACHTER_E2E_DEMO: template },
});
fs.rmSync(template, { recursive: true, force: true });
process.exit(result.status ?? 1);
