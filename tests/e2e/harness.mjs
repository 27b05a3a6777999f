// What the gallery end-to-end test needs besides the browser: a real proofdesk-host process,
// its admin commands, the studio API with a bearer token, the fixture JPEGs and small checks.
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// Fails the test with a message a person can act on.
export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

export function sha256Hex(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

// Runs `proofdesk-host photographer add NAME --data DIR` and returns the token it printed.
export function addPhotographer(hostPath, dataDir, name) {
  const out = execFileSync(hostPath, ['photographer', 'add', name, '--data', dataDir], { encoding: 'utf8' });
  const token = out.trim();
  check(token.length >= 20 && !token.includes('\n'), `photographer add printed one token, got ${JSON.stringify(out)}`);
  return token;
}

// Starts `proofdesk-host serve --listen 127.0.0.1:0 --data DIR`; ready once its first stdout line
// says "listening on 127.0.0.1:PORT" (as tests/host/host_process.cpp reads it). stderr and the
// access log go to files in DIR. Resolves to {url, stop(), errorOutput()}.
export function startHost(hostPath, dataDir) {
  const errFile = path.join(dataDir, 'server.err');
  const errFd = fs.openSync(errFile, 'w');
  const child = spawn(hostPath, ['serve', '--listen', '127.0.0.1:0', '--data', dataDir,
    '--access-log', path.join(dataDir, 'access.log')], { stdio: ['ignore', 'pipe', errFd] });
  fs.closeSync(errFd);
  const errorOutput = () => fs.readFileSync(errFile, 'utf8');
  let exited = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = { code, signal };
    resolve(exited);
  }));
  const stop = async () => {
    if (exited) return exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    const result = await exitPromise;
    clearTimeout(timer);
    return result;
  };
  return new Promise((resolve, reject) => {
    let line = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`proofdesk-host printed no "listening on" line in 20 s; stderr:\n${errorOutput()}`));
    }, 20000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      if (line.includes('\n')) return;
      line += chunk;
      if (!line.includes('\n')) return;
      clearTimeout(timer);
      const m = /^listening on 127\.0\.0\.1:(\d+)\n/.exec(line);
      if (!m || Number(m[1]) === 0) {
        child.kill('SIGKILL');
        reject(new Error(`unexpected first line ${JSON.stringify(line)}; stderr:\n${errorOutput()}`));
        return;
      }
      resolve({ url: `http://127.0.0.1:${m[1]}`, stop, errorOutput, exited: () => exited });
    });
    exitPromise.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`proofdesk-host exited (${code ?? signal}) before listening; stderr:\n${errorOutput()}`));
    });
  });
}

// A studio API client: api(method, path, body) -> {status, headers, text, json}. A Buffer body
// goes as is with `contentType`; anything else as JSON.
export function studioApi(baseUrl, token) {
  return async (method, urlPath, body, contentType) => {
    const headers = { Authorization: `Bearer ${token}` };
    let payload;
    if (Buffer.isBuffer(body)) {
      payload = body;
      headers['Content-Type'] = contentType ?? 'application/octet-stream';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(baseUrl + urlPath, { method, headers, body: payload });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: the caller reports text */ }
    return { status: response.status, headers: response.headers, text, json };
  };
}

// Runs pd_e2e_fixture: COUNT photos as proof and thumbnail JPEGs in outDir. Returns
// [{proof: {file, sha256, width, height, size, bytes}, thumb: {...}}], checking each SHA-256.
export function makeFixtures(fixturePath, outDir, count) {
  const out = execFileSync(fixturePath, [outDir, String(count)], { encoding: 'utf8' });
  const photos = JSON.parse(out).photos;
  check(photos.length === count, `the fixture wrote ${count} photos`);
  for (const photo of photos) {
    for (const kind of ['proof', 'thumb', 'zoom']) {
      const r = photo[kind];
      if (!r) continue;   // only photo 1 has a zoom proof
      r.bytes = fs.readFileSync(r.file);
      check(sha256Hex(r.bytes) === r.sha256, `${r.file} has the SHA-256 the fixture printed`);
    }
  }
  return photos;
}

// Polls `probe` (async, returns a truthy value when done) every 100 ms for up to `ms`.
export async function eventually(probe, ms, what) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
