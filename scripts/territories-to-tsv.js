// Reads decoupage-administratif JSON files and prints the compact TSV that the server loads.
// Only metropolitan France and the five overseas départements (DROM) are kept: the collectivités
// d'outre-mer are outside the national policy on slums.
// Lines: V version | R code name overseas | D code name region | E code name kind deps(,)
//        | C code name departement region epci main population
'use strict';
const fs = require('fs');
const path = require('path');
const [dataDir, version] = process.argv.slice(2);
const read = (file) => JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8'));
const kept = (item) => item.zone === 'metro' || item.zone === 'drom';
const clean = (text) => String(text).replace(/[\t\n]/g, ' ');

const regions = read('regions.json').filter(kept);
const departements = read('departements.json').filter(kept);
const communes = read('communes.json').filter(kept)
  .filter((c) => c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal');
const epcis = read('epci.json');

const communeByCode = new Map(communes.map((c) => [c.code, c]));
const epciOfCommune = new Map();
const lines = [`V\t@etalab/decoupage-administratif@${version}`];
for (const r of regions) lines.push(['R', r.code, clean(r.nom), r.zone === 'drom' ? 1 : 0].join('\t'));
for (const d of departements) lines.push(['D', d.code, clean(d.nom), d.region].join('\t'));
for (const e of epcis) {
  const deps = new Set();
  for (const m of e.membres) {
    const commune = communeByCode.get(m.code);
    if (!commune) continue;
    epciOfCommune.set(m.code, e.code);
    deps.add(commune.departement);
  }
  if (deps.size === 0) continue;
  lines.push(['E', e.code, clean(e.nom), e.type, [...deps].sort().join(',')].join('\t'));
}
const sorted = [...communes].sort((a, b) => (a.type === b.type ? a.code.localeCompare(b.code) : a.type === 'commune-actuelle' ? -1 : 1));
for (const c of sorted) {
  const main = c.type === 'arrondissement-municipal' ? c.commune : '';
  const epci = epciOfCommune.get(main || c.code) || '';
  lines.push(['C', c.code, clean(c.nom), c.departement, c.region, epci, main, c.population ?? ''].join('\t'));
}
process.stdout.write(lines.join('\n') + '\n');
