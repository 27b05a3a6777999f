// Deep zoom in the proof viewer. The proof is scaled and moved with a CSS transform; once the
// screen shows more pixels of the photo than the proof has, the tiles in view are fetched from
// the photo's JPEG 2000 zoom proof over IIIF (the tile grid and scale factors its info.json
// lists, so the browser and the host's render cache can reuse them) and laid over the proof, so
// a customer can check a face or a detail. Wheel, pinch, double-click or double-tap,
// the + - 0 keys and the bar's buttons zoom; a drag moves the photo while zoomed.
const MAX_SCALE = 8;
const STEP = 1.6;
const DOUBLE_SCALE = 2.5;
const SETTLE_MS = 160;   // the detail is asked for once zooming and panning pause this long
const DOUBLE_TAP_MS = 300;
const TAP_MS = 250;       // longer is a press, not a tap
const TAP_SLOP = 10;      // px: more is a drag
const PAN_STEP = 0.15;    // of the stage, per arrow key while zoomed

const infoCache = new Map();   // IIIF base -> Promise of {width, height}

function iiifInfo(base) {
  if (!infoCache.has(base)) {
    const info = fetch(`${base}/info.json`, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : null))
      .then((j) => {
        if (!j || !(j.width > 0 && j.height > 0)) return null;
        const t = (Array.isArray(j.tiles) && j.tiles[0]) || {};
        const factors = (Array.isArray(t.scaleFactors) ? t.scaleFactors : []).filter((f) => f >= 1).sort((a, c) => a - c);
        return { width: j.width, height: j.height, tile: t.width > 0 ? t.width : 512, factors: factors.length ? factors : [1] };
      })
      .catch(() => null);
    infoCache.set(base, info);
    // A failure (a busy host's 503, a dropped line) is asked again next time.
    info.then((answer) => { if (!answer && infoCache.get(base) === info) infoCache.delete(base); });
  }
  return infoCache.get(base);
}

// A tile's image as an object URL; a busy host (503) is asked again after its Retry-After, twice
// at most. null when it cannot be had or the view moved on (signal).
async function loadTile(url, signal) {
  try {
    for (let attempt = 0; attempt < 3; ++attempt) {
      const r = await fetch(url, { credentials: 'same-origin', signal });
      if (r.ok) return URL.createObjectURL(await r.blob());
      if (r.status !== 503) return null;
      const wait = Math.min(5, Number(r.headers.get('Retry-After')) || 1);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      if (signal.aborted) return null;
    }
  } catch {
    // aborted, or the line dropped: the scaled proof stays
  }
  return null;
}

export class Zoom {
  constructor(stage, img, detail) {
    this.stage = stage;
    this.img = img;
    this.detail = detail;
    this.photo = null;
    this.scale = 1;
    this.tx = 0;
    this.ty = 0;
    this.pointers = new Map();   // pointerId -> {x, y}
    this.pinch = null;
    this.drag = null;
    this.lastTap = null;
    this.touchStart = null;      // the one finger down now: where and when, for telling taps from drags
    this.layers = [];            // tile layers, oldest first: {el, s, tx, ty, abort, blobs, remaining, complete}
    this.settleTimer = 0;
    this.request = 0;            // the newest detail request; older answers are dropped
    this.wire();
  }

  get zoomed() { return this.scale > 1.001; }

  // A new photo: back to the whole picture.
  setPhoto(photo) {
    this.photo = photo;
    this.reset();
  }

  reset() {
    this.scale = 1;
    this.tx = 0;
    this.ty = 0;
    this.apply();
  }

  // Zooms by `factor` keeping the stage point (cx, cy) still (the centre by default).
  zoomBy(factor, cx, cy) {
    const rect = this.stage.getBoundingClientRect();
    const x = cx ?? rect.width / 2;
    const y = cy ?? rect.height / 2;
    const next = Math.min(MAX_SCALE, Math.max(1, this.scale * factor));
    if (next === this.scale) return;
    // The picture point under (x, y) stays under it.
    this.tx = x - ((x - this.tx) / this.scale) * next;
    this.ty = y - ((y - this.ty) / this.scale) * next;
    this.scale = next;
    this.apply();
  }

  panBy(dx, dy) {
    this.tx += dx;
    this.ty += dy;
    this.apply();
  }

  // The fitted picture inside the stage at scale 1 (object-fit: contain), in stage pixels.
  base() {
    const rect = this.stage.getBoundingClientRect();
    // The proof's size from the gallery's JSON: right from the start, when the image element may
    // still hold the previous photo.
    const nw = (this.photo && this.photo.width) || this.img.naturalWidth || rect.width;
    const nh = (this.photo && this.photo.height) || this.img.naturalHeight || rect.height;
    const fit = Math.min(rect.width / nw, rect.height / nh);
    const w = nw * fit;
    const h = nh * fit;
    return { x: (rect.width - w) / 2, y: (rect.height - h) / 2, w, h, sw: rect.width, sh: rect.height, nw };
  }

  // Keeps the picture on the stage: centred along an axis where it is smaller than the stage,
  // else with no empty band at either edge.
  clamp(b) {
    const axis = (t, s, start, size, stageSize) => {
      const w = size * s;
      if (w <= stageSize) return (stageSize - w) / 2 - start * s;
      return Math.min(-start * s, Math.max(stageSize - (start + size) * s, t));
    };
    if (!this.zoomed) {
      this.scale = 1;
      this.tx = 0;
      this.ty = 0;
      return;
    }
    this.tx = axis(this.tx, this.scale, b.x, b.w, b.sw);
    this.ty = axis(this.ty, this.scale, b.y, b.h, b.sh);
  }

  // Lays the view out for the current scale and offset. `relayout`: the stage or the proof
  // changed size, so tiles placed for the old layout are dropped rather than moved along.
  apply({ relayout = false } = {}) {
    const b = this.base();
    this.clamp(b);
    this.img.style.transform = this.zoomed ? `translate(${this.tx}px, ${this.ty}px) scale(${this.scale})` : '';
    this.stage.classList.toggle('zoomed', this.zoomed);
    if (!this.zoomed || relayout) this.clearTiles();
    else this.followTiles();
    clearTimeout(this.settleTimer);
    ++this.request;
    if (this.zoomed && this.photo && this.photo.iiif) this.settleTimer = setTimeout(() => this.fetchDetail(), SETTLE_MS);
  }

  // Keeps the tiles of the last complete view over the picture while it moves (scaled and moved
  // from the view they were laid out for), so it stays sharp until the new view's tiles are in.
  // A view whose tiles were still coming is dropped, its downloads cancelled.
  followTiles() {
    for (const layer of [...this.layers]) {
      if (!layer.complete) {
        this.dropLayer(layer);
        continue;
      }
      const k = this.scale / layer.s;
      layer.el.style.transform = `translate(${this.tx - k * layer.tx}px, ${this.ty - k * layer.ty}px) scale(${k})`;
    }
    this.detail.hidden = this.layers.length === 0;
  }

  dropLayer(layer) {
    layer.abort.abort();
    layer.el.remove();
    for (const url of layer.blobs) URL.revokeObjectURL(url);
    this.layers = this.layers.filter((l) => l !== layer);
  }

  // Removes every tile and cancels their downloads.
  clearTiles() {
    for (const layer of [...this.layers]) this.dropLayer(layer);
    this.detail.hidden = true;
  }

  // Asks the IIIF service for the tiles in view at the screen's resolution, when the proof has
  // fewer pixels there than the screen shows; each tile shows as it arrives.
  async fetchDetail() {
    const photo = this.photo;
    const request = ++this.request;
    const info = await iiifInfo(photo.iiif);
    if (!info || request !== this.request || photo !== this.photo) return;
    const b = this.base();
    const s = this.scale;
    const px = this.tx + b.x * s;   // the zoomed picture on the stage
    const py = this.ty + b.y * s;
    const pw = b.w * s;
    const ph = b.h * s;
    const vx = Math.max(0, px);
    const vy = Math.max(0, py);
    const vw = Math.min(b.sw, px + pw) - vx;
    const vh = Math.min(b.sh, py + ph) - vy;
    if (vw <= 0 || vh <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    if ((vw / pw) * b.nw >= vw * dpr * 0.95) {   // the proof has as many pixels there as the screen shows
      this.clearTiles();
      return;
    }
    // The scale factor: the coarsest level that still has a pixel for every device pixel.
    const perDevicePixel = info.width / (pw * dpr);
    const factor = info.factors.filter((f) => f <= perDevicePixel).pop() || info.factors[0];
    const span = info.tile * factor;   // a tile's size in the zoom proof's pixels
    const x0 = ((vx - px) / pw) * info.width;
    const x1 = ((vx + vw - px) / pw) * info.width;
    const y0 = ((vy - py) / ph) * info.height;
    const y1 = ((vy + vh - py) / ph) * info.height;
    const layer = { el: document.createElement('div'), s, tx: this.tx, ty: this.ty, abort: new AbortController(),
      blobs: [], remaining: 0, complete: false };
    layer.el.className = 'layer';
    const { signal } = layer.abort;
    // A tile is in (shown) or will not come: when all are, the older views' tiles go.
    const settled = () => {
      if (--layer.remaining > 0 || !this.layers.includes(layer)) return;
      layer.complete = true;
      for (const older of this.layers.filter((l) => l !== layer)) this.dropLayer(older);
    };
    this.layers.push(layer);
    this.detail.append(layer.el);
    this.detail.hidden = false;
    for (let ty = Math.floor(y0 / span); ty * span < Math.min(y1, info.height); ++ty) {
      for (let tx = Math.floor(x0 / span); tx * span < Math.min(x1, info.width); ++tx) {
        const rx = tx * span;
        const ry = ty * span;
        const rw = Math.min(span, info.width - rx);
        const rh = Math.min(span, info.height - ry);
        const tile = document.createElement('img');
        tile.alt = '';
        tile.hidden = true;
        tile.dataset.region = `${rx},${ry},${rw},${rh}`;
        tile.dataset.factor = String(factor);
        tile.style.left = `${px + (rx / info.width) * pw}px`;
        tile.style.top = `${py + (ry / info.height) * ph}px`;
        tile.style.width = `${(rw / info.width) * pw}px`;
        tile.style.height = `${(rh / info.height) * ph}px`;
        layer.el.append(tile);
        ++layer.remaining;
        const url = `${photo.iiif}/${rx},${ry},${rw},${rh}/${Math.ceil(rw / factor)},/0/default.jpg`;
        loadTile(url, signal).then((blobUrl) => {
          if (!this.layers.includes(layer)) {
            if (blobUrl) URL.revokeObjectURL(blobUrl);
            return;
          }
          if (!blobUrl) {
            settled();
            return;
          }
          layer.blobs.push(blobUrl);
          tile.addEventListener('load', () => { tile.hidden = false; settled(); }, { once: true });
          tile.addEventListener('error', settled, { once: true });
          tile.src = blobUrl;
        });
      }
    }
  }

  wire() {
    const stage = this.stage;
    const local = (e) => {
      const r = stage.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    stage.addEventListener('wheel', (e) => {
      e.preventDefault();
      const p = local(e);
      this.zoomBy(Math.exp(-e.deltaY * 0.002), p.x, p.y);
    }, { passive: false });
    stage.addEventListener('dblclick', (e) => {
      if (e.target.closest('button')) return;
      const p = local(e);
      if (this.zoomed) this.reset();
      else this.zoomBy(DOUBLE_SCALE, p.x, p.y);
    });
    stage.addEventListener('pointerdown', (e) => {
      if (e.target.closest('button')) return;
      this.pointers.set(e.pointerId, local(e));
      if (this.pointers.size === 2) {
        const [a, c] = [...this.pointers.values()];
        this.pinch = { distance: Math.hypot(a.x - c.x, a.y - c.y) || 1 };
        this.drag = null;
      } else if (this.zoomed) {
        this.drag = local(e);
        stage.setPointerCapture(e.pointerId);
      }
    });
    stage.addEventListener('pointermove', (e) => {
      if (!this.pointers.has(e.pointerId)) return;
      const p = local(e);
      this.pointers.set(e.pointerId, p);
      if (this.pinch && this.pointers.size === 2) {
        const [a, c] = [...this.pointers.values()];
        const distance = Math.hypot(a.x - c.x, a.y - c.y) || 1;
        this.zoomBy(distance / this.pinch.distance, (a.x + c.x) / 2, (a.y + c.y) / 2);
        this.pinch.distance = distance;
      } else if (this.drag) {
        this.panBy(p.x - this.drag.x, p.y - this.drag.y);
        this.drag = p;
      }
    });
    const up = (e) => {
      if (!this.pointers.has(e.pointerId)) return;
      this.pointers.delete(e.pointerId);
      if (this.pointers.size < 2) this.pinch = null;
      if (this.pointers.size === 0) this.drag = null;
    };
    stage.addEventListener('pointerup', up);
    stage.addEventListener('pointercancel', up);
    // A double tap: zoom in there, or back out. (Touch events: they come with every touch screen.)
    // A tap is one finger, down briefly and barely moved; a drag or a pinch is none.
    stage.addEventListener('touchstart', (e) => {
      const t = e.touches[0];
      this.touchStart = e.touches.length === 1 ? { x: t.clientX, y: t.clientY, time: performance.now() } : null;
      if (e.touches.length > 1) this.lastTap = null;
    }, { passive: true });
    stage.addEventListener('touchend', (e) => {
      if (e.touches.length > 0 || e.changedTouches.length !== 1 || e.target.closest('button')) return;
      const t = e.changedTouches[0];
      const down = this.touchStart;
      this.touchStart = null;
      if (!down || performance.now() - down.time > TAP_MS || Math.hypot(t.clientX - down.x, t.clientY - down.y) > TAP_SLOP) {
        this.lastTap = null;
        return;
      }
      const r = stage.getBoundingClientRect();
      const p = { x: t.clientX - r.left, y: t.clientY - r.top };
      const now = performance.now();
      if (this.lastTap && now - this.lastTap.time < DOUBLE_TAP_MS && Math.hypot(p.x - this.lastTap.x, p.y - this.lastTap.y) < 30) {
        this.lastTap = null;
        e.preventDefault();   // no zoom of the page, no click
        if (this.zoomed) this.reset();
        else this.zoomBy(DOUBLE_SCALE, p.x, p.y);
      } else {
        this.lastTap = { time: now, x: p.x, y: p.y };
      }
    });
    // The stage changes size with the window and with the print panel beside it; a new proof
    // arriving may have another shape than the JSON said: either way the view is laid out again.
    new ResizeObserver(() => { if (this.zoomed) this.apply({ relayout: true }); }).observe(stage);
    this.img.addEventListener('load', () => { if (this.zoomed) this.apply({ relayout: true }); });
  }

  // The viewer's keys: + or = zoom in, - zoom out, 0 the whole picture, and while zoomed the
  // arrows move the picture. True when handled. With Ctrl, Cmd or Alt the browser keeps its own
  // page zoom.
  onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    const rect = this.stage.getBoundingClientRect();
    const pan = { ArrowLeft: [1, 0], ArrowRight: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[event.key];
    if (event.key === '+' || event.key === '=') this.zoomBy(STEP);
    else if (event.key === '-') this.zoomBy(1 / STEP);
    else if (event.key === '0') this.reset();
    else if (pan && this.zoomed) this.panBy(pan[0] * rect.width * PAN_STEP, pan[1] * rect.height * PAN_STEP);
    else return false;
    return true;
  }

  zoomIn() { this.zoomBy(STEP); }
  zoomOut() { this.zoomBy(1 / STEP); }
}
