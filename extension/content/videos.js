// Videos through the background in pieces: extension messages are JSON (a piece is a data
// URL), and a phone video is hundreds of megabytes. The background sends them to the
// service (with the check, or first to its upload resource when too big for one request);
// a blurred copy comes back the same way.
'use strict';

(() => {
  const PW = globalThis.Poortwachter;
  const PIECE = 8 * 1024 * 1024;
  const VIDEO_FILE = /\.(mp4|m4v|mov|webm|mkv|avi)$/i;

  const isVideo = (file) => /^video\//.test(file.type) || VIDEO_FILE.test(file.name || '');

  function failure(answer) {
    return Object.assign(new Error(answer.error.message), { kind: answer.error.kind, status: answer.error.status });
  }

  /** Upload a video; onProgress(fraction) after each piece. Resolves with the upload id. */
  async function upload(file, onProgress) {
    const started = await PW.ask({ type: 'uploadStart', size: file.size, name: file.name });
    if (!started.ok) throw failure(started);
    const step = Math.min(PIECE, started.upload.chunk || PIECE);
    for (let offset = 0; offset < file.size; offset += step) {
      const data = await PW.dataUrlOf(file.slice(offset, offset + step));
      const put = await PW.ask({ type: 'uploadPiece', id: started.upload.id, offset, data });
      if (!put.ok) throw failure(put);
      onProgress(Math.min(file.size, offset + step) / file.size);
    }
    return started.upload.id;
  }

  /** The blurred copy of video `index` of a check, as a File named after the original. */
  async function safeCopy(checkId, index, original) {
    const made = await PW.ask({ type: 'safeVideo', checkId, index });
    if (!made.ok) throw failure(made);
    const parts = [];
    for (let offset = 0; offset < made.video.size; offset += PIECE) {
      const piece = await PW.ask({ type: 'safeVideoPiece', key: made.video.key, offset, length: PIECE });
      if (!piece.ok) throw failure(piece);
      parts.push(await (await fetch(piece.data)).blob());
    }
    const name = original.name.replace(/(\.[^.]*)?$/, '-vervaagd.mp4');
    return new File(parts, name, { type: 'video/mp4', lastModified: Date.now() });
  }

  PW.videos = { isVideo, upload, safeCopy, failure };
})();
