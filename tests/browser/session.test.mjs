// Signing in and out, the charter gate, and coming back to the page asked for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn, seriousViolations } from './harness.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

const personas = [
  ['admin@demo.resorption.fr', 'Nadia Benali'],
  ['admin.93@demo.resorption.fr', 'Claire Morel'],
  ['prefecture.93@demo.resorption.fr', 'Julien Lefèvre'],
  ['commune.93@demo.resorption.fr', 'Sophie Martin'],
  ['asso.93@demo.resorption.fr', 'Ioana Popescu'],
  ['intervenant.93@demo.resorption.fr', 'Lucie Bernard'],
  ['observateur.44@demo.resorption.fr', 'Thomas Robert'],
  ['national@demo.resorption.fr', 'Paul Girard'],
];

for (const [email, name] of personas) {
  test(`${email} signs in and is greeted`, async () => {
    const page = await newPage(browser, server);
    await signIn(page, email);
    await page.getByRole('heading', { name: `Bonjour ${name}` }).waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test('a wrong password shows an error and keeps what was typed', async () => {
  const page = await newPage(browser, server);
  await signIn(page, 'asso.93@demo.resorption.fr', 'wrong-password');
  await page.getByRole('alert').filter({ hasText: 'incorrect' }).waitFor();
  assert.equal(await page.getByLabel('Adresse e-mail').inputValue(), 'asso.93@demo.resorption.fr');
  await page.context().close();
});

test('a deep link leads to sign-in, then back to the page asked for', async () => {
  const page = await newPage(browser, server);
  await page.goto('/?onglet=activite');
  await page.waitForURL(/\/connexion\?suite=/);
  await page.getByText('Veuillez vous connecter').waitFor();
  await page.getByLabel('Adresse e-mail').fill('commune.93@demo.resorption.fr');
  await page.getByLabel('Mot de passe').fill('resorption-demo');
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.waitForURL(/\/\?onglet=activite$/);
  await page.getByRole('heading', { name: 'Bonjour Sophie Martin' }).waitFor();
  await page.context().close();
});

test('signing out returns to the sign-in page and the session is gone', async () => {
  const page = await newPage(browser, server);
  await signIn(page, 'asso.93@demo.resorption.fr');
  await page.getByRole('heading', { name: /Bonjour/ }).waitFor();
  await page.getByRole('button', { name: 'Me déconnecter' }).click();
  await page.waitForURL(/\/connexion$/);
  const me = await page.evaluate(async () => (await fetch('/api/me')).status);
  assert.equal(me, 401);
  await page.context().close();
});

test('the sign-in and home pages pass the accessibility scan', async () => {
  const page = await newPage(browser, server);
  await page.goto('/connexion');
  await page.getByRole('heading', { name: 'Connectez-vous à Résorption' }).waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  assert.equal(await page.title(), 'Connexion — Résorption');
  await signIn(page, 'prefecture.93@demo.resorption.fr');
  await page.getByRole('heading', { name: /Bonjour/ }).waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await page.context().close();
});
