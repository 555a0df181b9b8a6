// A small picture of each staged photo with the faces marked, so the user sees *who*
// the verdict is about. Boxes come in the image's own (EXIF-rotated) pixels.
'use strict';

(() => {
  const PW = globalThis.Poortwachter;
  const MAX_SIDE = 320;
  const COLOURS = { block: '#d0021b', warn: '#f5a623', allow: '#2e7d32', consented: '#2e7d32', not_recognisable: '#8a8a8a' };

  function colourFor(finding) {
    if (finding.status === 'consented') return COLOURS.consented;
    if (finding.status === 'not_recognisable') return COLOURS.not_recognisable;
    return COLOURS[finding.severity] || COLOURS.warn;
  }

  /**
   * Canvas with the photo and numbered boxes. `numbers` maps a finding to the number
   * it has in the overlay's list, so box and explanation can be matched.
   */
  async function drawThumbnail(file, info, findings, numbers) {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const width = (info && info.width) || bitmap.width;
    const height = (info && info.height) || bitmap.height;
    const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    ctx.lineWidth = 3;
    ctx.font = 'bold 14px system-ui, sans-serif';
    for (const finding of findings) {
      if (!Array.isArray(finding.box)) continue;
      const [x, y, w, h] = finding.box.map((v) => v * scale);
      ctx.strokeStyle = ctx.fillStyle = colourFor(finding);
      ctx.strokeRect(x, y, w, h);
      const label = String(numbers.get(finding));
      ctx.fillRect(x, Math.max(0, y - 18), ctx.measureText(label).width + 8, 18);
      ctx.fillStyle = '#fff';
      ctx.fillText(label, x + 4, Math.max(13, y - 4));
    }
    return canvas;
  }

  PW.drawThumbnail = drawThumbnail;
})();
