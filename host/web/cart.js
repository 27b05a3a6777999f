// The cart (kept in localStorage per gallery until checkout), its dialog and the checkout form.
import { el, errorMessage, money, postJson, productLabel } from './api.js';

export class Cart {
  constructor({ base, slug, data }) {
    this.base = base;
    this.key = `pd-cart:${slug}`;
    this.data = data;
    this.photos = new Map(data.photos.map((p) => [p.id, p]));
    this.items = this.load();
    this.button = document.getElementById('cart-button');
    this.count = document.getElementById('cart-count');
    this.dialog = document.getElementById('cart');
    this.list = document.getElementById('cart-items');
    this.empty = document.getElementById('cart-empty');
    this.total = document.getElementById('cart-total');
    this.checkout = document.getElementById('checkout');
    this.form = document.getElementById('checkout-form');
    this.error = document.getElementById('checkout-error');

    this.button.addEventListener('click', () => this.open());
    document.getElementById('cart-close').addEventListener('click', () => this.dialog.close());
    this.checkout.addEventListener('click', () => this.showForm());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.placeOrder();
    });
    this.wireDelivery();
    this.updateCount();
  }

  // Items whose photo and product still exist, with sane quantities and crops.
  load() {
    let stored = [];
    try {
      stored = JSON.parse(localStorage.getItem(this.key) || '[]');
    } catch {
      stored = [];
    }
    if (!Array.isArray(stored)) return [];
    const products = this.data.event.products;
    return stored.filter((i) => i && this.photos.has(i.photo_id) && products[i.product_id] &&
                                Number.isInteger(i.quantity) && i.quantity >= 1 && i.quantity <= 99 && i.crop);
  }

  save() {
    try {
      localStorage.setItem(this.key, JSON.stringify(this.items));
    } catch {
      // Private mode or a full quota: the cart still works for this page.
    }
    this.updateCount();
  }

  add(item) {
    this.items.push(item);
    this.save();
  }

  itemCount() {
    return this.items.reduce((n, i) => n + i.quantity, 0);
  }

  updateCount() {
    const n = this.itemCount();
    this.count.textContent = String(n);
    this.button.classList.toggle('has-items', n > 0);
    this.button.setAttribute('aria-label', `Cart, ${n} ${n === 1 ? 'print' : 'prints'}`);
  }

  flash(text) {
    let toast = document.querySelector('.toast');
    if (!toast) {
      toast = el('p', 'toast');
      toast.setAttribute('role', 'status');
      document.body.append(toast);
    }
    toast.textContent = text;
    toast.classList.add('shown');
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => toast.classList.remove('shown'), 2200);
  }

  open() {
    // A toast would sit under the dialog's backdrop.
    document.querySelector('.toast')?.classList.remove('shown');
    this.render();
    this.form.hidden = true;
    this.checkout.hidden = this.items.length === 0;
    if (!this.dialog.open) this.dialog.showModal();
  }

  render() {
    const products = this.data.event.products;
    const currency = this.data.event.currency;
    this.list.replaceChildren(...this.items.map((item, index) => {
      const photo = this.photos.get(item.photo_id);
      const product = products[item.product_id];
      const li = el('li', 'cart-item');
      const figure = el('figure', 'crop-thumb');
      if (photo.thumb) {
        const img = el('img');
        img.src = photo.thumb;
        img.alt = '';
        figure.append(img);
        if (product.aspect > 0) {
          const keep = el('span', 'keep');
          keep.style.left = `${item.crop.x * 100}%`;
          keep.style.top = `${item.crop.y * 100}%`;
          keep.style.width = `${item.crop.w * 100}%`;
          keep.style.height = `${item.crop.h * 100}%`;
          figure.append(keep);
        }
      }
      const text = el('div', 'item-text');
      text.append(el('p', 'item-name', productLabel(product)), el('p', 'item-photo', photo.filename || ''));
      const controls = el('div', 'item-controls');
      const qty = el('input', 'item-quantity');
      qty.type = 'number';
      qty.min = '1';
      qty.max = '99';
      qty.value = String(item.quantity);
      qty.setAttribute('aria-label', 'Quantity');
      qty.addEventListener('change', () => {
        const q = Number(qty.value);
        if (Number.isInteger(q) && q >= 1 && q <= 99) {
          item.quantity = q;
          this.save();
        }
        this.render();
      });
      const remove = el('button', 'remove quiet', 'Remove');
      remove.type = 'button';
      remove.addEventListener('click', () => {
        this.items.splice(index, 1);
        this.save();
        this.render();
        this.checkout.hidden = this.items.length === 0 || !this.form.hidden;
        if (this.items.length === 0) this.form.hidden = true;
      });
      controls.append(qty, remove);
      text.append(controls);
      li.append(figure, text, el('p', 'item-total', money(product.price_cents * item.quantity, currency)));
      return li;
    }));
    this.empty.hidden = this.items.length > 0;
    this.total.textContent = money(this.totalCents(), currency);
    this.total.parentElement.hidden = this.items.length === 0;
  }

  totalCents() {
    const products = this.data.event.products;
    const itemsCents = this.items.reduce((sum, i) => sum + products[i.product_id].price_cents * i.quantity, 0);
    const ship = this.form.querySelector('input[name="delivery"][value="ship"]');
    return itemsCents + (ship && ship.checked ? this.data.event.delivery.shipping_cents : 0);
  }

  showForm() {
    this.checkout.hidden = true;
    this.form.hidden = false;
    this.error.hidden = true;
    this.form.querySelector('#name').focus();
  }

  wireDelivery() {
    const delivery = this.data.event.delivery;
    const shipChoice = document.getElementById('ship-choice');
    shipChoice.hidden = !delivery.shipping;
    document.getElementById('ship-price').textContent =
      delivery.shipping ? ` (+${money(delivery.shipping_cents, this.data.event.currency)})` : '';
    document.getElementById('pickup-note').textContent = delivery.pickup_note ? ` ${delivery.pickup_note}` : '';
    const pickup = this.form.querySelector('input[name="delivery"][value="pickup"]');
    if (!delivery.pickup) {
      pickup.closest('label').hidden = true;
      const ship = shipChoice.querySelector('input');
      ship.checked = true;
    }
    const address = document.getElementById('address-field');
    const sync = () => {
      const shipping = this.form.querySelector('input[name="delivery"]:checked')?.value === 'ship';
      address.hidden = !shipping;
      document.getElementById('address').required = shipping;
      this.total.textContent = money(this.totalCents(), this.data.event.currency);
    };
    for (const radio of this.form.querySelectorAll('input[name="delivery"]')) radio.addEventListener('change', sync);
    sync();
  }

  async placeOrder() {
    const button = document.getElementById('place-order');
    const f = new FormData(this.form);
    const order = {
      customer: { name: f.get('name'), email: f.get('email'), phone: f.get('phone') },
      delivery: f.get('delivery'),
      address: f.get('delivery') === 'ship' ? f.get('address') : '',
      note: f.get('note') || '',
      items: this.items.map((i) => ({ photo_id: i.photo_id, product_id: i.product_id, quantity: i.quantity, crop: i.crop })),
    };
    button.disabled = true;
    this.error.hidden = true;
    try {
      const reply = await postJson(`${this.base}/api/orders`, order, this.data.csrf);
      if (reply.status === 201 && reply.data && reply.data.url) {
        this.items = [];
        this.save();
        window.location.assign(reply.data.url);
        return;
      }
      this.error.textContent = errorMessage(reply, 'The order could not be placed. Please try again.');
    } catch {
      this.error.textContent = 'No connection to the studio. Please try again.';
    }
    this.error.hidden = false;
    button.disabled = false;
  }
}
