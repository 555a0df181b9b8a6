// A plain Debian chromium (no extension) for the service's own pages, and a place for
// their screenshots: artifacts/pages/ in the repo (gitignored).
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { REPO } from '../lib/paths.js';
import { demoDataDir, startService } from '../lib/service.js';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOTS = path.join(REPO, 'artifacts', 'pages');

// A name that resolves to 127.0.0.1, as a DNS-rebinding attacker's would.
export const REBIND_HOST = 'rebind.example';

export async function launchPlain() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--host-resolver-rules=MAP ${REBIND_HOST} 127.0.0.1`],
  });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 1000 } });
  return { browser, context };
}

/**
 * The demo school's service and a plain browser that opened the link `serve` printed, so its
 * session may open the pages; `close()` ends both.
 */
export async function openPages() {
  const service = await startService(await demoDataDir());
  const plain = await launchPlain().catch(async (error) => {
    await service.stop().catch(() => {});
    throw error;
  });
  const entry = await plain.context.newPage();
  await entry.goto(service.pageUrl);
  return {
    service, plain, entry,
    async close() {
      await plain.browser.close().catch(() => {});
      await service.stop().catch(() => {});
    },
  };
}

export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A copy of a photo with a GPS position in its EXIF, made with Pillow in a temporary folder. */
export async function photoWithGps(source) {
  const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pw-pages-')), 'met-gps.jpg');
  const script = [
    'import sys',
    'from PIL import Image',
    'image = Image.open(sys.argv[1]).convert("RGB")',
    'exif = Image.Exif()',
    'exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (4.0, 53.0, 0.0)})',
    'image.save(sys.argv[2], exif=exif.tobytes(), quality=95)',
  ].join('\n');
  await promisify(execFile)(path.join(REPO, '.venv/bin/python'), ['-c', script, source, target]);
  return target;
}

/** Whether JPEG bytes carry an EXIF block (APP1 "Exif\0\0"), where a GPS position lives. */
export function hasExif(bytes) {
  return Buffer.from(bytes).includes(Buffer.from('Exif\0\0', 'binary'));
}
