// The proof viewer (a dialog over the grid: arrows, Escape, swipe, deep zoom from zoom.js) and its
// print panel: product, quantity, a crop preview the customer can nudge, and the 250 ppi warning.
import { money } from './api.js';
import { MIN_PPI, centredCrop, cropPpi, nudgeCrop, printInches } from './crop.js';
import { Zoom } from './zoom.js';

const NUDGE_STEP = 0.02; // of the photo, per arrow press
const SWIPE_PX = 40;

export class Viewer {
  constructor({ isFavourite, toggleFavourite, photos }) {
    this.isFavourite = isFavourite;
    this.toggleFavourite = toggleFavourite;
    this.photos = photos;
    this.index = -1;
    this.dialog = document.getElementById('viewer');
    this.img = document.getElementById('viewer-img');
    this.caption = document.getElementById('viewer-caption');
    this.fav = document.getElementById('viewer-fav');
    this.panel = document.getElementById('print-panel');
    this.product = document.getElementById('product');
    this.quantity = document.getElementById('quantity');
    this.cropBox = document.getElementById('crop');
    this.cropImg = this.cropBox.querySelector('img');
    this.keep = this.cropBox.querySelector('.keep');
    this.ppiWarning = document.getElementById('ppi-warning');
    this.linePrice = document.getElementById('line-price');
    this.crop = { x: 0, y: 0, w: 1, h: 1 };
    this.zoom = new Zoom(this.dialog.querySelector('.viewer-stage'), this.img, document.getElementById('viewer-detail'));
  }

  // Called once the gallery's JSON is there.
  attach(data, cart) {
    this.data = data;
    this.cart = cart;
    document.getElementById('viewer-prev').addEventListener('click', () => this.step(-1));
    document.getElementById('viewer-next').addEventListener('click', () => this.step(1));
    document.getElementById('viewer-close').addEventListener('click', () => this.close());
    document.getElementById('viewer-zoom-in').addEventListener('click', () => this.zoom.zoomIn());
    document.getElementById('viewer-zoom-out').addEventListener('click', () => this.zoom.zoomOut());
    this.fav.addEventListener('click', () => {
      const photo = this.current();
      if (photo) this.toggleFavourite(photo.id);
    });
    const order = document.getElementById('viewer-order');
    if (order) order.addEventListener('click', () => this.openPanel());
    document.getElementById('print-close').addEventListener('click', () => this.closePanel());
    // On the document, not the dialog: a control that hides (the print panel's) drops the focus
    // to the body, and the arrows must still work.
    document.addEventListener('keydown', (event) => { if (this.dialog.open) this.onKey(event); });
    this.dialog.addEventListener('close', () => this.closePanel());
    this.wireSwipe(this.dialog.querySelector('.viewer-stage'));

    this.product.addEventListener('change', () => this.resetCrop());
    this.quantity.addEventListener('input', () => this.updatePrice());
    for (const button of document.querySelectorAll('#crop-nudge button[data-dx]')) {
      button.addEventListener('click', () => {
        this.crop = nudgeCrop(this.crop, Number(button.dataset.dx) * NUDGE_STEP, Number(button.dataset.dy) * NUDGE_STEP);
        this.drawCrop();
      });
    }
    this.wireDrag();
    document.getElementById('add-to-cart').addEventListener('click', () => this.addToCart());
  }

  current() {
    return this.photos()[this.index];
  }

  open(index) {
    if (index < 0) return;
    this.index = index;
    this.show();
    if (!this.dialog.open) this.dialog.showModal();
    this.dialog.focus();
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

  step(delta) {
    const count = this.photos().length;
    if (count === 0) return;
    this.index = (this.index + delta + count) % count;
    this.show();
  }

  show() {
    const photo = this.current();
    if (!photo) return;
    this.img.src = photo.proof || photo.thumb || '';
    this.zoom.setPhoto(photo);
    this.img.alt = photo.caption || photo.filename || '';
    this.caption.textContent = photo.caption || photo.filename || '';
    this.syncFavourite();
    // Preload the neighbours so the arrows feel instant.
    for (const delta of [1, -1]) {
      const photos = this.photos();
      const next = photos[(this.index + delta + photos.length) % photos.length];
      if (next && next.proof) new Image().src = next.proof;
    }
    if (!this.panel.hidden) this.resetCrop();
  }

  syncFavourite() {
    const photo = this.current();
    this.fav.setAttribute('aria-pressed', String(Boolean(photo && this.isFavourite(photo.id))));
  }

  onKey(event) {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement ||
        event.target instanceof HTMLTextAreaElement) return;
    if (this.panel.hidden && this.zoom.onKey(event)) {
      event.preventDefault();
    } else if (event.key === 'ArrowRight') {
      event.preventDefault();
      this.step(1);
    } else if (event.key === 'ArrowLeft') {
      event.preventDefault();
      this.step(-1);
    } else if (event.key === 'Escape' && !this.panel.hidden) {
      // First Escape closes the print panel, the next one the viewer.
      event.preventDefault();
      this.closePanel();
    }
  }

  wireSwipe(stage) {
    let start = null;
    // Only over the whole picture with one finger: zoomed, a drag moves the photo; two fingers pinch.
    const begin = (x, y) => { start = this.zoom.zoomed ? null : { x, y }; };
    const end = (x, y) => {
      if (!start || this.zoom.zoomed) return;
      const dx = x - start.x;
      const dy = y - start.y;
      start = null;
      if (Math.abs(dx) > SWIPE_PX && Math.abs(dx) > Math.abs(dy)) this.step(dx < 0 ? 1 : -1);
    };
    stage.addEventListener('touchstart', (e) => {
      if (e.touches.length > 1) start = null;
      else begin(e.changedTouches[0].clientX, e.changedTouches[0].clientY);
    }, { passive: true });
    stage.addEventListener('touchend', (e) => end(e.changedTouches[0].clientX, e.changedTouches[0].clientY));
    stage.addEventListener('pointerdown', (e) => { if (e.pointerType === 'mouse' && e.target === this.img) begin(e.clientX, e.clientY); });
    stage.addEventListener('pointerup', (e) => { if (e.pointerType === 'mouse') end(e.clientX, e.clientY); });
    this.img.addEventListener('dragstart', (e) => e.preventDefault());
  }

  // --- The print panel ---------------------------------------------------------------------

  selectedProduct() {
    return this.data.event.products[Number(this.product.value)] || null;
  }

  openPanel() {
    const photo = this.current();
    if (!photo) return;
    this.panel.hidden = false;
    this.dialog.classList.add('printing');
    this.quantity.value = '1';
    this.resetCrop();
    this.product.focus();
  }

  closePanel() {
    const hadFocus = this.panel.contains(document.activeElement);
    this.panel.hidden = true;
    this.dialog.classList.remove('printing');
    if (hadFocus && this.dialog.open) document.getElementById('viewer-order')?.focus();
  }

  resetCrop() {
    const photo = this.current();
    const product = this.selectedProduct();
    if (!photo || !product) return;
    this.cropImg.src = photo.proof || photo.thumb || '';
    this.crop = centredCrop(product.aspect, photo.width || photo.original_width, photo.height || photo.original_height);
    this.cropBox.classList.toggle('no-crop', !(product.aspect > 0));
    this.drawCrop();
  }

  drawCrop() {
    const c = this.crop;
    this.keep.style.left = `${c.x * 100}%`;
    this.keep.style.top = `${c.y * 100}%`;
    this.keep.style.width = `${c.w * 100}%`;
    this.keep.style.height = `${c.h * 100}%`;
    const photo = this.current();
    const product = this.selectedProduct();
    const ppi = cropPpi(c, photo.original_width, photo.original_height, product.size);
    const low = printInches(product.size) !== null && ppi < MIN_PPI;
    this.ppiWarning.hidden = !low;
    this.ppiWarning.textContent = low
      ? `This photo has only ${Math.round(ppi)} pixels per inch at ${product.size}: the print may look soft. A smaller size will be sharper.`
      : '';
    this.updatePrice();
  }

  updatePrice() {
    const product = this.selectedProduct();
    const quantity = this.quantityValue();
    this.linePrice.textContent = product && quantity ? money(product.price_cents * quantity, this.data.event.currency) : '';
  }

  quantityValue() {
    const q = Number(this.quantity.value);
    return Number.isInteger(q) && q >= 1 && q <= 99 ? q : 0;
  }

  wireDrag() {
    let last = null;
    this.cropBox.addEventListener('pointerdown', (e) => {
      if (this.cropBox.classList.contains('no-crop')) return;
      last = { x: e.clientX, y: e.clientY };
      this.cropBox.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    this.cropBox.addEventListener('pointermove', (e) => {
      if (!last) return;
      const rect = this.cropImg.getBoundingClientRect();
      if (rect.width > 0 && rect.height > 0) {
        this.crop = nudgeCrop(this.crop, (e.clientX - last.x) / rect.width, (e.clientY - last.y) / rect.height);
        this.drawCrop();
      }
      last = { x: e.clientX, y: e.clientY };
    });
    const stop = () => { last = null; };
    this.cropBox.addEventListener('pointerup', stop);
    this.cropBox.addEventListener('pointercancel', stop);
  }

  addToCart() {
    const photo = this.current();
    const quantity = this.quantityValue();
    if (!photo || quantity === 0) {
      this.quantity.focus();
      return;
    }
    this.cart.add({ photo_id: photo.id, product_id: Number(this.product.value), quantity, crop: { ...this.crop } });
    this.closePanel();
    this.cart.flash('Added to your cart');
  }
}
