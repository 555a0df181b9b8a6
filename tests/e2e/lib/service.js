// Starts the real Poortwachter service with the demo school in a fresh data directory,
// as the lead's CLI documents it, and reads the pairing code from its output.
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { POORTWACHTER, SCHOOL_DEMO } from './paths.js';

const run = promisify(execFile);
export const TODAY = '2026-11-21'; // the demo school's "today" (school year 2026-2027)

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function cli(dataDir, ...args) {
  return run(POORTWACHTER, ['--data-dir', dataDir, ...args], {
    env: { ...process.env, POORTWACHTER_TODAY: TODAY }, maxBuffer: 16 << 20, timeout: 300000,
  });
}

/** A new data directory with the demo school's consent list and reference photos. */
export async function buildDemoDataDir() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-data-'));
  await cli(dataDir, 'consent', 'import', '--yes', path.join(SCHOOL_DEMO, 'leerlingen.csv'));
  await cli(dataDir, 'enrol', path.join(SCHOOL_DEMO, 'gezichten.csv'));
  return dataDir;
}

/** The demo school for one spec file: a copy of run.js's enrolled one, or a fresh build. */
export async function demoDataDir() {
  const template = process.env.POORTWACHTER_E2E_DEMO;
  if (!template) return buildDemoDataDir();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-data-'));
  fs.cpSync(template, dataDir, { recursive: true });
  return dataDir;
}

/** The audit log as the CLI prints it. */
export async function auditEntries(dataDir) {
  const { stdout } = await cli(dataDir, 'audit', '--json', '--limit', '100000');
  const parsed = JSON.parse(stdout);
  return Array.isArray(parsed) ? parsed : parsed.entries;
}

/** `poortwachter serve` on a free port; resolves once it printed its pairing code. */
export async function startService(dataDir) {
  const port = await freePort();
  const child = spawn(POORTWACHTER, ['--data-dir', dataDir, 'serve', '--port', String(port)], {
    env: { ...process.env, POORTWACHTER_TODAY: TODAY, PYTHONUNBUFFERED: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: stop() ends the service's worker processes too
  });
  let output = '';
  const code = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service printed no Koppelcode in 120 s:\n${output}`)), 120000);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/Koppelcode:\s*(\d{6})/);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (status) => { clearTimeout(timer); reject(new Error(`service exited (${status}):\n${output}`)); });
  });
  const url = `http://127.0.0.1:${port}`;
  // The printed link with the page token (as in Jupyter): opening it lets a browser see the pages.
  const pageUrl = output.match(/Zelfcontrole:\s*(\S+)/)[1];
  await waitUntilListening(port);
  return {
    url, pageUrl, port, code, dataDir,
    output: () => output,
    stop: () => stopGroup(child),
  };
}

/** SIGTERM to the service's process group, SIGKILL if it lingers; then let go of its pipes. */
async function stopGroup(child) {
  const signalGroup = (signal) => { try { process.kill(-child.pid, signal); } catch (error) { /* already gone */ } };
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  signalGroup('SIGKILL'); // workers that outlived the main process
  child.stdout.destroy();
  child.stderr.destroy();
}

/** Resolves once something accepts connections on 127.0.0.1:port, within `seconds`. */
export async function waitUntilListening(port, seconds = 60) {
  for (let i = 0; i < seconds * 10; i++) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port} after ${seconds} s`);
}

/** The CLI's verdict for photos: an independent source of the face boxes. */
export async function cliVerdict(dataDir, ...images) {
  try {
    const { stdout } = await cli(dataDir, 'check', '--channel', 'social_media', '--json', ...images);
    return JSON.parse(stdout);
  } catch (error) {
    if (error.stdout && [1, 2].includes(error.code)) return JSON.parse(error.stdout); // warn and block exit 1 and 2
    throw error;
  }
}
