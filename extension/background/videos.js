// Videos are too big for one extension message or one request: the content script sends
// them in pieces, which go to the service's upload resource (one big video at a time:
// while the service is busy, wait), and a safe copy comes back to it in pieces.
'use strict';

const BUSY_WAIT_MS = 2000;
const BUSY_TRIES = 60;
const safeVideos = new Map(); // key → Blob, until the content script has taken all of it

/** Run a call again while the service answers 503 (busy with another big video). */
async function whileBusy(call) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (error.status !== 503 || attempt === BUSY_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS));
    }
  }
}

// Videos that fit in the check request itself are kept here and sent whole: a school server
// has several processes, and the chunks of a service upload must all reach the one that
// assembles them. A whole video goes with the check, and again with its verdict's signed
// blur plan for the safe copy, so any process can answer each request. A school server takes
// a video up to the school's limit whole (GET /limits); a laptop's service 48 MB.
const WHOLE_LIMIT = 48 * 1024 * 1024; // all of a check's videos together, under any service's 64 MB per request
const SERVICE_CHUNK = 32 * 1024 * 1024;
const wholeVideos = new Map(); // local upload id → {name, size, received, parts}
// A video that goes to a laptop's upload resource is kept here too: the service holds no video
// after an extension's check, so the video is sent again, with its plan, for the safe copy.
const serviceVideos = new Map(); // service upload id → {name, size, parts}
const checkedVideos = new Map(); // check id → [{blob, name, plan}] for the safe copies
const CHECKS_KEPT = 3;
let serviceLimits = { url: '', wholeBytes: WHOLE_LIMIT };

/** How many bytes of a check's videos the service takes whole in one request. */
async function wholeVideoBytes(size) {
  if (size <= WHOLE_LIMIT) return WHOLE_LIMIT;
  const { serviceUrl } = await getSettings();
  if (serviceLimits.url !== serviceUrl) {
    const limits = await callService('/limits');
    serviceLimits = { url: serviceUrl, wholeBytes: Number(limits.whole_video_bytes) || WHOLE_LIMIT };
  }
  return serviceLimits.wholeBytes;
}

/** POST /uploads {size, name} → {id, chunk}; a video the service takes whole is kept here instead. */
async function startUpload(size, name) {
  if (size <= await wholeVideoBytes(size)) {
    const id = `whole-${crypto.randomUUID()}`;
    wholeVideos.set(id, { name, size, received: 0, parts: [] });
    return { id, chunk: SERVICE_CHUNK };
  }
  const started = await startServiceUpload(size, name);
  serviceVideos.set(started.id, { name, size, parts: [] });
  return started;
}

function startServiceUpload(size, name) {
  return whileBusy(() => callService('/uploads', { method: 'POST', json: { size, name } }));
}

/** PUT one piece of the video's bytes at its offset (in order). */
function putPiece(id, offset, dataUrl) {
  const body = dataUrlToBlob(dataUrl);
  const whole = wholeVideos.get(id);
  if (whole) {
    if (offset !== whole.received) throw new ServiceError('service', 'De video kwam niet in volgorde binnen. Voeg hem opnieuw toe.');
    whole.parts.push(body);
    whole.received += body.size;
    return { received: whole.received };
  }
  const sent = serviceVideos.get(id);
  if (sent) sent.parts.push(body);
  return putServicePiece(id, offset, body);
}

function putServicePiece(id, offset, body) {
  return whileBusy(() => callService(`/uploads/${encodeURIComponent(id)}?offset=${Number(offset)}`, { method: 'PUT', body }));
}

/**
 * The check's videos as form fields, in the order the content script uploaded them: all whole
 * when they fit in the request together, else every one through the service's upload resource.
 */
async function videoFields(uploads) {
  const kept = uploads.map((id) => wholeVideos.get(id));
  const sent = uploads.map((id) => serviceVideos.get(id));
  uploads.forEach((id) => { wholeVideos.delete(id); serviceVideos.delete(id); });
  const total = kept.reduce((sum, video) => sum + (video ? video.size : Infinity), 0);
  const checked = uploads.map((_, i) => {
    const video = kept[i] || sent[i];
    return video && { blob: new Blob(video.parts, { type: 'video/mp4' }), name: video.name };
  });
  const bytes = checked.reduce((sum, video) => sum + (video ? video.blob.size : 0), 0); // for the request's timeout
  if (total <= await wholeVideoBytes(total)) return { videos: checked, uploads: [], bytes, checked };
  const ids = [];
  for (const [i, id] of uploads.entries()) ids.push(kept[i] ? await uploadToService(checked[i]) : id);
  return { videos: [], uploads: ids, bytes, checked };
}

async function uploadToService({ blob, name }) {
  const started = await startServiceUpload(blob.size, name);
  for (let offset = 0; offset < blob.size; offset += SERVICE_CHUNK) {
    await putServicePiece(started.id, offset, blob.slice(offset, offset + SERVICE_CHUNK, 'application/octet-stream'));
  }
  return started.id;
}

/** After the verdict: keep the whole videos with their signed blur plans for the safe copies. */
function keepCheckedVideos(verdict, videos) {
  const plans = (verdict.videos || []).map((v) => v.safe_plan);
  if (!videos.length || !videos.every(Boolean) || !plans.every(Boolean)) return;
  checkedVideos.set(verdict.id, videos.map((video, i) => ({ ...video, plan: plans[i] })));
  while (checkedVideos.size > CHECKS_KEPT) checkedVideos.delete(checkedVideos.keys().next().value);
}

/**
 * The safe copy: from the plan and the video sent again (any process; whole, or through the
 * upload resource when too big for one request), else the copy the service holds.
 */
async function requestSafeVideo(checkId, index) {
  const path = `/checks/${encodeURIComponent(checkId)}/videos/${Number(index)}/safe`;
  const held = (checkedVideos.get(checkId) || [])[Number(index)];
  if (!held) return callService(path, { accept: 'blob' });
  const form = new FormData();
  if (held.blob.size <= await wholeVideoBytes(held.blob.size)) form.append('videos[]', held.blob, held.name);
  else form.append('uploads[]', await uploadToService(held));
  form.append('safe_plan', held.plan);
  return callService(path, { method: 'POST', body: form, accept: 'blob', timeoutMs: timeoutFor(held.blob.size) });
}

/** Fetch the safe copy of a video once; the content script then takes it piece by piece. */
async function fetchSafeVideo(checkId, index) {
  const blob = await whileBusy(() => requestSafeVideo(checkId, index));
  const key = crypto.randomUUID();
  safeVideos.set(key, blob);
  return { key, size: blob.size, type: blob.type || 'video/mp4' };
}

async function safeVideoPiece(key, offset, length) {
  const blob = safeVideos.get(key);
  if (!blob) throw new ServiceError('service', 'De vervaagde video is niet meer beschikbaar. Voeg de video opnieuw toe.');
  const data = await blobToDataUrl(blob.slice(offset, offset + length, 'application/octet-stream'));
  if (offset + length >= blob.size) safeVideos.delete(key);
  return data;
}
