// The customer gallery end to end: publishes an event through the studio API of a real
// proofdesk-host, then a customer on a phone (Chromium at 390x844, touch) opens it with its code,
// browses, keeps favourites, orders prints with a nudged crop and checks out; the studio then
// finds that order and those favourites through its API. Screenshots of every step, phone and
// desktop, go to $PD_E2E_WORK/output. Exit 0 passed, 1 failed, 77 skipped (no Chromium).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { addPhotographer, check, makeFixtures, startHost, studioApi } from './harness.mjs';
import { PRODUCTS, publishEvent } from './studio_setup.mjs';
import { phoneFlow, desktopFlow } from './customer_flows.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const chromiumPath = process.env.PD_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromiumPath)) {
  console.log(`SKIPPED: no Chromium at ${chromiumPath} (packaging/install-deps.sh test installs chromium)`);
  process.exit(77);
}
const hostPath = process.env.PROOFDESK_HOST;
const fixturePath = process.env.PD_E2E_FIXTURE;
check(hostPath && fs.existsSync(hostPath), `PROOFDESK_HOST names the proofdesk-host binary (${hostPath})`);
check(fixturePath && fs.existsSync(fixturePath), `PD_E2E_FIXTURE names the pd_e2e_fixture binary (${fixturePath})`);
const modulesDir = process.env.PD_E2E_MODULES || path.join(here, 'node_modules');
const { chromium } = createRequire(path.join(modulesDir, '..', 'package.json'))('playwright-core');

const work = process.env.PD_E2E_WORK || path.join(here, 'work');
const run = path.join(work, 'run');
const output = path.join(work, 'output');
fs.rmSync(run, { recursive: true, force: true });
fs.rmSync(output, { recursive: true, force: true });
fs.mkdirSync(path.join(run, 'data'), { recursive: true });
fs.mkdirSync(output, { recursive: true });

// Launches the system's Chromium with a fresh profile of its own; never a downloaded browser.
async function launch(profile, contextOptions) {
  return chromium.launchPersistentContext(path.join(run, profile), {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    locale: 'en-GB',
    timezoneId: 'Europe/Berlin',
    ...contextOptions,
  });
}

const layoutProblems = []; // what a customer would see as wrong, reported together at the end
const soft = (condition, message) => { if (!condition) layoutProblems.push(message); };

let host = null;
let exitCode = 1;
try {
  const dataDir = path.join(run, 'data');
  const token = addPhotographer(hostPath, dataDir, 'Ann Example');
  host = await startHost(hostPath, dataDir);
  const api = studioApi(host.url, token);
  const fixtures = makeFixtures(fixturePath, path.join(run, 'fixtures'), 12);
  const event = await publishEvent(api, fixtures);
  console.log(`published ${event.photos.length} photos at ${host.url}${event.galleryPath}`);

  const ctx = { base: host.url, event, output, soft, launch, customerEmail: 'Lena.Berg@Example.com' };
  const placed = await phoneFlow(ctx);
  console.log(`phone: order ${placed.orderId} placed`);

  // --- The studio sees what the customer did ---------------------------------------------------
  const feed = await api('GET', '/api/v1/orders/feed?after=0');
  check(feed.status === 200, `GET orders/feed is 200, got ${feed.status} ${feed.text}`);
  const order = feed.json.orders.find((o) => o.id === placed.orderId);
  check(order, `the feed holds order ${placed.orderId}: ${feed.text}`);
  check(order.event_id === event.eventId, `the order is for event ${event.eventId}`);
  check(order.status === 'placed', `the order's status is placed, got ${order.status}`);
  check(order.customer.name === 'Lena Berg' && order.customer.phone === '+49 30 1234567',
    `the customer's name and phone as typed: ${JSON.stringify(order.customer)}`);
  check(order.customer.email === ctx.customerEmail.toLowerCase(), `the e-mail lower-cased: ${order.customer.email}`);
  check(order.delivery === 'pickup', `delivery pickup, got ${order.delivery}`);
  check(order.items.length === 3, `three line items, got ${JSON.stringify(order.items)}`);
  let expectedTotal = 0;
  for (const want of placed.items) {
    const item = order.items.find((it) => it.photo_id === want.photoId && it.size === PRODUCTS[want.productId].size);
    check(item, `an item for ${want.photoId} at ${PRODUCTS[want.productId].size}: ${JSON.stringify(order.items)}`);
    check(item.quantity === want.quantity, `${want.photoId}: quantity ${want.quantity}, got ${item.quantity}`);
    check(item.unit_cents === PRODUCTS[want.productId].price_cents, `${want.photoId}: the price sheet's price`);
    expectedTotal += item.unit_cents * item.quantity;
    const c = item.crop;
    const photo = event.photos.find((p) => p.id === want.photoId);
    const kept = (c.w * photo.proof.width) / (c.h * photo.proof.height);
    const [shortIn, longIn] = PRODUCTS[want.productId].size.split('x').map(Number);
    const aspect = longIn / shortIn;
    const wantAspect = photo.proof.width >= photo.proof.height ? aspect : 1 / aspect;
    check(Math.abs(kept / wantAspect - 1) < 0.01, `${want.photoId}: the crop has the print's aspect (${kept} vs ${wantAspect})`);
    check(c.x >= 0 && c.y >= 0 && c.x + c.w <= 1 + 1e-9 && c.y + c.h <= 1 + 1e-9, `${want.photoId}: crop inside the photo`);
    const offCentre = Math.max(Math.abs(c.x + c.w / 2 - 0.5), Math.abs(c.y + c.h / 2 - 0.5));
    if (want.nudged) {
      check(offCentre > 0.01, `${want.photoId}: the nudged crop is not centred: ${JSON.stringify(c)}`);
      check(Math.abs(c.x - want.crop.x) < 1e-6 && Math.abs(c.y - want.crop.y) < 1e-6,
        `${want.photoId}: the crop the customer saw (${JSON.stringify(want.crop)}), got ${JSON.stringify(c)}`);
    } else {
      check(offCentre < 1e-6, `${want.photoId}: an untouched crop is centred: ${JSON.stringify(c)}`);
    }
  }
  check(order.total_cents === expectedTotal && expectedTotal === 2250,
    `total 2250 cents from the price sheet, got ${order.total_cents}`);
  check(order.currency === 'EUR', `currency EUR, got ${order.currency}`);

  const favs = await api('GET', `/api/v1/events/${event.eventId}/favourites`);
  check(favs.status === 200, `GET favourites is 200, got ${favs.status} ${favs.text}`);
  const favIds = favs.json.favourites.map((f) => f.photo_id).sort();
  check(JSON.stringify(favIds) === JSON.stringify([...placed.favourites].sort()),
    `the favourites are ${placed.favourites}, got ${favs.text}`);
  check(favs.json.favourites.every((f) => f.email === ctx.customerEmail.toLowerCase()),
    `the favourites are the customer's: ${favs.text}`);

  // --- The same gallery on a desktop ------------------------------------------------------------
  await desktopFlow({ ...ctx, orderUrl: placed.orderUrl });

  // Every response above came from this process: it is still serving.
  check(!host.exited(), 'proofdesk-host still runs');
  const health = await fetch(`${host.url}/healthz`);
  check(health.status === 200, `GET /healthz is 200 after the run, got ${health.status}`);

  for (const name of fs.readdirSync(output).sort()) console.log(`screenshot ${path.join(output, name)}`);
  if (layoutProblems.length) {
    console.log(`FAILED: what a customer would see as wrong:\n- ${layoutProblems.join('\n- ')}`);
  } else {
    console.log('PASSED: the gallery end to end, phone and desktop');
    exitCode = 0;
  }
} catch (error) {
  // Playwright's call log repeats every retry: its first lines say enough.
  const text = String(error.stack || error).split('\n').filter((l) => !/^\s*\x1b\[2m/.test(l)).slice(0, 12).join('\n');
  console.log(`FAILED: ${text}`);
  if (layoutProblems.length) console.log(`Also wrong on the way:\n- ${layoutProblems.join('\n- ')}`);
  if (host) console.log(`proofdesk-host stderr:\n${host.errorOutput().slice(-4000)}`);
} finally {
  if (host) {
    const { code, signal } = await host.stop();
    if (code !== 0) {
      console.log(`FAILED: proofdesk-host exited ${code ?? signal} on SIGTERM, not 0`);
      exitCode = 1;
    }
  }
}
process.exit(exitCode);
