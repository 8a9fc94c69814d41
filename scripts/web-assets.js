// Copies into web/dist/vendor only the parts of the State design system (DSFR) and of Leaflet
// that the app uses: core styles, the listed components, the icons named in the app's code
// (and those the styles themselves refer to), the Marianne fonts (woff2).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const dsfr = path.join(root, 'node_modules/@gouvfr/dsfr/dist');
const out = path.join(root, 'web/dist/vendor');
const COMPONENTS = [
  'link', 'button', 'form', 'input', 'select', 'checkbox', 'radio', 'toggle', 'alert', 'notice', 'badge', 'tag',
  'card', 'tile', 'table', 'tab', 'modal', 'navigation', 'header', 'footer', 'logo', 'breadcrumb', 'pagination',
  'skiplink', 'sidemenu', 'accordion', 'search', 'stepper', 'callout', 'password', 'segmented', 'summary', 'tooltip',
];

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

const appSource = walk(path.join(root, 'web/src')).filter((f) => f.endsWith('.rs'))
  .map((f) => fs.readFileSync(f, 'utf8')).join('\n');
const usedIcons = new Set(appSource.match(/fr-icon-[a-z0-9-]+/g) || []);
const iconRules = fs.readFileSync(path.join(dsfr, 'utility/icons/icons.min.css'), 'utf8');

let css = fs.readFileSync(path.join(dsfr, 'core/core.min.css'), 'utf8');
for (const component of COMPONENTS) {
  const file = path.join(dsfr, `component/${component}/${component}.min.css`);
  css += '\n' + fs.readFileSync(file, 'utf8').replace(/\.\.\/\.\.\/icons\//g, '../icons/');
}
for (const icon of usedIcons) {
  const rule = new RegExp(`\\.${icon}:after,\\.${icon}:before\\{-webkit-mask-image:url\\([^)]*\\);mask-image:url\\([^)]*\\)\\}`);
  const found = iconRules.match(rule);
  if (!found) throw new Error(`unknown DSFR icon ${icon}`);
  css += '\n' + found[0].replace(/\.\.\/\.\.\/icons\//g, '../icons/');
}
// Keep only the woff2 fonts: every browser the app supports reads them.
css = css.replace(/,url\(\.\.\/fonts\/[^)]*\.woff\) format\("woff"\)/g, '');

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'dsfr/css'), { recursive: true });
fs.writeFileSync(path.join(out, 'dsfr/css/dsfr.css'), css);
const referenced = new Set([...css.matchAll(/url\(\.\.\/((?:icons|fonts)\/[^)"']+)\)/g)].map((m) => m[1]));
for (const file of referenced) {
  const source = path.join(dsfr, file);
  if (!fs.existsSync(source)) continue;
  fs.mkdirSync(path.dirname(path.join(out, 'dsfr', file)), { recursive: true });
  fs.copyFileSync(source, path.join(out, 'dsfr', file));
}
fs.copyFileSync(path.join(dsfr, '../LICENSE.md'), path.join(out, 'dsfr/LICENSE.md'));

const leaflet = path.join(root, 'node_modules/leaflet/dist');
const cluster = path.join(root, 'node_modules/leaflet.markercluster/dist');
fs.mkdirSync(path.join(out, 'leaflet'), { recursive: true });
for (const [dir, file] of [[leaflet, 'leaflet.js'], [leaflet, 'leaflet.css'], [cluster, 'leaflet.markercluster.js'],
  [cluster, 'MarkerCluster.css'], [cluster, 'MarkerCluster.Default.css']]) {
  fs.copyFileSync(path.join(dir, file), path.join(out, 'leaflet', file));
}
console.log(`vendor assets: ${COMPONENTS.length} DSFR components, ${usedIcons.size} icons, ${referenced.size} files`);
