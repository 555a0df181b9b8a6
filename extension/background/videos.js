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

/** POST /uploads {size, name} → {id, chunk}. */
function startUpload(size, name) {
  return whileBusy(() => callService('/uploads', { method: 'POST', json: { size, name } }));
}

/** PUT one piece of the video's bytes at its offset (in order). */
function putPiece(id, offset, dataUrl) {
  const body = dataUrlToBlob(dataUrl);
  return whileBusy(() => callService(`/uploads/${encodeURIComponent(id)}?offset=${Number(offset)}`, { method: 'PUT', body }));
}

/** Fetch the safe copy of a video once; the content script then takes it piece by piece. */
async function fetchSafeVideo(checkId, index) {
  const blob = await whileBusy(() => callService(`/checks/${encodeURIComponent(checkId)}/videos/${Number(index)}/safe`, { accept: 'blob' }));
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
