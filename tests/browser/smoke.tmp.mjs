import { startServer, launchBrowser, newPage, signIn, seriousViolations } from './harness.mjs';
const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await newPage(browser, server);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, process.env.WHO || 'admin@demo.resorption.fr');
  await page.getByRole('heading', { name: /^Bonjour/ }).waitFor();
  for (const path of (process.env.PATHS || '/,/sites,/carte,/site/1,/site/nouveau,/site/1/mise-a-jour,/site/1/fermeture').split(',')) {
    await page.goto(path);
    await page.waitForTimeout(2500);
    const name = path.replace(/\//g, '_') || 'root';
    await page.screenshot({ path: `/tmp/smoke/${name}.png`, fullPage: true });
    console.log(path, 'violations', JSON.stringify(await seriousViolations(page)));
  }
  console.log('problems', page.problems);
} finally { await browser.close(); server.stop(); }
