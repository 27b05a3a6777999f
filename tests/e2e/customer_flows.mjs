// What the customer does in the browser, on a phone and on a desktop, with a screenshot of each
// step. Selectors are the gallery contract's (ids and data attributes, never CSS classes for
// looks); anything a customer would notice is checked on the way.
import fs from 'node:fs';
import path from 'node:path';
import { check, eventually, sha256Hex } from './harness.mjs';
import { ACCESS_CODE, CATEGORIES, EVENT_NAME, LOW_RES_INDEX, PRODUCTS } from './studio_setup.mjs';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
  + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const DOCS = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'docs');

// Console errors and uncaught exceptions of a page; `allowed` matches expected ones.
function watchConsole(page, label) {
  const problems = [];
  let allowed = null;
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (allowed && allowed.test(msg.text())) return;
    problems.push(`${label} console: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${label} page error: ${error.message}`));
  return { problems, allow: (re) => { allowed = re; } };
}

// With PD_E2E_DOCS=1 the run refreshes the README's screenshots in docs/; otherwise it never
// writes into the source tree.
function publishToDocs(ctx, name, docName) {
  if (process.env.PD_E2E_DOCS !== '1') return;
  fs.copyFileSync(path.join(ctx.output, `${name}.png`), path.join(DOCS, docName));
}

async function shot(ctx, page, name) {
  await page.waitForTimeout(350); // let transitions (toast, dialog fade) settle for the picture
  await page.screenshot({ path: path.join(ctx.output, `${name}.png`) });
}

function checkGalleryHeaders(response, what) {
  const h = response.headers();
  check(h['content-security-policy'] === CSP, `${what}: the contract's CSP, got ${h['content-security-policy']}`);
  check(h['x-content-type-options'] === 'nosniff', `${what}: X-Content-Type-Options nosniff`);
  check(h['x-frame-options'] === 'DENY', `${what}: X-Frame-Options DENY`);
  check(h['referrer-policy'] === 'same-origin', `${what}: Referrer-Policy same-origin`);
}

async function login(ctx, page, { code, email, expectStatus }) {
  const loginPath = `${ctx.event.galleryPath}/login`;
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === loginPath);
  await page.fill('#code', code);
  await page.fill('#email', email);
  await page.press('#code', 'Enter');
  const response = await answer;
  check(response.status() === expectStatus, `login with ${code === ACCESS_CODE ? 'the right' : 'a wrong'} code is `
    + `${expectStatus}, got ${response.status()}`);
  await page.waitForLoadState('load');
  return response;
}

// Waits for the grid's tiles and the images in view; returns the tiles' photo ids in order.
async function gridIds(page) {
  await page.locator('#grid a.tile[data-photo-id]').first().waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('#grid a.tile img')]
    .filter((img) => img.getBoundingClientRect().top < window.innerHeight)
    .every((img) => img.complete && img.naturalWidth > 0));
  return page.$$eval('#grid a.tile[data-photo-id]', (tiles) => tiles.map((t) => t.dataset.photoId));
}

async function layout(page) {
  return page.evaluate(() => {
    const tiles = [...document.querySelectorAll('#grid a.tile')];
    const lefts = new Set(tiles.map((t) => Math.round(t.getBoundingClientRect().left)));
    return {
      columns: lefts.size,
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    };
  });
}

async function tapTargetsBelow44(page, selector) {
  return page.$$eval(selector, (nodes) => nodes
    .filter((n) => n.offsetParent !== null)
    .map((n) => ({ n, r: n.getBoundingClientRect() }))
    .filter(({ r }) => r.width < 44 || r.height < 44)
    .map(({ n, r }) => `${n.id ? `#${n.id}` : n.className || n.tagName} ${Math.round(r.width)}x${Math.round(r.height)}`));
}

// Buttons that are covered by something else at their centre, or overlap one another.
async function coveredOrOverlapping(page, selectors) {
  return page.evaluate((sels) => {
    const found = sels.map((s) => [s, document.querySelector(s)])
      .filter(([, n]) => n && n.offsetParent !== null && n.getClientRects().length > 0);
    const problems = [];
    const boxes = found.map(([s, n]) => [s, n.getBoundingClientRect()]);
    for (const [s, n] of found) {
      const r = n.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (!hit || !(hit === n || n.contains(hit))) {
        problems.push(`${s} is covered by ${hit ? (hit.id ? `#${hit.id}` : hit.tagName.toLowerCase()) : 'nothing on screen'}`);
      }
    }
    for (let i = 0; i < boxes.length; ++i) {
      for (let j = i + 1; j < boxes.length; ++j) {
        const [a, ra] = boxes[i];
        const [b, rb] = boxes[j];
        if (ra.left < rb.right && rb.left < ra.right && ra.top < rb.bottom && rb.top < ra.bottom) problems.push(`${a} overlaps ${b}`);
      }
    }
    return problems;
  }, selectors);
}

const VIEWER_BUTTONS = ['#viewer-close', '#viewer-prev', '#viewer-next', '#viewer-zoom-out', '#viewer-zoom-in', '#viewer-fav', '#viewer-order'];

async function viewerPhoto(page) {
  const src = await page.getAttribute('#viewer-img', 'src');
  const m = /\/img\/([^/]+)\/proof/.exec(src || '');
  return m ? decodeURIComponent(m[1]) : src;
}

// A horizontal swipe over the viewer with real touch events (CDP), `dx` pixels.
async function swipe(page, cdp, dx) {
  const box = await page.locator('#viewer .viewer-stage').boundingBox();
  const y = box.y + box.height / 2;
  const x0 = box.x + box.width / 2 - dx / 2;
  const point = (x) => [{ x, y, id: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(x0) });
  for (let i = 1; i <= 5; ++i) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(x0 + (dx * i) / 5) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

// A double tap in the middle of the viewer with real touch events (CDP).
async function doubleTap(page, cdp) {
  const box = await page.locator('#viewer .viewer-stage').boundingBox();
  const touch = [{ x: box.x + box.width / 2, y: box.y + box.height / 2, id: 1 }];
  for (let i = 0; i < 2; ++i) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: touch });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
}

// Two fingers moving apart from the viewer's middle (CDP), each by `spread` pixels.
async function pinchOut(page, cdp, spread) {
  const box = await page.locator('#viewer .viewer-stage').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const fingers = (d) => [{ x: cx - 30 - d, y: cy, id: 1 }, { x: cx + 30 + d, y: cy, id: 2 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(0) });
  for (let i = 1; i <= 6; ++i) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers((spread * i) / 6) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function expectViewerOn(page, photoId, what) {
  await eventually(async () => (await viewerPhoto(page)) === photoId, 5000, `${what}: the viewer shows ${photoId}`);
}

async function selectProduct(page, size) {
  const value = await page.$$eval('#product option', (opts, s) => {
    const o = opts.find((opt) => opt.textContent.includes(s));
    return o ? o.value : null;
  }, size);
  check(value !== null, `the product list offers ${size}`);
  await page.selectOption('#product', value);
  check(Number(value) === PRODUCTS.findIndex((p) => p.size === size), `the ${size} option's value is its product id`);
}

// The kept area the crop preview draws, as fractions of the photo.
async function keptArea(page) {
  return page.$eval('#crop .keep', (k) => ({
    x: parseFloat(k.style.left) / 100, y: parseFloat(k.style.top) / 100,
    w: parseFloat(k.style.width) / 100, h: parseFloat(k.style.height) / 100,
  }));
}

async function addToCart(page, { size, quantity }) {
  await page.click('#viewer-order');
  await page.locator('#print-panel').waitFor({ state: 'visible' });
  await selectProduct(page, size);
  await page.fill('#quantity', String(quantity));
}

export async function phoneFlow(ctx) {
  const { base, event } = ctx;
  const browser = await ctx.launch('chrome-phone', {
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  try {
    const page = browser.pages()[0] ?? await browser.newPage();
    page.setDefaultTimeout(20000);
    const watch = watchConsole(page, 'phone');
    const galleryUrl = base + event.galleryPath;

    // The code page.
    const first = await page.goto(galleryUrl);
    check(first.status() === 200, `GET ${event.galleryPath} is 200, got ${first.status()}`);
    checkGalleryHeaders(first, 'the code page');
    await page.locator('form#login').waitFor();
    check(await page.getAttribute('#email', 'type') === 'email', 'the e-mail input is type=email');
    check(await page.$eval('#email', (e) => e.required), 'the e-mail input is required');
    check((await page.getAttribute('form#login input[name="csrf"]', 'value') || '').length > 10, 'the form has a CSRF token');
    check((await page.textContent('body')).includes(EVENT_NAME), 'the code page names the event');
    await shot(ctx, page, 'phone-1-code');

    // A wrong code, then the right one.
    watch.allow(/status of 401/);
    await login(ctx, page, { code: 'not-the-code', email: ctx.customerEmail, expectStatus: 401 });
    const error = await page.textContent('.error');
    check(error && error.includes("That code doesn't open this gallery."), `the wrong code says so, got ${error}`);
    check(await page.locator('form#login').isVisible(), 'the form is there again after a wrong code');
    await shot(ctx, page, 'phone-1b-wrong-code');
    watch.allow(null);
    await login(ctx, page, { code: ACCESS_CODE, email: ctx.customerEmail, expectStatus: 303 });
    check(new URL(page.url()).pathname === event.galleryPath, `the right code leads to the gallery, at ${page.url()}`);
    const cookie = (await browser.cookies(base)).find((c) => c.name === 'pd_g');
    check(cookie && cookie.httpOnly && cookie.sameSite === 'Lax', `the session cookie is HttpOnly, SameSite=Lax: ${JSON.stringify(cookie)}`);

    // The grid.
    check((await page.textContent('h1')).trim() === EVENT_NAME, 'the gallery page is headed by the event name');
    const ids = await gridIds(page);
    check(JSON.stringify(ids) === JSON.stringify(event.photos.map((p) => p.id)), `the grid shows every photo in order: ${ids}`);
    const phoneLayout = await layout(page);
    ctx.soft(phoneLayout.columns >= 2 && phoneLayout.columns <= 3, `phone grid has ${phoneLayout.columns} columns, not 2-3`);
    ctx.soft(phoneLayout.scrollWidth <= phoneLayout.innerWidth, `phone page scrolls sideways (${phoneLayout.scrollWidth} > ${phoneLayout.innerWidth})`);
    const small = await tapTargetsBelow44(page, '#grid button.fav, #cart-button, nav.categories a');
    ctx.soft(small.length === 0, `phone tap targets under 44 px: ${small.join(', ')}`);
    await shot(ctx, page, 'phone-2-grid');

    // The JSON and the image bytes the page uses are the studio's.
    const json = await (await browser.request.get(`${galleryUrl}/api/gallery`)).json();
    check(json.email === ctx.customerEmail.toLowerCase() || json.email === ctx.customerEmail, `the session's e-mail: ${json.email}`);
    check(JSON.stringify(json.event.categories) === JSON.stringify(CATEGORIES), 'the categories in order');
    check(json.event.products.length === PRODUCTS.length && Math.abs(json.event.products[1].aspect - 1.4) < 1e-9,
      `the price sheet's products with their aspect: ${JSON.stringify(json.event.products)}`);
    for (const photo of event.photos) {
      const p = json.photos.find((x) => x.id === photo.id);
      check(p && p.width === photo.proof.width && p.height === photo.proof.height, `${photo.id}: the proof's size in the JSON`);
      for (const kind of ['thumb', 'proof']) {
        const r = await browser.request.get(base + p[kind]);
        check(r.status() === 200 && r.headers()['content-type'] === 'image/jpeg', `${photo.id} ${kind}: 200 image/jpeg`);
        check(sha256Hex(await r.body()) === photo[kind].sha256, `${photo.id} ${kind}: the bytes the studio uploaded`);
        check(r.headers().etag === `"${photo[kind].sha256}"`, `${photo.id} ${kind}: ETag is the SHA-256`);
        check((r.headers()['cache-control'] || '').includes('immutable'), `${photo.id} ${kind}: cached as immutable`);
      }
    }
    const anonymous = await fetch(base + json.photos[0].proof);
    check(anonymous.status === 401 || anonymous.status === 404 || anonymous.status === 403,
      `a proof without a session is refused, got ${anonymous.status}`);

    // Categories, then back to all.
    await page.click(`nav.categories a[data-category="${CATEGORIES[1]}"]`);
    const inCategory = await gridIds(page);
    const wantCategory = event.photos.filter((p) => p.category === CATEGORIES[1]).map((p) => p.id);
    check(JSON.stringify(inCategory) === JSON.stringify(wantCategory), `the ${CATEGORIES[1]} tab shows ${wantCategory}, got ${inCategory}`);
    await page.click('nav.categories a[data-category=""]:not([data-favourites])');
    check((await gridIds(page)).length === event.photos.length, 'the All tab shows every photo');

    // A favourite from the grid.
    const [p1, p2, p3, p4] = event.photos.map((p) => p.id);
    const favAnswer = page.waitForResponse((r) => r.url().endsWith('/api/favourites'));
    await page.click(`#grid a.tile[data-photo-id="${p1}"] button.fav`);
    check((await favAnswer).status() === 200, 'the favourite is saved');
    check(await page.getAttribute(`#grid a.tile[data-photo-id="${p1}"] button.fav`, 'aria-pressed') === 'true', 'the heart is on');

    // The viewer: tap, arrow, swipe both ways.
    await page.click(`#grid a.tile[data-photo-id="${p1}"] img`);
    await page.locator('#viewer').waitFor({ state: 'visible' });
    await expectViewerOn(page, p1, 'a tap on the first tile');
    await page.waitForFunction(() => document.getElementById('viewer-img').naturalWidth > 0);
    check(await page.$eval('#viewer-img', (i) => i.naturalWidth) === event.photos[0].proof.width, 'the viewer shows the proof at its size');
    const box = await page.locator('#viewer').boundingBox();
    ctx.soft(box.width >= 389 && box.height >= 843, `the phone viewer does not fill the screen (${box.width}x${box.height})`);
    check(await page.getAttribute('#viewer-fav', 'aria-pressed') === 'true', 'the viewer shows the first photo as a favourite');
    await page.keyboard.press('ArrowRight');
    await expectViewerOn(page, p2, 'ArrowRight');
    const cdp = await browser.newCDPSession(page);
    await swipe(page, cdp, -200);
    await expectViewerOn(page, p3, 'a swipe to the left');
    await swipe(page, cdp, 200);
    await expectViewerOn(page, p2, 'a swipe to the right');
    await page.keyboard.press('ArrowLeft');
    await expectViewerOn(page, p1, 'ArrowLeft');
    // A double tap zooms photo 1 (it has a zoom proof): the part in view comes from IIIF; a swipe
    // then moves the picture instead of changing photo; another double tap shows it whole.
    await page.waitForFunction(() => document.getElementById('viewer-img').complete);
    const detailAnswer = page.waitForResponse((r) => r.url().includes(`/iiif/3/${p1}/`) && r.url().endsWith('/0/default.jpg'));
    await doubleTap(page, cdp);
    check((await detailAnswer).status() === 200, 'a double tap fetches the zoomed part');
    await page.locator('#viewer-detail').waitFor({ state: 'visible' });
    await shot(ctx, page, 'phone-3a-zoom');
    const before = await page.getAttribute('#viewer-img', 'style');
    await swipe(page, cdp, 120);
    await expectViewerOn(page, p1, 'a swipe while zoomed');
    check(await page.getAttribute('#viewer-img', 'style') !== before, 'a swipe while zoomed moves the picture');
    await page.waitForTimeout(400);   // no double tap with the swipe's end
    await doubleTap(page, cdp);
    await eventually(async () => !(await page.getAttribute('#viewer-img', 'style') || '').includes('scale'), 5000,
      'a second double tap shows the whole picture');
    // Pinching out zooms too (60 px between the fingers becomes 180: about 3x), on the same photo.
    await pinchOut(page, cdp, 60);
    const pinched = /scale\(([0-9.]+)\)/.exec(await page.getAttribute('#viewer-img', 'style') || '');
    check(pinched && Number(pinched[1]) > 2, `a pinch zooms the photo (${pinched ? pinched[1] : 'no scale'})`);
    await expectViewerOn(page, p1, 'a pinch');
    await page.keyboard.press('0');
    await page.keyboard.press('ArrowRight');
    await expectViewerOn(page, p2, 'ArrowRight again');
    const fav2 = page.waitForResponse((r) => r.url().endsWith('/api/favourites'));
    await page.click('#viewer-fav');
    check((await fav2).status() === 200, 'the second favourite is saved');
    check(await page.getAttribute('#viewer-fav', 'aria-pressed') === 'true', 'the viewer heart is on');
    await page.waitForFunction(() => document.getElementById('viewer-img').complete);
    await shot(ctx, page, 'phone-3-viewer');
    const phoneViewer = await coveredOrOverlapping(page, VIEWER_BUTTONS);
    ctx.soft(phoneViewer.length === 0, `phone viewer: ${phoneViewer.join(', ')}`);
    const smallViewer = await tapTargetsBelow44(page, VIEWER_BUTTONS.join(', '));
    ctx.soft(smallViewer.length === 0, `phone viewer tap targets under 44 px: ${smallViewer.join(', ')}`);

    // Prints: a 5x7 of photo 2 with its crop nudged to the right.
    await addToCart(page, { size: '5x7', quantity: 1 });
    const centred = await keptArea(page);
    check(Math.abs(centred.x + centred.w / 2 - 0.5) < 1e-6, `the 5x7 crop starts centred: ${JSON.stringify(centred)}`);
    check(centred.w < 0.99, `a 5x7 of a 3:2 photo keeps less than the full width: ${JSON.stringify(centred)}`);
    check(await page.locator('#ppi-warning').isHidden(), 'no ppi warning for a 6000 px original at 5x7');
    await page.click('#crop-nudge button[data-dx="1"][data-dy="0"]');
    const nudged = await keptArea(page);
    check(nudged.x > centred.x + 0.005 && Math.abs(nudged.y - centred.y) < 1e-9, `the crop moved right: ${JSON.stringify(nudged)}`);
    const small2 = await tapTargetsBelow44(page, '#crop-nudge button, #add-to-cart, #print-close, #product, #quantity');
    ctx.soft(small2.length === 0, `print panel tap targets under 44 px: ${small2.join(', ')}`);
    await shot(ctx, page, 'phone-4-crop');
    await page.click('#add-to-cart');
    await page.locator('#print-panel').waitFor({ state: 'hidden' });
    check((await page.textContent('#cart-count')).trim() === '1', 'the cart counts one print');

    // Two 4x6 of photo 3; one 4x6 of the small original, which warns about sharpness. The
    // keyboard still works after the panel closes (focus stays in the viewer).
    // As a person would: a moment later, once the page has rendered without the panel.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.waitForTimeout(300);
    await page.keyboard.press('ArrowRight');
    const keyMoved = await eventually(async () => (await viewerPhoto(page)) === p3, 2000, 'ArrowRight after Add to cart')
      .catch(() => false);
    ctx.soft(keyMoved, 'after "Add to cart" the arrow keys no longer move the viewer (focus left the dialog)');
    if (!keyMoved) await page.click('#viewer-next');
    await expectViewerOn(page, p3, 'ArrowRight after Add to cart');
    await addToCart(page, { size: '4x6', quantity: 2 });
    await page.click('#add-to-cart');
    await page.locator('#print-panel').waitFor({ state: 'hidden' });
    await page.click('#viewer-next');
    await expectViewerOn(page, p4, 'the next button again');
    await addToCart(page, { size: '4x6', quantity: 1 });
    check(event.photos[LOW_RES_INDEX].id === p4, 'photo 4 is the small original');
    check(await page.locator('#ppi-warning').isVisible(), 'a 900x600 original at 4x6 warns about pixels per inch');
    const warning = await page.textContent('#ppi-warning');
    // 600 px over 4 in; 149 when the 1600x1066 proof's rounding trims a column off the 3:2 crop.
    check(/\b1(49|50)\b/.test(warning), `the warning says 150 ppi (600 px over 4 in): ${warning}`);
    await shot(ctx, page, 'phone-5-ppi-warning');
    await page.click('#add-to-cart');
    await page.locator('#print-panel').waitFor({ state: 'hidden' });
    check((await page.textContent('#cart-count')).trim() === '4', 'the cart counts four prints');
    await page.keyboard.press('Escape');
    await page.locator('#viewer').waitFor({ state: 'hidden' });
    check(await page.getAttribute(`#grid a.tile[data-photo-id="${p2}"] button.fav`, 'aria-pressed') === 'true',
      'the grid shows the favourite kept in the viewer');
    await page.waitForTimeout(2500); // the "Added to your cart" toast fades
    await page.evaluate(() => document.activeElement?.blur());
    await shot(ctx, page, 'phone-5b-grid-with-cart');
    publishToDocs(ctx, 'phone-5b-grid-with-cart', 'gallery-phone.png');

    // The cart and checkout with pickup.
    await page.click('#cart-button');
    await page.locator('#cart').waitFor({ state: 'visible' });
    check(await page.locator('#cart-items li').count() === 3, 'the cart lists three items');
    check((await page.textContent('#cart-total')).includes('22.50'), `the cart total is €22.50, got ${await page.textContent('#cart-total')}`);
    await shot(ctx, page, 'phone-6-cart');
    await page.click('#checkout');
    await page.locator('form#checkout-form').waitFor({ state: 'visible' });
    await page.fill('form#checkout-form [name="name"]', 'Lena Berg');
    await page.fill('form#checkout-form [name="email"]', ctx.customerEmail);
    await page.fill('form#checkout-form [name="phone"]', '+49 30 1234567');
    await page.check('form#checkout-form input[name="delivery"][value="pickup"]');
    check(await page.locator('form#checkout-form [name="address"]').isHidden(), 'no address asked for pickup');
    await shot(ctx, page, 'phone-7-checkout');
    // The reply is read on its way to the page: the page leaves for the confirmation at once.
    let placed = null;
    await page.route('**/api/orders', async (route) => {
      const response = await route.fetch();
      placed = { status: response.status(), text: await response.text() };
      await route.fulfill({ response, body: placed.text });
    });
    await page.click('#place-order');
    await eventually(async () => placed, 20000, 'the reply to POST api/orders');
    await page.unroute('**/api/orders');
    check(placed.status === 201, `the order is placed: 201, got ${placed.status} ${placed.text}`);
    const reply = JSON.parse(placed.text);
    check(reply.total_cents === 2250 && reply.currency === 'EUR', `the order costs €22.50: ${JSON.stringify(reply)}`);
    await page.waitForURL((u) => u.pathname === reply.url);

    // The confirmation page.
    check((await page.textContent('h1')).includes('Thank you'), 'the confirmation says Thank you');
    check((await page.textContent('#order-status')).includes('Placed'), 'the status says Placed');
    const body = await page.textContent('body');
    check(body.includes('22.50'), 'the confirmation shows the total');
    await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
    await shot(ctx, page, 'phone-8-confirmation');

    // Back in the gallery the cart is empty and the two favourites are kept.
    await page.goto(galleryUrl);
    await gridIds(page);
    check((await page.textContent('#cart-count')).trim() === '0', 'the cart is empty after checkout');
    await page.click('nav.categories a[data-favourites]');
    const favIds = await gridIds(page);
    check(JSON.stringify(favIds) === JSON.stringify([p1, p2]), `the Favourites tab shows ${p1}, ${p2}, got ${favIds}`);

    check(watch.problems.length === 0, `no console errors: ${watch.problems.join('; ')}`);
    return {
      orderId: reply.id,
      orderUrl: base + reply.url,
      favourites: [p1, p2],
      items: [
        { photoId: p2, productId: 1, quantity: 1, nudged: true, crop: nudged },
        { photoId: p3, productId: 0, quantity: 2 },
        { photoId: p4, productId: 0, quantity: 1 },
      ],
    };
  } finally {
    await browser.close();
  }
}

// The zoom tiles on screen against the scaled proof: how many are shown, whether each has more
// pixels than the proof at its place and one per screen pixel, how many sampled points match the
// proof's colours, and how far the farthest lies from its place.
async function tilesOverProof(page, zoomWidth) {
  return page.evaluate(({ zoomWidth }) => {
    const proof = document.getElementById('viewer-img');
    const pixels = (img) => {
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      return (x, y) => g.getImageData(Math.floor(x), Math.floor(y), 1, 1).data;
    };
    const p = pixels(proof);
    const scale = proof.naturalWidth / zoomWidth;   // proof pixels per zoom-proof pixel
    const zoomHeight = zoomWidth * proof.naturalHeight / proof.naturalWidth;
    // Where a region is on screen: the scaled proof's picture (object-fit: contain inside the
    // transformed element's box), then the region's share of it.
    const imgBox = proof.getBoundingClientRect();
    const fit = Math.min(imgBox.width / proof.naturalWidth, imgBox.height / proof.naturalHeight);
    const picW = proof.naturalWidth * fit;
    const picH = proof.naturalHeight * fit;
    const picLeft = imgBox.left + (imgBox.width - picW) / 2;
    const picTop = imgBox.top + (imgBox.height - picH) / 2;
    const out = { tiles: 0, close: 0, points: 0, misplaced: 0, sharp: true, richer: true };
    for (const tile of document.querySelectorAll('#viewer-detail img:not([hidden])')) {
      const [rx, ry, rw, rh] = tile.dataset.region.split(',').map(Number);
      const box = tile.getBoundingClientRect();
      const expect = { left: picLeft + (rx / zoomWidth) * picW, top: picTop + (ry / zoomHeight) * picH, width: (rw / zoomWidth) * picW };
      out.misplaced = Math.max(out.misplaced, Math.abs(box.left - expect.left), Math.abs(box.top - expect.top),
        Math.abs(box.width - expect.width));
      out.sharp = out.sharp && tile.naturalWidth >= box.width * 0.95;     // a pixel for every screen pixel
      out.richer = out.richer && tile.naturalWidth > rw * scale * 1.5;   // more than the proof has there
      // The same picture points in the tile and in the proof: colours close at most of them.
      const d = pixels(tile);
      for (const fx of [0.25, 0.5, 0.75]) {
        for (const fy of [0.25, 0.5, 0.75]) {
          const a = d(fx * tile.naturalWidth, fy * tile.naturalHeight);
          const b = p((rx + fx * rw) * scale, (ry + fy * rh) * scale);
          if (Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]) < 60) ++out.close;
          ++out.points;
        }
      }
      ++out.tiles;
    }
    out.scaled = proof.style.transform;
    return out;
  }, { zoomWidth });
}

// Deep zoom on photo 1, the one with a JPEG 2000 zoom proof (twice the proof's size): zoomed in
// past the proof's resolution, the part in view comes from IIIF with more pixels than the proof
// has there, sits where the proof's same part is, and 0 goes back to the whole picture.
async function zoomIntoPhoto1(ctx, page, event) {
  const photo = event.photos[0];
  check(photo.zoom && photo.zoom.width === photo.proof.width * 2, 'photo 1 has a zoom proof twice the proof\'s size');
  await page.click(`#grid a.tile[data-photo-id="${photo.id}"] img`);
  await page.locator('#viewer').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.getElementById('viewer-img').complete);
  const iiif = new RegExp(`/iiif/3/${photo.id}/(\\d+),(\\d+),(\\d+),(\\d+)/(\\d+),/0/default\\.jpg$`);
  const detailAnswer = page.waitForResponse((r) => iiif.test(r.url()));
  // 1.6^2 = 2.56x: past the proof's pixels, within the zoom proof's (twice the proof's).
  for (let i = 0; i < 2; ++i) await page.click('#viewer-zoom-in');
  const answer = await detailAnswer;
  check(answer.status() === 200 && answer.headers()['content-type'] === 'image/jpeg',
    `the zoomed part comes from IIIF as a JPEG: ${answer.status()} ${answer.headers()['content-type']}`);
  await page.waitForFunction(() => {
    const tiles = [...document.querySelectorAll('#viewer-detail img')];
    return tiles.length > 0 && tiles.every((t) => !t.hidden && t.complete && t.naturalWidth > 0);
  });
  const seen = await tilesOverProof(page, photo.zoom.width);
  check(seen.tiles >= 2, `the view is covered by IIIF tiles (${seen.tiles})`);
  check(seen.richer, 'every tile has more pixels than the proof has at its place');
  check(seen.sharp, 'every tile is drawn at the screen\'s resolution or finer');
  check(seen.close >= seen.points * 0.8, `the tiles show the proof's same places (${seen.close} of ${seen.points} points match)`);
  check(seen.misplaced < 2, `the tiles lie over the same places of the scaled proof (off by ${seen.misplaced.toFixed(1)} px)`);
  check(/scale\(2\.56/.test(seen.scaled), `the proof is scaled 2.56x: ${seen.scaled}`);
  await shot(ctx, page, 'desktop-2b-zoom');
  // Zoomed, the arrows move the picture and stay on the photo; the tiles move with it at once
  // (no blurry proof while the new view's tiles come).
  const before = await page.getAttribute('#viewer-img', 'style');
  await page.keyboard.press('ArrowLeft');
  check(await page.getAttribute('#viewer-img', 'style') !== before, 'zoomed, an arrow moves the picture');
  const moved = await tilesOverProof(page, photo.zoom.width);
  check(moved.tiles >= 1 && moved.misplaced < 2,
    `after a move the shown tiles (${moved.tiles}) stay over their places (off by ${moved.misplaced.toFixed(1)} px)`);
  check((await viewerPhoto(page)) === photo.id, 'zoomed, an arrow stays on the photo');
  // 0: the whole picture again, and no zoomed part left over.
  await page.keyboard.press('0');
  check(await page.locator('#viewer-detail').isHidden(), 'after 0 the zoomed part is gone');
  check((await page.getAttribute('#viewer-img', 'style') || '').indexOf('scale') < 0, 'after 0 the proof is not scaled');
  await page.keyboard.press('Escape');
  await page.locator('#viewer').waitFor({ state: 'hidden' });
}

// The same pages at 1280x800 with a mouse: screenshots, a wider grid, no console errors.
export async function desktopFlow(ctx) {
  const { base, event } = ctx;
  const browser = await ctx.launch('chrome-desktop', { viewport: { width: 1280, height: 800 } });
  try {
    const page = browser.pages()[0] ?? await browser.newPage();
    page.setDefaultTimeout(20000);
    const watch = watchConsole(page, 'desktop');
    await page.goto(base + event.galleryPath);
    await page.locator('form#login').waitFor();
    await shot(ctx, page, 'desktop-1-code');
    await login(ctx, page, { code: ACCESS_CODE, email: 'guest@example.com', expectStatus: 303 });
    await gridIds(page);
    const desk = await layout(page);
    ctx.soft(desk.columns >= 4, `the desktop grid has only ${desk.columns} columns`);
    ctx.soft(desk.scrollWidth <= desk.innerWidth, `the desktop page scrolls sideways (${desk.scrollWidth} > ${desk.innerWidth})`);
    const favAnswer = page.waitForResponse((r) => r.url().endsWith('/api/favourites'));
    await page.click(`#grid a.tile[data-photo-id="${event.photos[4].id}"] button.fav`);
    check((await favAnswer).status() === 200, 'a favourite is saved on the desktop');
    await shot(ctx, page, 'desktop-2-grid');

    await zoomIntoPhoto1(ctx, page, event);

    await page.click(`#grid a.tile[data-photo-id="${event.photos[1].id}"] img`);
    await page.locator('#viewer').waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.getElementById('viewer-img').complete);
    await shot(ctx, page, 'desktop-3-viewer');
    const deskViewer = await coveredOrOverlapping(page, VIEWER_BUTTONS);
    ctx.soft(deskViewer.length === 0, `desktop viewer: ${deskViewer.join(', ')}`);
    await addToCart(page, { size: '5x7', quantity: 1 });
    await page.click('#crop-nudge button[data-dx="-1"][data-dy="0"]');
    await shot(ctx, page, 'desktop-4-crop');
    await page.click('#add-to-cart');
    await page.keyboard.press('Escape');
    await page.locator('#viewer').waitFor({ state: 'hidden' });
    await page.waitForTimeout(2500); // the "Added to your cart" toast fades
    await page.evaluate(() => document.activeElement?.blur());
    await shot(ctx, page, 'desktop-4b-grid-with-cart');
    publishToDocs(ctx, 'desktop-4b-grid-with-cart', 'gallery-desktop.png');
    await page.click('#cart-button');
    await page.click('#checkout');
    await page.locator('form#checkout-form').waitFor({ state: 'visible' });
    await shot(ctx, page, 'desktop-5-checkout');

    // The phone's order is its customer's: this session (another e-mail) is told there is none.
    watch.allow(/status of 404/);
    const foreign = await page.goto(ctx.orderUrl);
    check(foreign.status() === 404, `another customer's order page is 404, not ${foreign.status()}`);
    check(!(await page.content()).includes('order-status'), "another customer's order shows nothing of it");
    await shot(ctx, page, 'desktop-6-foreign-order');
    watch.allow(null);
    check(watch.problems.length === 0, `no console errors: ${watch.problems.join('; ')}`);
  } finally {
    await browser.close();
  }
}
