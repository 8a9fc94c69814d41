// The actions seen from the site screens: an action created on two sites shows in the
// "Actions" section of each site's page, and the list's "Actions" filter keeps the sites with
// (or without) an action the user reads. The new section passes the accessibility scan.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

/// A call to the API from `page`, with its session, as the app makes it.
async function api(page, method, url, body) {
  return page.evaluate(async ([method, url, body]) => {
    const headers = { 'X-Requested-With': 'resorption' };
    if (body !== null) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, { method, headers, body: body === null ? undefined : JSON.stringify(body) });
    return { status: response.status, json: await response.json().catch(() => null) };
  }, [method, url, body ?? null]);
}

/// The id of the first open site whose name, address or commune matches `text`.
async function siteId(page, text) {
  const found = await api(page, 'GET', `/api/sites?q=${encodeURIComponent(text)}`);
  assert.ok(found.json.items.length > 0, `no site matching ${text}`);
  return found.json.items[0].id;
}

/// The id of a demo user, from the directory.
async function userId(page, email) {
  const directory = await api(page, 'GET', '/api/directory');
  const member = directory.json.flatMap((organization) => organization.members).find((m) => m.email === email);
  assert.ok(member, `no ${email} in the directory`);
  return member.id;
}

test('an action created on two sites shows in the "Actions" section of both site pages', async () => {
  const page = await signedIn('prefecture.93@demo.resorption.fr');
  const prairie = await siteId(page, 'Saules');
  const pleyel = await siteId(page, 'Pleyel');
  await page.goto(`/site/${prairie}`);
  const section = page.getByRole('region', { name: 'Actions' });
  await section.getByText("Aucune action n'est menée sur ce site.").waitFor();

  const me = await api(page, 'GET', '/api/me');
  const name = 'Médiation scolaire à La Prairie et à Pleyel';
  const created = await api(page, 'POST', '/api/actions', {
    name,
    started_at: '2025-09-01',
    ended_at: null,
    topics: ['school'],
    goals: 'Inscrire chaque enfant des deux sites à l\'école et l\'accompagner jusqu\'à la rentrée.',
    departement_code: '93',
    location_type: 'sur_site',
    site_ids: [prairie, pleyel],
    pilots: [me.json.id],
    operators: [await userId(page, 'asso.93@demo.resorption.fr')],
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));

  await page.goto(`/site/${prairie}`);
  await section.getByText(name).waitFor();
  await section.getByText('depuis le 01/09/2025 — Éducation et scolarisation').waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await page.goto(`/site/${pleyel}`);
  await section.getByText(name).waitFor();
  // Pleyel also has the demo action, listed after the newer one.
  const demo = 'Accès aux soins et scolarisation aux Roses et à Pleyel';
  await section.getByText(demo).waitFor();
  const names = await section.locator('li strong').allInnerTexts();
  assert.deepEqual(names, [name, demo]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the list filter "Actions" keeps the sites with, or without, an action', async () => {
  const page = await signedIn('prefecture.93@demo.resorption.fr');
  const withAction = (await api(page, 'GET', '/api/sites?has_action=true')).json.total;
  const withoutAction = (await api(page, 'GET', '/api/sites?has_action=false')).json.total;
  assert.ok(withAction > 0 && withoutAction > 0, `${withAction} with, ${withoutAction} without`);
  await page.goto('/sites');
  await page.getByText(/^9 sites représentant/).waitFor();
  await page.getByText('Filtrer par').click();
  await page.locator('label[for=filtre-has_action-true]').click();
  await page.waitForURL(/has_action=true/);
  await page.getByText(new RegExp(`^${withAction} sites? représentant`)).waitFor();
  await page.getByRole('link', { name: '12 chemin des Roses « Les Roses »' }).waitFor();
  assert.equal(await page.getByRole('link', { name: '5 route des Milles « Les Milles »' }).count(), 0);
  await page.locator('label[for=filtre-has_action-false]').click();
  await page.waitForURL(/has_action=false/);
  await page.getByText(new RegExp(`^${withoutAction} sites? représentant`)).waitFor();
  await page.getByRole('link', { name: '5 route des Milles « Les Milles »' }).waitFor();
  assert.equal(await page.getByRole('link', { name: '12 chemin des Roses « Les Roses »' }).count(), 0);
  await page.locator('label[for=filtre-has_action-tous]').click();
  await page.getByText(/^9 sites représentant/).waitFor();
  assert.ok(!page.url().includes('has_action'), page.url());
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
