// Takes the screenshots of docs/screenshots (not a test): `node scripts/screenshots.mjs` after
// `scripts/build-web` and `cargo build -p api`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, newPage, signIn } from '../tests/browser/harness.mjs';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/screenshots');
const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await newPage(browser, server);
  await page.setViewportSize({ width: 1280, height: 900 });
  const shot = async (name, full = true) => {
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: full });
  };
  await page.goto('/connexion');
  await page.getByRole('heading', { name: 'Connectez-vous à Résorption' }).waitFor();
  await shot('01-connexion');
  await signIn(page, 'prefecture.93@demo.resorption.fr');
  await page.getByRole('heading', { name: /Bonjour/ }).waitFor();
  await shot('02-accueil-activite');
  await page.goto('/carte');
  await page.locator('.resorption-marker, .resorption-cluster').first().waitFor();
  await shot('03-carte', false);
  await page.goto('/sites');
  await page.locator('main h1').first().waitFor();
  await shot('04-liste-des-sites');
  await page.locator('main a[href^="/site/"]').first().waitFor();
  const links = await page.locator('main a[href^="/site/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const href = links.find((link) => /^\/site\/\d+$/.test(link));
  await page.goto(href);
  await page.locator('main h1').first().waitFor();
  await shot('05-fiche-site');
  await page.goto('/site/nouveau');
  await page.locator('main h1').first().waitFor();
  await shot('06-declarer-un-site');
  await page.goto('/annuaire');
  await page.locator('main h1').first().waitFor();
  await shot('07-annuaire');
  await page.context().close();
  const admin = await newPage(browser, server);
  await admin.setViewportSize({ width: 1280, height: 900 });
  await signIn(admin, 'admin.93@demo.resorption.fr');
  await admin.getByRole('heading', { name: /Bonjour/ }).waitFor();
  await admin.goto('/administration/utilisateurs');
  await admin.locator('main h1').first().waitFor();
  await admin.waitForLoadState('networkidle');
  await admin.screenshot({ path: path.join(out, '08-gestion-des-acces.png'), fullPage: true });
  const mobile = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 780 } });
  const phone = await mobile.newPage();
  await signIn(phone, 'asso.93@demo.resorption.fr');
  await phone.getByRole('heading', { name: /Bonjour/ }).waitFor();
  await phone.goto('/sites');
  await phone.locator('main h1').first().waitFor();
  await phone.waitForLoadState('networkidle');
  await phone.screenshot({ path: path.join(out, '09-liste-mobile.png') });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  server.stop();
}
