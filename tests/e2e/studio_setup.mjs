// Publishes the test's event the way a studio would, through the studio API only: the event with
// categories, a price sheet and an access code, then each photo's renditions and metadata.
import { randomUUID } from 'node:crypto';
import { check } from './harness.mjs';

export const ACCESS_CODE = 'garden-2026';
export const EVENT_NAME = 'Lena & Tom — garden wedding';
export const CATEGORIES = ['Ceremony', 'Portraits', 'Party'];
// Index = product id in the gallery's JSON.
export const PRODUCTS = [
  { name: 'Print', size: '4x6', finish: 'gloss', price_cents: 450 },
  { name: 'Print', size: '5x7', finish: 'matte', price_cents: 900 },
  { name: 'Print', size: '8x10', finish: 'matte', price_cents: 1800 },
];
// The photo whose original is too small for a sharp 4x6 (under 250 ppi): 900 x 600 pixels.
export const LOW_RES_INDEX = 3;

// Creates the event and its photos from `fixtures` (makeFixtures). Returns {eventId, slug,
// galleryPath, photos: [{id, category, proof, thumb, original_width, original_height}]}.
export async function publishEvent(api, fixtures) {
  const eventId = randomUUID();
  const put = await api('PUT', `/api/v1/events/${eventId}`, {
    name: EVENT_NAME,
    date: '2026-06-13',
    description: 'The barn, then the orchard',
    categories: CATEGORIES,
    slug: 'lena-tom-garden',
    price_sheet: { currency: 'EUR', products: PRODUCTS },
    gallery: { access_code: ACCESS_CODE, expires: '2099-12-31', proof_size: 1600 },
  });
  check(put.status === 201, `PUT event is 201, got ${put.status} ${put.text}`);
  const slug = put.json.slug;
  check(typeof slug === 'string' && slug.length > 0, `the event has a slug: ${put.text}`);
  const galleryPath = put.json.gallery_url ?? `/g/${slug}`;
  check(galleryPath === `/g/${slug}`, `gallery_url is /g/<slug>: ${put.text}`);

  const photos = [];
  for (const [i, fixture] of fixtures.entries()) {
    for (const kind of ['proof', 'thumb', 'zoom']) {
      const r = fixture[kind];
      if (!r) continue;
      const up = await api('PUT', `/api/v1/renditions/${r.sha256}`, r.bytes, kind === 'zoom' ? 'image/jp2' : 'image/jpeg');
      check(up.status === 201, `PUT rendition ${kind} ${i + 1} is 201, got ${up.status} ${up.text}`);
      check(up.json.width === r.width && up.json.height === r.height,
        `the host decoded ${kind} ${i + 1} as ${r.width}x${r.height}: ${up.text}`);
    }
    const portrait = fixture.proof.height > fixture.proof.width;
    const [longEdge, shortEdge] = i === LOW_RES_INDEX ? [900, 600] : [6000, 4000];
    const photo = {
      id: `e2e-photo-${i + 1}`,
      category: CATEGORIES[i % CATEGORIES.length],
      position: i,
      filename: `DSC_${String(4101 + i)}.jpg`,
      caption: i === 0 ? 'First dance <b>under</b> the "oak"' : '',
      captured_at: `2026-06-13T${String(10 + i).padStart(2, '0')}:00:00`,
      original_width: portrait ? shortEdge : longEdge,
      original_height: portrait ? longEdge : shortEdge,
      renditions: { proof: fixture.proof.sha256, thumb: fixture.thumb.sha256, ...(fixture.zoom ? { zoom: fixture.zoom.sha256 } : {}) },
    };
    const res = await api('PUT', `/api/v1/events/${eventId}/photos/${photo.id}`, photo);
    check(res.status === 201, `PUT photo ${photo.id} is 201, got ${res.status} ${res.text}`);
    photos.push({ ...photo, proof: fixture.proof, thumb: fixture.thumb, zoom: fixture.zoom });
  }
  return { eventId, slug, galleryPath, photos };
}
