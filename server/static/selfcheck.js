// The drop zone: photos and videos dropped anywhere on it land in the form's file input.
// Without this script the plain file input still works.
(() => {
  const drop = document.getElementById('drop');
  const input = document.getElementById('images');
  const chosen = document.getElementById('chosen');
  if (!drop || !input) return;
  const show = () => {
    const names = [...input.files].map((f) => f.name);
    chosen.textContent = names.length ? `Gekozen: ${names.join(', ')}` : '';
  };
  input.addEventListener('change', show);
  ['dragenter', 'dragover'].forEach((type) => drop.addEventListener(type, (event) => {
    event.preventDefault();
    drop.classList.add('over');
  }));
  ['dragleave', 'drop'].forEach((type) => drop.addEventListener(type, () => drop.classList.remove('over')));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    const files = [...event.dataTransfer.files].filter((f) => f.type.startsWith('image/') || f.type.startsWith('video/')
      || /\.(heic|heif|mp4|m4v|mov|webm)$/i.test(f.name));
    const transfer = new DataTransfer();
    files.forEach((f) => transfer.items.add(f));
    input.files = transfer.files;
    show();
  });
})();

// Videos too big for one request (the service takes at most 64 MB a request) go to the
// service in chunks first, with their progress shown; the form then names them by upload
// id. The service assembles one big video at a time: while it is busy (503) we wait.
(() => {
  const form = document.getElementById('check-form');
  const input = document.getElementById('images');
  if (!form || !input || !window.fetch) return;
  const box = document.getElementById('upload');
  const bar = document.getElementById('upload-progress');
  const status = document.getElementById('upload-status');
  const token = form.querySelector('input[name="csrf_token"]').value;
  const isVideo = (f) => f.type.startsWith('video/') || /\.(mp4|m4v|mov|webm)$/i.test(f.name);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  async function call(url, options) {
    for (let waited = 0; ; waited += 2000) {
      const response = await fetch(url, { ...options, headers: { 'X-CSRFToken': token, ...options.headers } });
      if (response.status === 503 && waited < 120000) {
        status.textContent = 'Poortwachter ontvangt al een andere grote video; even wachten…';
        await sleep(2000);
        continue;
      }
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error((body.error && body.error.message) || `Versturen mislukt (${response.status}).`);
      return body;
    }
  }

  async function upload(file, label) {
    const { id, chunk } = await call(form.dataset.upload, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ size: file.size, name: file.name }),
    });
    for (let offset = 0; offset < file.size; offset += chunk) {
      bar.value = offset / file.size;
      status.textContent = `${label} wordt verstuurd: ${Math.floor((100 * offset) / file.size)}%`;
      await call(`${form.dataset.upload}/${encodeURIComponent(id)}?offset=${offset}`, {
        method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: file.slice(offset, offset + chunk),
      });
    }
    bar.value = 1;
    return id;
  }

  form.addEventListener('submit', async (event) => {
    const files = [...input.files];
    const limit = Number(form.dataset.formLimit);
    if (form.dataset.sent || files.reduce((n, f) => n + f.size, 0) <= limit) return; // fits in the form
    event.preventDefault();
    const big = files.filter(isVideo).sort((a, b) => b.size - a.size);
    let rest = files.reduce((n, f) => n + f.size, 0);
    const chunked = [];
    for (const video of big) {
      if (rest <= limit) break;
      chunked.push(video);
      rest -= video.size;
    }
    box.hidden = false;
    form.querySelector('#submit').disabled = true;
    try {
      for (const [n, video] of chunked.entries()) {
        const id = await upload(video, chunked.length > 1 ? `Video ${n + 1} van ${chunked.length}` : 'De video');
        const field = Object.assign(document.createElement('input'), { type: 'hidden', name: 'uploads[]', value: id });
        form.append(field);
      }
    } catch (error) {
      status.textContent = `${error.message} De video is niet gecontroleerd.`;
      box.classList.add('error');
      form.querySelector('#submit').disabled = false;
      return;
    }
    const kept = new DataTransfer();
    files.filter((f) => !chunked.includes(f)).forEach((f) => kept.items.add(f));
    input.files = kept.files;
    status.textContent = 'Verstuurd; Poortwachter bekijkt de video (ongeveer een derde van de speelduur)…';
    form.dataset.sent = '1';
    form.requestSubmit ? form.requestSubmit() : form.submit();
  });
})();
