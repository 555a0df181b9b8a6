// Pixel measurements, done by the browser's own JPEG decoder (no image library needed):
// how much fine detail (variance of the Laplacian) a region of a photo holds. A face
// blurred beyond recognition loses nearly all of it; a face left alone keeps most.

/** Sharpness of each box ([x, y, w, h] in the photo's pixels) in the JPEG bytes. */
export async function sharpness(page, bytes, boxes) {
  return page.evaluate(async ({ base64, boxes }) => {
    const blob = await (await fetch(`data:image/jpeg;base64,${base64}`)).blob();
    const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    return {
      width: bitmap.width,
      height: bitmap.height,
      values: boxes.map(([x, y, w, h]) => {
        const { data } = ctx.getImageData(x, y, w, h);
        const grey = (i, j) => { const k = (j * w + i) * 4; return 0.299 * data[k] + 0.587 * data[k + 1] + 0.114 * data[k + 2]; };
        let sum = 0; let sumSq = 0; let n = 0;
        for (let j = 1; j < h - 1; j++) {
          for (let i = 1; i < w - 1; i++) {
            const lap = 4 * grey(i, j) - grey(i - 1, j) - grey(i + 1, j) - grey(i, j - 1) - grey(i, j + 1);
            sum += lap; sumSq += lap * lap; n++;
          }
        }
        return sumSq / n - (sum / n) ** 2;
      }),
    };
  }, { base64: Buffer.from(bytes).toString('base64'), boxes });
}
