// Ways a user adds photos that Playwright has no direct verb for: a drop from the file
// manager and a paste from the clipboard. Both fire the events a browser fires (composed,
// so they leave shadow roots), with the files in a DataTransfer. Selectors are Playwright's
// (they pierce open shadow roots).
import fs from 'node:fs';
import path from 'node:path';

// The type a browser gives a file from the file manager, by its extension.
const TYPES = { '.png': 'image/png', '.webp': 'image/webp', '.mp4': 'video/mp4', '.m4v': 'video/x-m4v', '.mov': 'video/quicktime', '.webm': 'video/webm' };

function payload(files) {
  return files.map((f) => ({ name: path.basename(f), type: TYPES[path.extname(f).toLowerCase()] || 'image/jpeg', data: fs.readFileSync(f).toString('base64') }));
}

async function transfer(page, kind, selector, files) {
  const target = await page.locator(selector).first().elementHandle();
  await target.evaluate((el, { kind, items }) => {
    const data = new DataTransfer();
    for (const { name, type, data: b64 } of items) data.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type }));
    const init = { bubbles: true, cancelable: true, composed: true };
    if (kind === 'paste') {
      el.focus();
      el.dispatchEvent(new ClipboardEvent('paste', { ...init, clipboardData: data }));
    } else {
      for (const type of ['dragenter', 'dragover', 'drop']) el.dispatchEvent(new DragEvent(type, { ...init, dataTransfer: data }));
    }
  }, { kind, items: payload(files) });
}

export const dropFiles = (page, selector, files) => transfer(page, 'drop', selector, files);
export const pasteFiles = (page, selector, files) => transfer(page, 'paste', selector, files);

/** A file as the page would get it through a way of its own (window.postMessage in the fixtures). */
export function filePayload(file) {
  return payload([file])[0];
}
