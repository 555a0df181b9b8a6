// The platforms, played by one local HTTPS server: the browser maps the platforms' host
// names to it (--host-resolver-rules), so the extension's content scripts run as they do
// on the real sites. HTTPS because the platforms are HSTS-preloaded: Chromium never
// loads them over plain http. The certificate is made per run with openssl.
import https from 'node:https';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { SITE } from './paths.js';

export const HOSTS = ['www.instagram.com', 'www.facebook.com', 'business.facebook.com', 'x.com', 'www.linkedin.com'];

function selfSignedCertificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-cert-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-days', '1', '-subj', '/CN=poortwachter-e2e', '-addext', `subjectAltName=${HOSTS.map((h) => `DNS:${h}`).join(',')}`], { stdio: 'ignore' });
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

/** Which fixture app each platform host runs (tests/e2e/site/); every other path is a file there. */
const APPS = {
  'www.instagram.com': 'instagram.js', 'www.facebook.com': 'facebook.js', 'business.facebook.com': 'business.js',
  'x.com': 'x.js', 'www.linkedin.com': 'linkedin.js',
};
const TYPES = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

function serveStatic(url, host, res) {
  const ext = path.extname(url.pathname);
  if (TYPES[ext]) {
    const file = path.join(SITE, path.basename(url.pathname));
    if (!fs.existsSync(file)) return res.writeHead(404).end('niet gevonden');
    return res.writeHead(200, { 'Content-Type': TYPES[ext], 'Cache-Control': 'no-store' }).end(fs.readFileSync(file));
  }
  const html = fs.readFileSync(path.join(SITE, 'page.html'), 'utf8').replace('SCRIPT', APPS[host] || 'instagram.js');
  return res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
}

/** Start the sites; `published` collects every post the pages sent out, with image bytes. */
export async function startSites() {
  const published = [];
  const waiters = [];
  const server = https.createServer(selfSignedCertificate(), (req, res) => {
    const url = new URL(req.url, `https://${req.headers.host}`);
    if (req.method === 'POST' && url.pathname === '/published') {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const post = JSON.parse(Buffer.concat(chunks).toString());
        post.host = req.headers.host;
        post.images = post.images.map((i) => ({ ...i, bytes: Buffer.from(i.data, 'base64') }));
        published.push(post);
        waiters.splice(0).forEach((w) => w());
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
      });
      return;
    }
    serveStatic(url, req.headers.host.split(':')[0], res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    published,
    /** Resolves with the n-th post (1-based) once it arrived, or rejects after timeout. */
    waitForPost(n, timeout = 30000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`post ${n} was not published within ${timeout} ms`)), timeout);
        const check = () => {
          if (published.length >= n) { clearTimeout(timer); resolve(published[n - 1]); } else waiters.push(check);
        };
        check();
      });
    },
    hostResolverRules: HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', '),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
