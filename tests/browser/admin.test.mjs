// The administration and directory screens: access requests granted or refused by a local
// admin, deactivation and reactivation, what non-admins get, organizations created and edited
// by a national admin, and the directory. Every new screen passes the accessibility scan.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn, seriousViolations } from './harness.mjs';
import { waitForMail } from './mail.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

async function signedIn(email) {
  const page = await newPage(browser, server);
  await signIn(page, email);
  await page.getByRole('heading', { name: /^Bonjour/ }).waitFor();
  return page;
}

async function assertAccessible(page) {
  assert.deepEqual(await seriousViolations(page), []);
}

/// A pending access request sent straight to the API, for tests about what comes after it.
async function requestAccess({ email, firstName, lastName, organization = 'Association Solidarité Terrain 93' }) {
  const organizations = await (await fetch(`${server.url}/api/organizations/search?limit=100&q=${encodeURIComponent(organization)}`)).json();
  const response = await fetch(`${server.url}/api/access-requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'resorption' },
    body: JSON.stringify({
      email, first_name: firstName, last_name: lastName, position: 'Médiatrice', organization_id: organizations[0].id,
      message: 'Je travaille sur les sites de la commune.', legal_consent: true,
    }),
  });
  assert.equal(response.status, 202);
}

async function apiSignIn(email, password = 'resorption-demo') {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'resorption' },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
}

async function openUser(page, tab, name) {
  await page.goto(`/administration/utilisateurs?statut=${tab}`);
  await page.getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

test('an access request is granted with an option, and the e-mailed link activates the account', async () => {
  const visitor = await newPage(browser, server);
  await visitor.goto('/demande-acces');
  // Labels carry a "*" for required fields: the ids are steadier.
  await visitor.locator('#email').fill('camille.dupont@example.org');
  await visitor.locator('#first_name').fill('Camille');
  await visitor.locator('#last_name').fill('Dupont');
  await visitor.locator('#position').fill('Médiatrice scolaire');
  await visitor.locator('#organization_id').selectOption({ label: 'Association Solidarité Terrain 93 — Seine-Saint-Denis (93)' });
  await visitor.getByLabel('Expliquez-nous').fill('Je suis les familles du site de la rue des Roses.');
  await visitor.locator('label[for=legal_consent]').click();
  await visitor.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await visitor.getByRole('heading', { name: "Votre demande d'accès a bien été envoyée" }).waitFor();
  await visitor.context().close();

  const admin = await signedIn('admin.93@demo.resorption.fr');
  await admin.getByRole('link', { name: 'Administration' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Gestion des accès' }).waitFor();
  assert.equal(await admin.title(), 'Gestion des accès — Résorption');
  const row = admin.getByRole('row').filter({ hasText: 'Camille Dupont' });
  await row.getByText('Demande en attente').waitFor();
  await row.getByText('Association Solidarité Terrain 93').waitFor();
  await assertAccessible(admin);
  await row.getByRole('link', { name: 'Camille Dupont' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Camille Dupont' }).waitFor();
  await admin.getByText('Je suis les familles du site de la rue des Roses.').waitFor();
  // An association member may hold these three options, and no other.
  for (const option of ['Autoriser à déclarer un site', "Autoriser à déclarer la fermeture d'un site", 'Accéder aux procédures judiciaires']) {
    await admin.getByLabel(option).waitFor({ state: 'attached' });
  }
  assert.equal(await admin.getByLabel('Accéder aux financements des actions').count(), 0);
  await assertAccessible(admin);
  await admin.locator('label[for=option-access_justice]').click();
  await admin.getByRole('button', { name: "Envoyer un lien d'activation" }).click();
  await admin.getByText("Un lien d'activation a été envoyé à camille.dupont@example.org.").waitFor();
  await admin.getByText(/Envoyé le .* par Claire Morel/).waitFor();
  await admin.context().close();

  const [link] = await waitForMail(server.dir, 'camille.dupont@example.org', /http:\/\/localhost:\d+\/activer-mon-compte\/[A-Za-z0-9_-]+/);
  const newcomer = await newPage(browser, server);
  await newcomer.goto(new URL(link).pathname);
  await newcomer.getByRole('heading', { name: 'Activer mon compte' }).waitFor();
  await newcomer.getByLabel('Mot de passe').fill('une phrase de passe solide');
  await newcomer.locator('label[for=charter]').click();
  await newcomer.getByRole('button', { name: 'Activer mon compte' }).click();
  await newcomer.getByRole('heading', { name: 'Bonjour Camille Dupont' }).waitFor();
  const me = await newcomer.evaluate(async () => (await fetch('/api/me', { headers: { 'X-Requested-With': 'resorption' } })).json());
  assert.deepEqual(me.options, ['access_justice']);
  assert.deepEqual(newcomer.problems, []);
  await newcomer.context().close();
});

test('a refusal keeps the reason typed when it is refused, then tells the requester why', async () => {
  await requestAccess({ email: 'marc.refus@example.org', firstName: 'Marc', lastName: 'Refus' });
  const admin = await signedIn('admin.93@demo.resorption.fr');
  await openUser(admin, 'new', 'Marc Refus');
  const reason = admin.getByLabel('Motif du refus');
  const tooLong = 'x'.repeat(2001);
  await reason.fill(tooLong);
  await admin.getByRole('button', { name: "Refuser l'accès" }).click();
  await admin.getByText('Le motif ne peut dépasser 2000 caractères').waitFor();
  assert.equal(await reason.inputValue(), tooLong);
  await reason.fill('Votre structure intervient hors de la Seine-Saint-Denis.');
  await admin.getByRole('button', { name: "Refuser l'accès" }).click();
  await admin.getByText("La demande d'accès a été refusée").waitFor();
  await admin.getByText('Demande refusée', { exact: true }).first().waitFor();
  // The browser logs the refused first attempt; nothing else may go wrong.
  assert.deepEqual(admin.problems.filter((p) => !/status of 422/.test(p)), []);
  await waitForMail(server.dir, 'marc.refus@example.org', /Motif : Votre structure intervient hors de la Seine-Saint-Denis\./);
  await admin.goto('/administration/utilisateurs?statut=new');
  await admin.getByRole('row').filter({ hasText: 'Marc Refus' }).getByText('Demande refusée').waitFor();
  await admin.context().close();
});

test('a local admin deactivates an account, which can no longer sign in, then reactivates it', async () => {
  const admin = await signedIn('admin.93@demo.resorption.fr');
  await admin.goto('/administration/utilisateurs?statut=active');
  await admin.getByLabel('Rechercher par nom, e-mail ou fonction').fill('Bernard');
  await admin.getByRole('button', { name: 'Rechercher' }).click();
  await admin.waitForURL(/statut=active&q=Bernard/);
  await admin.getByRole('table').getByRole('link', { name: 'Lucie Bernard' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Lucie Bernard' }).waitFor();
  await assertAccessible(admin);
  await admin.getByLabel('Motif de la désactivation').fill('Départ de la structure');
  await admin.getByRole('button', { name: 'Désactiver le compte' }).click();
  await admin.getByText('Le compte a été désactivé').waitFor();
  await admin.getByRole('button', { name: 'Réactiver le compte' }).waitFor();
  assert.equal(await apiSignIn('intervenant.93@demo.resorption.fr'), 403);
  await assertAccessible(admin);
  await admin.goto('/administration/utilisateurs?statut=inactive');
  await admin.getByRole('row').filter({ hasText: 'Lucie Bernard' }).getByText('Désactivé').waitFor();
  await admin.getByRole('link', { name: 'Lucie Bernard' }).click();
  await admin.getByRole('button', { name: 'Réactiver le compte' }).click();
  await admin.getByText('Le compte a été réactivé').waitFor();
  await admin.getByRole('button', { name: 'Désactiver le compte' }).waitFor();
  assert.equal(await apiSignIn('intervenant.93@demo.resorption.fr'), 200);
  assert.deepEqual(admin.problems, []);
  await admin.context().close();
});

test('a member who is not admin sees no administration and is refused its pages', async () => {
  const member = await signedIn('asso.93@demo.resorption.fr');
  await member.getByRole('link', { name: 'Annuaire' }).waitFor();
  assert.equal(await member.getByRole('link', { name: 'Administration' }).count(), 0);
  for (const path of ['/administration/utilisateurs', '/administration/utilisateurs/1', '/administration/structures']) {
    await member.goto(path);
    await member.getByRole('heading', { level: 1, name: 'Accès refusé à la page demandée' }).waitFor();
    assert.equal(await member.getByRole('table').count(), 0);
  }
  await assertAccessible(member);
  await member.context().close();

  // A local admin manages accesses but not organizations, nor users outside the territory.
  const localAdmin = await signedIn('admin.93@demo.resorption.fr');
  await localAdmin.goto('/administration/structures');
  await localAdmin.getByRole('heading', { level: 1, name: 'Accès refusé à la page demandée' }).waitFor();
  await localAdmin.goto('/administration/utilisateurs/999999');
  await localAdmin.getByText("Cet utilisateur n'existe pas ou n'est pas rattaché à votre territoire.").waitFor();
  await assertAccessible(localAdmin);
  await localAdmin.context().close();
});

test('a national admin creates an organization, then edits it', async () => {
  const admin = await signedIn('admin@demo.resorption.fr');
  await admin.getByRole('link', { name: 'Administration' }).click();
  await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Structures' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Structures' }).waitFor();
  await admin.getByRole('row').filter({ hasText: 'Commune de Montreuil' }).waitFor();
  await assertAccessible(admin);
  await admin.getByRole('link', { name: 'Créer une structure' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Créer une structure' }).waitFor();

  // Sent incomplete, the form says what is missing and keeps what was typed.
  await admin.getByLabel('Nom de la structure').fill('Collectif Hébergement Bagnolet');
  await admin.getByRole('button', { name: 'Créer la structure' }).click();
  await admin.getByText('Choisissez le territoire de la structure.').waitFor();
  assert.equal(await admin.getByLabel('Nom de la structure').inputValue(), 'Collectif Hébergement Bagnolet');

  await admin.getByLabel('Acronyme').fill('CHB');
  await admin.getByLabel('Catégorie').selectOption({ label: 'Association' });
  await admin.getByLabel('Type de structure').selectOption({ label: 'Association' });
  await admin.getByLabel('Commune, intercommunalité, département ou région').fill('Bagnolet');
  await admin.getByRole('button', { name: 'Bagnolet (93) — Commune' }).click();
  await admin.getByText('Territoire choisi : Bagnolet (93)').waitFor();
  await admin.getByLabel("Ajouter un territoire d'intervention").fill('Montreuil');
  await admin.getByRole('button', { name: 'Montreuil (93) — Commune' }).click();
  await admin.getByRole('button', { name: 'Retirer Montreuil (93)' }).waitFor();
  await assertAccessible(admin);
  await admin.getByRole('button', { name: 'Créer la structure' }).click();

  await admin.waitForURL(/\/administration\/structures\/\d+\?creee=1$/);
  await admin.getByRole('heading', { level: 1, name: 'Collectif Hébergement Bagnolet' }).waitFor();
  await admin.getByText('La structure a été créée.').waitFor();
  await admin.getByText('Bagnolet (93) — territoire principal').waitFor();
  await admin.getByText('Montreuil (93)', { exact: true }).waitFor();
  await assertAccessible(admin);

  await admin.getByLabel('Acronyme').fill('CHB 93');
  await admin.locator('label[for=active]').click();
  await admin.getByRole('button', { name: 'Retirer Montreuil (93)' }).click();
  await admin.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await admin.getByText('Les modifications ont été enregistrées.').waitFor();
  assert.equal(await admin.getByRole('button', { name: 'Retirer Montreuil (93)' }).count(), 0);

  await admin.goto('/administration/structures');
  await admin.getByLabel('État').selectOption({ label: 'Inactives' });
  const row = admin.getByRole('row').filter({ hasText: 'Collectif Hébergement Bagnolet (CHB 93)' });
  await row.getByText('Inactive').waitFor();

  // From an organization to all of its accounts, whatever their status.
  await admin.getByLabel('État').selectOption({ label: 'Actives et inactives' });
  await admin.getByRole('link', { name: 'Commune de Montreuil' }).click();
  await admin.getByRole('link', { name: 'Voir tous les comptes de la structure' }).click();
  await admin.getByRole('table').getByRole('link', { name: 'Sophie Martin' }).waitFor();
  assert.equal(await admin.getByRole('table').getByRole('row').count(), 2);
  assert.deepEqual(admin.problems, []);
  await admin.context().close();
});

test('a national admin makes a user local admin and writes a private comment', async () => {
  const admin = await signedIn('admin@demo.resorption.fr');
  await openUser(admin, 'active', 'Julien Lefèvre');
  await admin.getByLabel("Rôle d'administration").selectOption({ label: 'Administrateur local' });
  await admin.getByLabel('Commentaires des administrateurs').fill('Référent bidonvilles de la préfecture.');
  await admin.getByRole('button', { name: 'Enregistrer le rôle' }).click();
  await admin.getByText('Le rôle et les commentaires ont été enregistrés.').waitFor();
  await admin.getByText('Correspondant · Administrateur local').waitFor();
  await assertAccessible(admin);
  await admin.context().close();

  const promoted = await signedIn('prefecture.93@demo.resorption.fr');
  await promoted.getByRole('link', { name: 'Administration' }).waitFor();
  await promoted.context().close();
});

test('the directory lists organizations with their members, filtered by text and département', async () => {
  const page = await signedIn('intervenant.93@demo.resorption.fr');
  await page.getByRole('link', { name: 'Annuaire' }).click();
  await page.getByRole('heading', { level: 1, name: 'Annuaire' }).waitFor();
  const montreuil = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Commune de Montreuil' }) });
  await montreuil.getByText('Sophie Martin').waitFor();
  await montreuil.getByRole('link', { name: 'commune.93@demo.resorption.fr' }).waitFor();
  await assertAccessible(page);

  await page.getByLabel('Rechercher une structure ou une personne').fill('sophie');
  await page.getByText('1 structure', { exact: true }).waitFor();
  await page.getByLabel('Rechercher une structure ou une personne').fill('');
  await page.getByLabel('Département').selectOption('13');
  await page.getByRole('heading', { name: 'Association Accueil Marseille' }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Commune de Montreuil' }).count(), 0);
  await page.getByLabel('Département').selectOption('93');

  await page.getByRole('link', { name: 'Commune de Montreuil' }).click();
  await page.getByRole('heading', { level: 1, name: 'Commune de Montreuil' }).waitFor();
  await page.getByText('Sophie Martin').waitFor();
  await page.getByText('Montreuil (93) (principal)').waitFor();
  assert.equal(await page.title(), 'Commune de Montreuil — Annuaire — Résorption');
  await assertAccessible(page);

  await page.goto('/structure/999999');
  await page.getByRole('heading', { level: 1, name: 'Fiche de structure inaccessible' }).waitFor();
  await page.getByRole('button', { name: 'Réessayer' }).waitFor();
  await assertAccessible(page);
  await page.context().close();
});

test('the new screens fit a 320 px wide screen without sideways scrolling', async () => {
  const page = await signedIn('admin@demo.resorption.fr');
  await page.setViewportSize({ width: 320, height: 640 });
  // The header's own links are out of sight on small screens; the menu repeats them.
  await page.getByRole('button', { name: 'Me déconnecter' }).waitFor();
  await page.getByRole('link', { name: 'Administration' }).waitFor();
  for (const [path, heading] of [
    ['/administration/utilisateurs?statut=active', 'Gestion des accès'],
    ['/administration/structures', 'Structures'],
    ['/administration/structures/nouvelle', 'Créer une structure'],
    ['/annuaire', 'Annuaire'],
  ]) {
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.waitForTimeout(200);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `${path} is ${width} px wide`);
  }
  await page.context().close();
});
