// Ways a user stages photos that Playwright has no direct verb for: a drop from the
// file manager and a paste from the clipboard. Both fire the same events a browser
// fires, with the files in a DataTransfer.
import fs from 'node:fs';
import path from 'node:path';

function payload(files) {
  return files.map((f) => ({ name: path.basename(f), data: fs.readFileSync(f).toString('base64') }));
}

export async function dropFiles(page, selector, files) {
  await page.evaluate(({ selector, items }) => {
    const transfer = new DataTransfer();
    for (const { name, data } of items) transfer.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type: 'image/jpeg' }));
    const target = document.querySelector(selector);
    for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }, { selector, items: payload(files) });
}

export async function pasteFiles(page, selector, files) {
  await page.evaluate(({ selector, items }) => {
    const transfer = new DataTransfer();
    for (const { name, data } of items) transfer.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type: 'image/jpeg' }));
    document.querySelector(selector).dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: transfer }));
  }, { selector, items: payload(files) });
}
