// The site screens: the map and the list find the demo sites; a site is declared (with an
// error fixed on the way and the nearby-duplicates notice), updated and its history shows it;
// a journal message reaches only its targets; a site is closed; the list is exported; who
// may not update a site does not get the button; the activity feed on the home page. Every
// new screen passes the accessibility scan.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, newPage, signIn, seriousViolations } from './harness.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

async function signedIn(email) {
  const page = await newPage(browser, server);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, email);
  await page.getByRole('heading', { name: /^Bonjour/ }).waitFor();
  return page;
}

async function assertAccessible(page) {
  assert.deepEqual(await seriousViolations(page), []);
}

/// The id of the first site whose name, address or commune matches `text`, as `page`'s user sees it.
async function siteId(page, text, status = 'open') {
  const found = await page.evaluate(async ([q, status]) => {
    const response = await fetch(`/api/sites?status=${status}&q=${encodeURIComponent(q)}`, { headers: { 'X-Requested-With': 'resorption' } });
    return response.json();
  }, [text, status]);
  assert.ok(found.items.length > 0, `no site matching ${text}`);
  return found.items[0].id;
}

test('the map shows every demo site to a national admin, and a marker opens the site', async () => {
  const page = await signedIn('admin@demo.resorption.fr');
  const started = Date.now();
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Carte' }).click();
  await page.locator('.resorption-marker, .resorption-cluster').first().waitFor();
  await page.getByText(/^9 sites existants sur la carte\./).waitFor();
  console.log(`map: the 9 open demo sites shown as markers ${Date.now() - started} ms after opening the map`);
  assert.equal(await page.title(), 'Carte des sites — Résorption');
  // Close sites of Seine-Saint-Denis share a bubble; Toulouse stands alone.
  assert.ok(await page.locator('.resorption-cluster').count() > 0);
  await page.getByRole('link', { name: 'Voir ces sites sous forme de liste' }).waitFor();
  await assertAccessible(page);
  await page.getByRole('button', { name: /Ginestous/ }).click();
  await page.locator('.leaflet-popup').getByText('75 personnes', { exact: false }).waitFor();
  // The panel beside the map says the same in words, with the commune.
  await page.getByRole('region', { name: 'Site sélectionné' }).getByText('Toulouse — Terrain').waitFor();
  await page.locator('.leaflet-popup').getByRole('link', { name: 'Voir la fiche du site' }).click();
  await page.getByRole('heading', { level: 1, name: '10 chemin de Ginestous « Ginestous »' }).waitFor();
  // Closed sites on demand.
  await page.goto('/carte');
  await page.getByText(/^9 sites existants sur la carte\./).waitFor();
  await page.locator('label[for=carte-fermes]').click();
  await page.getByText(/^3 sites fermés sur la carte\./).waitFor();
  await page.locator('.resorption-marker--closed').first().waitFor({ state: 'attached' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the list filters by type and text, keeps its filters in the URL and passes the scan', async () => {
  const page = await signedIn('prefecture.93@demo.resorption.fr');
  await page.getByRole('link', { name: 'Sites', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: /^Sites existants/ }).waitFor();
  // Every site the user may read, then those of a territory of theirs.
  await page.getByText(/^9 sites représentant 563 personnes dont 230 mineurs$/).waitFor();
  await page.getByRole('button', { name: /^Seine-Saint-Denis/ }).click();
  await page.waitForURL(/location_code=93/);
  await page.getByRole('heading', { level: 1, name: /^Sites existants — Seine-Saint-Denis/ }).waitFor();
  await page.getByText(/^4 sites représentant \d+ personnes dont \d+ mineurs$/).waitFor();
  await assertAccessible(page);
  await page.getByText('Filtrer par').click();
  await page.locator('label[for=filtre-field_type-building]').click();
  await page.waitForURL(/field_type=building/);
  await page.getByText(/^1 site représentant 85 personnes dont 32 mineurs$/).waitFor();
  await page.getByRole('link', { name: '40 rue de la Liberté « Pleyel »' }).waitFor();
  await page.locator('label[for=filtre-field_type-building]').click();
  await page.getByText(/^4 sites représentant/).waitFor();
  await page.getByLabel('Rechercher un site par nom, adresse ou commune').fill('roses');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.waitForURL(/q=roses/);
  await page.getByText(/^1 site représentant/).waitFor();
  await page.getByRole('link', { name: '12 chemin des Roses « Les Roses »' }).click();
  await page.getByRole('heading', { level: 1, name: '12 chemin des Roses « Les Roses »' }).waitFor();
  await page.goBack();
  await page.getByText(/^1 site représentant/).waitFor();
  assert.equal(await page.getByLabel('Rechercher un site par nom, adresse ou commune').inputValue(), 'roses');
  // A territory shortcut, then a territory found by name.
  await page.goto('/sites?status=closed');
  await page.getByRole('heading', { level: 1, name: /^Sites fermés/ }).waitFor();
  await page.getByRole('link', { name: '8 rue du Landy' }).waitFor();
  await assertAccessible(page);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a site is declared with an error fixed on the way, then updated, and its history shows the change', async () => {
  const page = await signedIn('prefecture.93@demo.resorption.fr');
  await page.getByRole('link', { name: 'Déclarer un site' }).click();
  await page.getByRole('heading', { level: 1, name: 'Déclarer un nouveau site' }).waitFor();
  await page.locator('#address').fill('14 chemin des Roses 93100 Montreuil');
  await page.locator('#city_code').fill('Montreuil');
  await page.getByRole('button', { name: /^Montreuil \(93\)/ }).click();
  await page.getByText('Commune : Montreuil (93)').waitFor();
  await page.locator('#name').fill('Les Roses Est');
  await page.locator('#latitude').fill('48.8606');
  await page.locator('#longitude').fill('2.4645');
  // Another site lies a few metres away: maybe the same one.
  const notice = page.getByRole('heading', { name: /1 site est déjà enregistré dans un rayon de 500 mètres/ });
  await notice.waitFor();
  await page.getByRole('link', { name: /12 chemin des Roses « Les Roses » \(Montreuil\)/ }).waitFor();
  await assertAccessible(page);
  await page.getByRole('button', { name: 'Étape suivante' }).click();
  await page.getByRole('heading', { name: /Caractéristiques du site/ }).waitFor();
  await page.locator('label[for=field_type-land]').click();
  await page.getByRole('button', { name: 'Étape suivante' }).click();
  await page.locator('#population-total').fill('10');
  await page.locator('#population-minors').fill('12');
  await page.getByRole('button', { name: 'Étape suivante' }).click();
  await page.locator('label[for=living_conditions-water-access_type-robinet_connecte_au_reseau]').click();
  await page.locator('label[for=living_conditions-water-is_public-non]').click();
  // The follow-up questions of a private water point appear only now.
  await page.getByText("L'accès est-il continu ?").waitFor();
  await assertAccessible(page);
  await page.getByRole('button', { name: 'Déclarer le site' }).click();
  // The form opens the step of the first error, next to its field; nothing typed is lost.
  await page.locator('#population-minors-erreur').getByText('Il ne peut y avoir plus de mineurs que de personnes.').waitFor();
  await page.getByRole('heading', { name: /Habitants/ }).waitFor();
  assert.equal(await page.locator('#population-total').inputValue(), '10');
  await page.locator('#population-minors').fill('4');
  await page.getByRole('button', { name: 'Déclarer le site' }).click();
  await page.getByRole('heading', { level: 1, name: '14 chemin des Roses « Les Roses Est »' }).waitFor();
  await page.getByText(/^Déclaration réussie/).waitFor();
  await page.getByRole('cell', { name: '10' }).first().waitFor();

  await page.getByRole('link', { name: 'Mettre à jour', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: /^Mettre à jour le site/ }).waitFor();
  await assertAccessible(page);
  await page.getByRole('button', { name: 'Habitants' }).click();
  await page.locator('#population-total').fill('14');
  await page.getByRole('button', { name: 'Mettre à jour le site' }).click();
  await page.getByText('Mise à jour réussie.').waitFor();
  await page.getByRole('button', { name: "Voir l'historique des modifications" }).click();
  const change = page.locator('.resorption-history li li').filter({ hasText: 'Nombre de personnes' }).first();
  await change.waitFor();
  assert.match(await change.innerText(), /Nombre de personnes : .*10.*→.*14/s);
  await page.getByText(/^Mise à jour — le .* par Julien Lefèvre/).waitFor();
  await assertAccessible(page);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an update made stale by someone else is refused clearly, and unchanged data can be confirmed', async () => {
  const page = await signedIn('prefecture.93@demo.resorption.fr');
  const id = await siteId(page, 'Pleyel');
  await page.goto(`/site/${id}/mise-a-jour`);
  await page.getByRole('heading', { level: 1, name: /^Mettre à jour le site/ }).waitFor();
  // Meanwhile, someone turns the heatwave alert on: the site gets a new version.
  const status = await page.evaluate(async (id) => (await fetch(`/api/sites/${id}/heatwave`, {
    method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'resorption' }, body: JSON.stringify({ heatwave: true }),
  })).status, id);
  assert.equal(status, 200);
  await page.getByRole('button', { name: 'Habitants' }).click();
  await page.locator('#population-total').fill('90');
  await page.getByRole('button', { name: 'Mettre à jour le site' }).click();
  await page.getByRole('heading', { name: "Quelqu'un d'autre a enregistré ce site entre-temps" }).waitFor();
  await page.getByRole('button', { name: 'Recharger le site' }).click();
  // The reloaded form replaces the stale one (and its version) once the site has arrived.
  await page.getByRole('heading', { name: "Quelqu'un d'autre a enregistré ce site entre-temps" }).waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: 'Confirmer que les données sont à jour' }).click();
  await page.getByText('Les données du site sont confirmées à jour.').waitFor();
  await page.getByText('Alerte canicule', { exact: true }).first().waitFor();
  await page.context().close();
});

test('a message for one organization is read by its members only', async () => {
  const author = await signedIn('prefecture.93@demo.resorption.fr');
  const id = await siteId(author, 'Canal');
  await author.goto(`/site/${id}`);
  await author.getByRole('heading', { level: 2, name: /^Journal du site/ }).waitFor();
  const text = 'Distribution de jerricans prévue jeudi, à coordonner avec l\'équipe santé.';
  await author.locator('#message').fill(text);
  await author.locator('label[for=nouveau-tag-conditions_de_vie]').click();
  await author.locator('label[for=visibilite-custom]').click();
  await author.getByLabel('Ajouter une structure').fill('mobile');
  await author.getByRole('button', { name: /^Équipe mobile santé précarité 93/ }).click();
  await author.getByRole('button', { name: 'Retirer Équipe mobile santé précarité 93' }).waitFor();
  await assertAccessible(author);
  await author.getByRole('button', { name: 'Publier le message' }).click();
  await author.getByText(/^Message publié\./).waitFor();
  await author.getByText('Visible par : Équipe mobile santé précarité 93').waitFor();
  await author.context().close();

  const outsider = await signedIn('commune.93@demo.resorption.fr');
  await outsider.goto(`/site/${id}`);
  await outsider.getByRole('heading', { level: 2, name: /^Journal du site/ }).waitFor();
  await outsider.getByText("Point d'étape avant le comité de pilotage").waitFor();
  assert.equal(await outsider.getByText(text).count(), 0);
  await outsider.context().close();

  const target = await signedIn('intervenant.93@demo.resorption.fr');
  await target.goto(`/site/${id}`);
  await target.getByText(text).waitFor();
  assert.deepEqual(target.problems, []);
  await target.context().close();
});

test('actors declare themselves or a colleague, invite someone, leave; a moderator removes a message with a reason', async () => {
  const page = await signedIn('intervenant.93@demo.resorption.fr');
  const id = await siteId(page, 'Canal');
  await page.goto(`/site/${id}#intervenants`);
  await page.getByRole('heading', { name: 'Vous intervenez sur ce site ? Faites-le savoir.' }).waitFor();
  await page.locator('label[for=moi-theme-sante]').click();
  await page.getByRole('button', { name: "J'interviens sur ce site" }).click();
  await page.getByText('Lucie Bernard', { exact: true }).waitFor();
  await page.getByText("Champs d'intervention : Santé").waitFor();
  await page.getByText('Déclarer un ou une collègue sur ce site').click();
  await page.getByLabel('Nom, e-mail ou fonction').fill('Martin');
  await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
  await page.getByRole('button', { name: /^Sophie Martin/ }).click();
  await page.locator('label[for=collegue-theme-logement]').click();
  await page.getByRole('button', { name: 'Déclarer cet intervenant' }).click();
  await page.getByText('Sophie Martin', { exact: true }).waitFor();
  await page.getByText("Inviter par e-mail une personne qui n'a pas de compte").click();
  await page.getByLabel('Adresse e-mail').fill('mediatrice.nouvelle@example.org');
  await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
  await page.getByText('Une invitation a été envoyée à mediatrice.nouvelle@example.org.').waitFor();
  await assertAccessible(page);
  await page.getByRole('button', { name: "Je n'interviens plus sur ce site" }).click();
  await page.getByRole('heading', { name: 'Vous intervenez sur ce site ? Faites-le savoir.' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const moderator = await signedIn('admin.93@demo.resorption.fr');
  await moderator.goto(`/site/${id}`);
  const message = moderator.locator('li').filter({ hasText: "Point d'étape avant le comité de pilotage" }).last();
  await message.getByRole('button', { name: 'Modérer' }).click();
  await message.getByLabel(/^Motif de la suppression/).fill('Message en double.');
  await message.getByRole('button', { name: 'Supprimer le message' }).click();
  await moderator.getByText(/Le message a été supprimé ; son auteur a reçu le motif/).waitFor();
  assert.equal(await moderator.getByText("Point d'étape avant le comité de pilotage").count(), 0);
  await moderator.context().close();
});

test('closing a site moves it to the closed sites', async () => {
  const page = await signedIn('prefecture.93@demo.resorption.fr');
  const id = await siteId(page, 'Saules');
  await page.goto(`/site/${id}`);
  await page.getByRole('link', { name: 'Fermer le site' }).click();
  await page.getByRole('heading', { level: 1, name: 'Fermer le site' }).waitFor();
  await page.getByLabel('Cause de la fermeture').selectOption('other');
  await page.getByRole('button', { name: 'Déclarer la fermeture' }).click();
  // "Autre" needs its context.
  await page.getByText('Précisez le contexte de la fermeture.').first().waitFor();
  await page.getByLabel(/^Contexte de la fermeture/).fill('Incendie du site, familles relogées par la commune.');
  await page.getByLabel('Personnes — Logement').fill('13');
  await page.getByLabel('Ménages — Logement').fill('3');
  // Everyone housed: the form pre-answers "resorbed".
  await page.getByText(/^100 % des habitants sont orientés/).waitFor();
  assert.equal(await page.locator('#resorbe-oui').isChecked(), true);
  await assertAccessible(page);
  await page.getByRole('button', { name: 'Déclarer la fermeture' }).click();
  await page.getByText(/^Le site a bien été déclaré comme fermé/).waitFor();
  await page.getByText('Site résorbé').first().waitFor();
  await page.getByRole('heading', { name: 'Fermeture du site' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Mettre à jour', exact: true }).count(), 0);
  await page.getByRole('link', { name: 'Corriger la fermeture du site' }).click();
  await page.getByRole('heading', { level: 1, name: 'Corriger la fermeture du site' }).waitFor();
  await assertAccessible(page);

  await page.goto('/sites?status=closed');
  await page.getByRole('link', { name: '2 allée des Saules « La Prairie »' }).waitFor();
  await page.goto('/sites');
  await page.getByText(/sites représentant/).waitFor();
  assert.equal(await page.getByRole('link', { name: '2 allée des Saules « La Prairie »' }).count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the list is exported as a spreadsheet', async () => {
  const page = await signedIn('prefecture.93@demo.resorption.fr');
  await page.goto('/sites');
  await page.getByText(/sites représentant/).waitFor();
  await page.getByRole('button', { name: 'Exporter', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Exporter les sites existants' });
  await dialog.waitFor();
  await dialog.locator('label[for=export-living_conditions]').click();
  await assertAccessible(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: /^Exporter les \d+ sites$/ }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^\d{4}-\d{2}-\d{2}-sites-open-resorption\.xlsx$/);
  const saved = path.join(server.dir, download.suggestedFilename());
  await download.saveAs(saved);
  assert.ok(statSync(saved).size > 1000);
  await dialog.getByText(/a été téléchargé/).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('who may not update a site gets no update button', async () => {
  for (const [email, place] of [['observateur.44@demo.resorption.fr', 'Sarrebruck'], ['intervenant.93@demo.resorption.fr', 'Liberté']]) {
    const page = await signedIn(email);
    const id = await siteId(page, place);
    await page.goto(`/site/${id}`);
    await page.getByRole('heading', { level: 2, name: 'Caractéristiques du site' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Mettre à jour', exact: true }).count(), 0, email);
    assert.equal(await page.getByRole('link', { name: 'Fermer le site' }).count(), 0, email);
    await assertAccessible(page);
    await page.context().close();
  }
});

test('the home page shows the latest activity, by kind, with older events on demand', async () => {
  const page = await signedIn('admin.93@demo.resorption.fr');
  await page.getByRole('heading', { level: 2, name: 'Dernières activités' }).waitFor();
  await page.getByRole('link', { name: 'Liste des sites' }).waitFor();
  await page.getByRole('link', { name: 'Déclarer un site' }).waitFor();
  await page.locator('.resorption-entry').first().waitFor();
  await assertAccessible(page);
  await page.locator('label[for=activite-site_comment]').click();
  await page.getByText('Passage sur site ce matin', { exact: false }).first().waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('.resorption-entry .fr-badge')]
    .every((badge) => /nouveau message/i.test(badge.textContent)));
  const kinds = await page.locator('.resorption-entry .fr-badge').allInnerTexts();
  assert.ok(kinds.length > 0 && kinds.every((k) => /nouveau message/i.test(k)), kinds.join(', '));
  await page.locator('label[for=activite-site_comment]').click();
  await page.locator('.resorption-entry .fr-badge').filter({ hasNotText: /nouveau message/i }).first().waitFor();
  const before = await page.locator('.resorption-entry').count();
  await page.getByRole('button', { name: 'Voir plus' }).click();
  await page.waitForFunction((count) => document.querySelectorAll('.resorption-entry').length > count, before);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the site screens fit a 320 px screen', async () => {
  const page = await signedIn('prefecture.93@demo.resorption.fr');
  await page.setViewportSize({ width: 320, height: 640 });
  for (const screen of ['/sites', '/carte', '/site/nouveau']) {
    await page.goto(screen);
    await page.locator('main h1').waitFor();
    await page.waitForTimeout(300);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `${screen} is ${width} px wide`);
  }
  await page.context().close();
});
