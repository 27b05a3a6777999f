// The gallery page: loads the gallery's JSON, fills the grid by category or favourites, and
// wires the favourite toggles, the proof viewer and the cart.
import { el, getJson, postJson } from './api.js';
import { Cart } from './cart.js';
import { Viewer } from './viewer.js';

const slug = document.body.dataset.slug;
const base = `/g/${encodeURIComponent(slug)}`;
const grid = document.getElementById('grid');

const state = {
  data: null,
  favourites: new Set(),
  category: null, // null: every category
  favouritesOnly: false,
  visible: [], // the photos the grid shows, in order
};

function notice(text) {
  grid.replaceChildren(el('p', 'notice', text));
}

function heart() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M12 20.5s-7.5-4.6-9.3-9.2C1.4 7.9 3.6 4.5 7 4.5c2 0 3.6 1.1 5 3 1.4-1.9 3-3 5-3 3.4 0 5.6 3.4 4.3 6.8-1.8 4.6-9.3 9.2-9.3 9.2z');
  svg.append(path);
  return svg;
}

function tile(photo) {
  const a = el('a', 'tile');
  a.href = `#photo-${encodeURIComponent(photo.id)}`;
  a.dataset.photoId = photo.id;
  a.setAttribute('aria-label', photo.caption || photo.filename || 'Photo');
  const img = el('img');
  img.loading = 'lazy';
  img.decoding = 'async';
  img.alt = photo.caption || photo.filename || '';
  if (photo.thumb) img.src = photo.thumb;
  img.width = 400;
  img.height = 400;
  const fav = el('button', 'fav');
  fav.type = 'button';
  fav.setAttribute('aria-label', 'Favourite');
  fav.setAttribute('aria-pressed', String(state.favourites.has(photo.id)));
  fav.append(heart());
  fav.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    toggleFavourite(photo.id);
  });
  a.append(img, fav);
  a.addEventListener('click', (event) => {
    event.preventDefault();
    viewer.open(state.visible.indexOf(photo));
  });
  return a;
}

function render() {
  const photos = state.data.photos.filter((p) => {
    if (state.favouritesOnly) return state.favourites.has(p.id);
    return state.category === null || p.category === state.category;
  });
  state.visible = photos;
  if (photos.length === 0) {
    notice(state.favouritesOnly ? 'No favourites yet: tap the heart on a photo to keep it here.'
                                : 'There are no photos here yet.');
    return;
  }
  grid.replaceChildren(...photos.map(tile));
}

function syncFavouriteButtons() {
  for (const button of grid.querySelectorAll('a.tile button.fav')) {
    const id = button.parentElement.dataset.photoId;
    button.setAttribute('aria-pressed', String(state.favourites.has(id)));
  }
  viewer.syncFavourite();
  const tab = document.querySelector('nav.categories a[data-favourites]');
  if (tab) tab.dataset.count = String(state.favourites.size);
}

async function toggleFavourite(photoId) {
  const on = !state.favourites.has(photoId);
  // Show it at once; the server's answer is the truth.
  if (on) state.favourites.add(photoId); else state.favourites.delete(photoId);
  syncFavouriteButtons();
  try {
    const reply = await postJson(`${base}/api/favourites`, { photo_id: photoId, favourite: on }, state.data.csrf);
    if (reply.ok && reply.data && Array.isArray(reply.data.favourites)) state.favourites = new Set(reply.data.favourites);
    else if (on) state.favourites.delete(photoId); else state.favourites.add(photoId);
  } catch {
    if (on) state.favourites.delete(photoId); else state.favourites.add(photoId);
  }
  syncFavouriteButtons();
  if (state.favouritesOnly && !on) render();
}

function wireTabs() {
  const tabs = document.querySelectorAll('nav.categories a[data-category]');
  for (const tab of tabs) {
    tab.addEventListener('click', (event) => {
      event.preventDefault();
      for (const t of tabs) t.removeAttribute('aria-current');
      tab.setAttribute('aria-current', 'true');
      state.favouritesOnly = tab.dataset.favourites !== undefined;
      state.category = state.favouritesOnly || tab.dataset.category === '' ? null : tab.dataset.category;
      render();
    });
  }
}

const viewer = new Viewer({
  isFavourite: (id) => state.favourites.has(id),
  toggleFavourite,
  photos: () => state.visible,
});

async function start() {
  try {
    state.data = await getJson(`${base}/api/gallery`);
  } catch {
    notice('The photos could not be loaded. Please reload the page.');
    return;
  }
  state.favourites = new Set(state.data.favourites);
  const cart = new Cart({ base, slug, data: state.data });
  viewer.attach(state.data, cart);
  wireTabs();
  render();
  syncFavouriteButtons();
}

start();
