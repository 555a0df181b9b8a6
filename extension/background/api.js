// Everything that talks HTTP to the local service lives here, in the background:
// the token never leaves this context (content scripts only get verdicts and images).
'use strict';

const DEFAULT_SETTINGS = {
  serviceUrl: 'http://127.0.0.1:5151',
  token: '',
  accounts: { instagram: 'school', facebook: 'school', x: 'school', linkedin: 'school' },
  whenUnreachable: 'warn', // the school may choose 'block'
  genericSites: [], // [{origin: 'https://cms.example.nl', channel: 'website'}]
};

const REQUEST_TIMEOUT_MS = 60000;
// A request carrying a video waits longer: sending it and judging it both grow with its size
// (a 3-minute video takes about a minute to check; 500 MB takes a minute to send at 70 Mbit/s).
const TIMEOUT_MS_PER_MB = 1000;

function timeoutFor(bytes) {
  return REQUEST_TIMEOUT_MS + Math.ceil(bytes / 2 ** 20) * TIMEOUT_MS_PER_MB;
}

/** Settings with defaults filled in. */
async function getSettings() {
  const stored = await chrome.storage.local.get(Object.keys(DEFAULT_SETTINGS));
  return { ...DEFAULT_SETTINGS, ...stored, accounts: { ...DEFAULT_SETTINGS.accounts, ...(stored.accounts || {}) } };
}

/** A failure the content script can explain: kind is 'unreachable', 'unpaired' or 'service'. */
class ServiceError extends Error {
  constructor(kind, message, status = 0) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

/** One call to the service; throws ServiceError with a Dutch message. */
async function callService(path, { method = 'GET', body, json, auth = true, accept = 'json', timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
  const settings = await getSettings();
  const headers = {};
  if (auth) {
    if (!settings.token) throw new ServiceError('unpaired', 'Poortwachter is nog niet gekoppeld aan de dienst. Koppel hem in de instellingen.');
    headers.Authorization = `Bearer ${settings.token}`;
  }
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  }
  const base = settings.serviceUrl.replace(/\/+$/, '');
  let response;
  try {
    response = await fetch(`${base}/api/v1${path}`, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new ServiceError('unreachable', `De Poortwachter-dienst op ${base} is niet bereikbaar.`);
  }
  if (response.status === 401) {
    throw new ServiceError('unpaired', 'De dienst herkent deze extensie niet (meer). Koppel hem opnieuw in de instellingen.', 401);
  }
  if (!response.ok) {
    let message = `De dienst gaf een fout (${response.status}).`;
    try {
      const data = await response.json();
      if (data && data.error && data.error.message) message = data.error.message;
    } catch (ignored) { /* not JSON: keep the generic message */ }
    throw new ServiceError('service', message, response.status);
  }
  return accept === 'blob' ? response.blob() : response.json();
}

/** Data URL <-> Blob, because extension messages are JSON in Chromium (no ArrayBuffers). */
function dataUrlToBlob(dataUrl) {
  const [head, base64] = dataUrl.split(',', 2);
  const type = (head.match(/^data:([^;]+)/) || [])[1] || 'application/octet-stream';
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type });
}

async function blobToDataUrl(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${blob.type || 'application/octet-stream'};base64,${btoa(binary)}`;
}

/** POST /checks with the images, the videos handed over before (their upload ids) and the caption. */
async function checkDraft({ images = [], uploads = [], text = '', channel = 'social_media', account = 'school' }) {
  const form = new FormData();
  images.forEach((image, index) => form.append('images[]', dataUrlToBlob(image.data), image.name || `foto-${index + 1}.jpg`));
  const fields = await videoFields(uploads);
  fields.videos.forEach((video) => form.append('videos[]', video.blob, video.name));
  fields.uploads.forEach((id) => form.append('uploads[]', id));
  form.append('text', text);
  form.append('channel', channel);
  form.append('account', account);
  // A school server has several processes: its blurred copies come with the verdict, not later.
  form.append('safe_copies', 'inline');
  const check = () => callService('/checks', { method: 'POST', body: form, timeoutMs: timeoutFor(fields.bytes) });
  // A video uploaded to the service waits there for its check: when the service is busy, the
  // same check is asked again rather than the video sent again.
  const verdict = await (fields.uploads.length ? whileBusy(check) : check());
  keepCheckedVideos(verdict, fields.checked);
  if (Array.isArray(verdict.safe_copies)) {
    inlineCopies.set(verdict.id, verdict.safe_copies.map((c) => `data:image/jpeg;base64,${c.jpeg_base64}`));
    while (inlineCopies.size > INLINE_COPIES_KEPT) inlineCopies.delete(inlineCopies.keys().next().value);
    delete verdict.safe_copies; // the content script asks for a copy only when the user wants one
  }
  return verdict;
}

const INLINE_COPIES_KEPT = 10;
const inlineCopies = new Map(); // check id -> data URL per image, from the verdict

async function fetchSafeImage(checkId, index) {
  const held = inlineCopies.get(checkId);
  if (held && held[Number(index)]) return held[Number(index)];
  const blob = await callService(`/checks/${encodeURIComponent(checkId)}/images/${Number(index)}/safe`, { accept: 'blob' });
  return blobToDataUrl(blob);
}

async function pair(code, name) {
  const result = await callService('/pair', { method: 'POST', json: { code, name }, auth: false });
  if (!result || !result.token) throw new ServiceError('service', 'De dienst gaf geen sleutel terug.');
  await chrome.storage.local.set({ token: result.token });
  return { ok: true };
}
