// Which images has the user staged? We watch, in the capture phase from document_start,
// every way a file gets into a composer: file inputs (also hidden ones and ones added
// later: `change` bubbles to the document from wherever the input sits), drag and drop,
// and paste. Each way is a "source" we can later feed a safe copy back through.
'use strict';

(() => {
  const PW = globalThis.Poortwachter;
  /** source -> {kind: 'input'|'drop'|'paste', target: Element, files: File[]} */
  const sources = new Map();

  const imagesIn = (fileList) => Array.from(fileList || []).filter((f) => /^image\//.test(f.type) || /\.(jpe?g|png|webp|gif|heic|heif|avif|bmp)$/i.test(f.name));

  function remember(key, kind, target, files) {
    const images = imagesIn(files);
    if (images.length) sources.set(key, { kind, target, files: images });
    else if (kind === 'input') sources.delete(key); // an emptied input holds nothing any more
  }

  // Snapshot at the event: pages often clear input.value right after reading the files.
  document.addEventListener('change', (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.type === 'file') remember(input, 'input', input, input.files);
  }, true);

  window.addEventListener('drop', (event) => {
    if (event.dataTransfer && event.dataTransfer.files.length) {
      remember(event.target, 'drop', event.target, event.dataTransfer.files);
    }
  }, true);

  window.addEventListener('paste', (event) => {
    if (event.clipboardData && event.clipboardData.files.length) {
      remember(event.target, 'paste', event.target, event.clipboardData.files);
    }
  }, true);

  /** Inputs that already hold files we never saw a change for (e.g. restored by the browser). */
  function sweepInputs() {
    for (const input of document.querySelectorAll('input[type="file"]')) {
      if (!sources.has(input) && input.files && input.files.length) remember(input, 'input', input, input.files);
    }
  }

  /** All staged images, in a stable order, each with the source it came through. */
  function staged() {
    sweepInputs();
    const list = [];
    for (const [key, source] of sources) {
      source.files.forEach((file, position) => list.push({ file, key, position }));
    }
    return list;
  }

  /** After a post went out the composer is empty: forget what was staged. */
  function clear() {
    sources.clear();
  }

  /**
   * Put safe copies where staged images were, through the same way they came in
   * (file input, drop or paste), so the page's own handlers take them up as if the
   * user did it. `replacements`: [{key, position, file}]; one event per source.
   */
  function replace(replacements) {
    const byKey = new Map();
    for (const r of replacements) {
      if (!byKey.has(r.key)) byKey.set(r.key, []);
      byKey.get(r.key).push(r);
    }
    for (const [key, changes] of byKey) {
      const source = sources.get(key);
      if (!source) throw new Error('staged image is gone');
      const files = source.files.slice();
      for (const change of changes) files[change.position] = change.file;
      const target = feed(source, files);
      // Our own capture listeners saw the new files too; keep exactly one record of them.
      if (target !== key) sources.delete(key);
      sources.set(target, { kind: source.kind, target, files });
    }
  }

  function feed(source, files) {
    const transfer = new DataTransfer();
    files.forEach((f) => transfer.items.add(f));
    let target = source.target.isConnected ? source.target : null;
    if (source.kind === 'input') {
      target = target || document.querySelector('input[type="file"]');
      if (!target) throw new Error('file input is gone');
      target.files = transfer.files;
      target.dispatchEvent(new Event('input', { bubbles: true }));
      target.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (source.kind === 'drop') {
      target = target || document.body;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, composed: true, dataTransfer: transfer }));
      }
    } else {
      target = target || document.body;
      target.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, composed: true, clipboardData: transfer }));
    }
    return target;
  }

  PW.staging = { staged, clear, replace };
})();
