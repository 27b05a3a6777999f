// Print crop arithmetic: the kept area of a photo for a print's aspect, nudging it, and the
// pixels per inch the original gives at that print size.

export const MIN_PPI = 250;

// Inches of a size like "5x7" as [short, long], or null when it is not a print size.
export function printInches(size) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*[xX]\s*(\d+(?:\.\d+)?)\s*$/.exec(size || '');
  if (!m) return null;
  const a = parseFloat(m[1]);
  const b = parseFloat(m[2]);
  if (!(a > 0 && b > 0)) return null;
  return [Math.min(a, b), Math.max(a, b)];
}

// The largest centred area of the photo with the print's aspect (long / short), in the photo's
// orientation, as fractions {x, y, w, h}. The whole photo when aspect is 0 (not a print).
export function centredCrop(aspect, width, height) {
  if (!(aspect > 0) || !(width > 0) || !(height > 0)) return { x: 0, y: 0, w: 1, h: 1 };
  const photo = width / height;
  const target = width >= height ? aspect : 1 / aspect;
  if (photo > target) {
    const w = target / photo;
    return { x: (1 - w) / 2, y: 0, w, h: 1 };
  }
  const h = photo / target;
  return { x: 0, y: (1 - h) / 2, w: 1, h };
}

export function clampCrop(crop) {
  const x = Math.min(Math.max(crop.x, 0), 1 - crop.w);
  const y = Math.min(Math.max(crop.y, 0), 1 - crop.h);
  return { x, y, w: crop.w, h: crop.h };
}

// Moves the crop by fractions of the photo, kept inside it.
export function nudgeCrop(crop, dx, dy) {
  return clampCrop({ x: crop.x + dx, y: crop.y + dy, w: crop.w, h: crop.h });
}

// Pixels per inch of the original inside the crop at that print size; Infinity when unknown.
export function cropPpi(crop, originalWidth, originalHeight, size) {
  const inches = printInches(size);
  if (!inches || !(originalWidth > 0) || !(originalHeight > 0)) return Infinity;
  const keptW = crop.w * originalWidth;
  const keptH = crop.h * originalHeight;
  const [shortIn, longIn] = inches;
  const [shortPx, longPx] = keptW >= keptH ? [keptH, keptW] : [keptW, keptH];
  return Math.min(shortPx / shortIn, longPx / longIn);
}

export function isCentred(crop, aspect, width, height) {
  const c = centredCrop(aspect, width, height);
  return Math.abs(c.x - crop.x) < 1e-6 && Math.abs(c.y - crop.y) < 1e-6;
}
