// Starts the real server (embedded SQLite, demo data) on a free port and Debian's Chromium,
// for the browser tests. Each test file gets its own server and database.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const binary = process.env.RESORPTION_BINARY || path.join(root, 'target/debug/resorption');

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'resorption-browser-'));
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${dir}/resorption.db`,
    RESORPTION_BIND: `127.0.0.1:${port}`,
    RESORPTION_PUBLIC_URL: `http://localhost:${port}`,
    RESORPTION_OUTBOX_DIR: `${dir}/outbox`,
    RESORPTION_LOG_FORMAT: 'json',
    RUST_LOG: 'warn',
  };
  execFileSync(binary, ['seed', '--demo'], { env, stdio: 'ignore' });
  const child = spawn(binary, ['serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  child.stderr.on('data', (chunk) => { logs += chunk; });
  const url = `http://localhost:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return { url, dir, logs: () => logs, stop: () => child.kill('SIGTERM') };
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${logs}`);
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/// A new page that fails the test on any console error or failed request of the app.
export async function newPage(browser, server) {
  const context = await browser.newContext({ baseURL: server.url, locale: 'fr-FR' });
  const page = await context.newPage();
  page.problems = [];
  // A signed-out visitor's session check answers 401: expected, not a problem.
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 401/.test(message.text())) page.problems.push(message.text());
  });
  page.on('pageerror', (error) => page.problems.push(error.message));
  return page;
}

export async function signIn(page, email, password = 'resorption-demo') {
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Me connecter' }).click();
}

const axeSource = readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/// Violations of impact serious or critical on the current page. axe is evaluated through the
/// browser's debugging protocol rather than added as a <script>: the app's Content-Security-Policy
/// refuses inline scripts, and the scan must run under that policy.
export async function seriousViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
