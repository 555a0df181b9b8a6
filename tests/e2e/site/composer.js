// A stand-in for a platform's post composer, close enough to the real ones for the
// extension: a hidden file input added after load, drag and drop, paste, a
// contenteditable or textarea caption, and a publish control that is a new DOM node
// after every render (as React re-renders it). "Publishing" POSTs the draft to the
// test server, which is what the tests assert on.
'use strict';

const PLATFORMS = {
  'www.instagram.com': { name: 'instagram', control: 'div-role', label: 'Delen', caption: 'editable', captionLabel: 'Schrijf een bijschrift...' },
  'www.facebook.com': { name: 'facebook', control: 'div-role', label: 'Posten', aria: 'Posten', caption: 'editable', captionLabel: 'Wat wil je delen?' },
  'business.facebook.com': { name: 'business', control: 'div-role', label: 'Publiceren', aria: 'Publiceren', caption: 'editable', captionLabel: 'Tekst' },
  'x.com': { name: 'x', control: 'button', label: 'Posten', testid: 'tweetButton', caption: 'editable', captionTestid: 'tweetTextarea_0', ctrlEnter: true },
  'www.linkedin.com': { name: 'linkedin', control: 'button', label: 'Plaatsen', className: 'share-actions__primary-action', caption: 'textarea', ctrlEnter: true },
};
const config = PLATFORMS[location.hostname] || PLATFORMS['www.instagram.com'];
const state = { images: [], caption: '', published: 0 };

function setImages(files) {
  state.images = Array.from(files).filter((f) => f.type.startsWith('image/'));
  render();
}

function captionText() {
  const el = document.getElementById('caption');
  return el.tagName === 'TEXTAREA' ? el.value : el.innerText;
}

function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function publish() {
  const images = await Promise.all(state.images.map(async (file) => ({
    name: file.name, type: file.type, data: toBase64(new Uint8Array(await file.arrayBuffer())),
  })));
  const response = await fetch('/published', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ platform: config.name, caption: captionText(), images }),
  });
  state.published += 1;
  document.body.dataset.published = String(state.published);
  document.getElementById('status').textContent = response.ok ? 'Geplaatst.' : 'Mislukt.';
}

/** A brand-new control node on every render, with its own (non-delegated) handler. */
function renderControl() {
  const control = document.createElement(config.control === 'button' ? 'button' : 'div');
  if (config.control === 'div-role') { control.setAttribute('role', 'button'); control.tabIndex = 0; }
  if (config.aria) control.setAttribute('aria-label', config.aria);
  if (config.testid) control.dataset.testid = config.testid;
  control.className = `publish ${config.className || ''}`;
  control.textContent = config.label;
  control.dataset.render = String(Date.now());
  control.addEventListener('click', publish);
  document.getElementById('publish-slot').replaceChildren(control);
}

function render() {
  document.getElementById('previews').replaceChildren(...state.images.map((file) => {
    const img = document.createElement('img');
    img.src = URL.createObjectURL(file);
    img.alt = file.name;
    return img;
  }));
  renderControl();
}

function renderCaption() {
  const el = config.caption === 'textarea' ? document.createElement('textarea') : document.createElement('div');
  el.id = 'caption';
  if (config.caption !== 'textarea') {
    el.contentEditable = 'true';
    el.setAttribute('role', 'textbox');
  }
  if (config.captionLabel) el.setAttribute('aria-label', config.captionLabel);
  if (config.captionTestid) el.dataset.testid = config.captionTestid;
  el.addEventListener('input', render);
  el.addEventListener('paste', (event) => {
    if (event.clipboardData && event.clipboardData.files.length) {
      event.preventDefault();
      setImages(event.clipboardData.files);
    }
  });
  if (config.ctrlEnter) {
    el.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); publish(); }
    });
  }
  document.getElementById('caption-slot').replaceChildren(el);
}

const dropzone = document.getElementById('dropzone');
dropzone.addEventListener('dragover', (event) => event.preventDefault());
dropzone.addEventListener('drop', (event) => { event.preventDefault(); setImages(event.dataTransfer.files); });

// The file input arrives later and hidden, outside the dialog, as on the real sites.
setTimeout(() => {
  const input = document.createElement('input');
  input.type = 'file';
  input.id = 'file';
  input.multiple = true;
  input.accept = 'image/*';
  input.hidden = true;
  input.addEventListener('change', () => { setImages(input.files); input.value = ''; });
  document.body.append(input);
  document.getElementById('add-photo').addEventListener('click', () => input.click());
}, 300);

// Background re-renders, like a live app: the control the user clicked is soon a stale node.
setInterval(renderControl, 400);
renderCaption();
render();
