// Fetch helpers and formatting shared by the gallery's modules: same-origin JSON, CSRF on POSTs.

export async function getJson(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

// Resolves to { ok, status, data } whatever the status; rejects only when the network fails.
export async function postJson(url, body, csrf) {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
    body: JSON.stringify(body),
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  return { ok: response.ok, status: response.status, data };
}

// The message of a {"error": {...}} reply, or a fallback.
export function errorMessage(reply, fallback) {
  return (reply && reply.data && reply.data.error && reply.data.error.message) || fallback;
}

export function money(cents, currency) {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${currency} ${(cents / 100).toFixed(2)}`;
  }
}

export function productLabel(product) {
  return [product.size, product.name, product.finish].filter(Boolean).join(' ');
}

// document.createElement with a class and text: never innerHTML for anything a studio or a
// customer typed.
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}
