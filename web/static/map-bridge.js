// The app's only hand-written JavaScript: Leaflet behind a few functions that the Rust code
// calls through wasm-bindgen. Leaflet and its clustering plugin are loaded on the first map,
// so that pages without a map never download them.

const VENDOR = '/vendor/leaflet/';
const FRANCE = [[41.3, -5.2], [51.1, 9.6]];
let loading = null;

function addScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`impossible de charger ${src}`));
    document.head.appendChild(script);
  });
}

function addStyle(href) {
  if (document.querySelector(`link[href="${href}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  document.head.appendChild(link);
}

function loadLeaflet() {
  if (!loading) {
    ['leaflet.css', 'MarkerCluster.css'].forEach((file) => addStyle(VENDOR + file));
    loading = addScript(VENDOR + 'leaflet.js').then(() => addScript(VENDOR + 'leaflet.markercluster.js'));
  }
  return loading;
}

function escape(text) {
  const span = document.createElement('span');
  span.textContent = text == null ? '' : String(text);
  return span.innerHTML;
}

function people(count) {
  if (count == null) return 'Nombre de personnes inconnu';
  return count === 1 ? '1 personne' : `${count} personnes`;
}

function clusterIcon(cluster) {
  const count = cluster.getChildCount();
  const size = count < 10 ? 36 : count < 100 ? 44 : 52;
  return L.divIcon({
    html: `<span>${count}<span class="fr-sr-only"> sites, zoomer</span></span>`,
    className: 'resorption-cluster',
    iconSize: [size, size],
  });
}

/// A map in `element`, on France, with tiles when a URL template is given (blank otherwise).
export async function createMap(element, tileUrl, clustered) {
  await loadLeaflet();
  // Without tiles nothing sets the zoom range, which the clustering needs.
  const map = L.map(element, { zoomControl: false, scrollWheelZoom: clustered, minZoom: 2, maxZoom: 19 });
  L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer' }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19, attribution: '© contributeurs OpenStreetMap' }).addTo(map);
  map.fitBounds(FRANCE);
  const layer = clustered
    ? L.markerClusterGroup({ iconCreateFunction: clusterIcon, showCoverageOnHover: false, maxClusterRadius: 50 })
    : L.layerGroup();
  layer.addTo(map);
  return { map, layer, point: null };
}

/// Draws the sites of a GeoJSON FeatureCollection (text), coloured by field type (`colors`:
/// JSON object code → colour), and fits the view to them when `fit`. `onSelect(id)` runs when
/// a site is opened. Returns how many sites are drawn.
export function setSites(handle, geojson, colors, fit, onSelect) {
  const { map, layer } = handle;
  const palette = JSON.parse(colors);
  const features = JSON.parse(geojson).features || [];
  layer.clearLayers();
  const markers = features.map((feature) => {
    const [lon, lat] = feature.geometry.coordinates;
    const p = feature.properties || {};
    const closed = p.status && p.status !== 'open';
    const states = ['resorption-marker'];
    if (closed) states.push('resorption-marker--closed');
    if (p.heatwave) states.push('resorption-marker--heatwave');
    const color = closed ? '#6a6a6a' : (palette[p.field_type] || '#666666');
    const notes = [people(p.population)];
    if (p.heatwave) notes.push('alerte canicule');
    if (closed) notes.push('site fermé');
    const marker = L.marker([lat, lon], {
      title: `${p.name} — ${notes.join(', ')}`,
      icon: L.divIcon({
        className: states.join(' '),
        html: `<span style="background-color:${color}"></span>`,
        iconSize: [22, 22],
      }),
    });
    marker.bindPopup(
      `<p class="fr-text--bold fr-mb-1v">${escape(p.name)}</p>`
      + `<p class="fr-mb-1v">${escape(notes.join(' — '))}</p>`
      + `<a class="fr-link" href="/site/${feature.id}">Voir la fiche du site</a>`,
    );
    marker.on('click', () => onSelect(feature.id));
    return marker;
  });
  if (layer.addLayers) layer.addLayers(markers);
  else markers.forEach((marker) => layer.addLayer(marker));
  if (fit && markers.length > 0) {
    map.fitBounds(L.latLngBounds(markers.map((m) => m.getLatLng())), { padding: [30, 30], maxZoom: 14 });
  }
  return markers.length;
}

/// Fits the view to the sites of a GeoJSON FeatureCollection (text) without drawing them;
/// shows France when there is none.
export function fitSites(handle, geojson) {
  const points = (JSON.parse(geojson).features || []).map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
  if (points.length === 0) handle.map.fitBounds(FRANCE);
  else handle.map.fitBounds(L.latLngBounds(points), { padding: [30, 30], maxZoom: 14 });
}

/// Shows France.
export function showFrance(handle) {
  handle.map.fitBounds(FRANCE);
}

/// Puts the site being declared at a point (moving the view there when `center`).
export function setPoint(handle, lat, lon, center) {
  const { map } = handle;
  if (!handle.point) {
    handle.point = L.marker([lat, lon], {
      title: 'Position du site',
      icon: L.divIcon({ className: 'resorption-marker resorption-marker--point', html: '<span></span>', iconSize: [26, 26] }),
    }).addTo(map);
  } else {
    handle.point.setLatLng([lat, lon]);
  }
  if (center) map.setView([lat, lon], Math.max(map.getZoom(), 15));
}

/// Runs `onClick(lat, lon)` when the user clicks the map.
export function onMapClick(handle, onClick) {
  handle.map.on('click', (event) => onClick(event.latlng.lat, event.latlng.lng));
}

export function removeMap(handle) {
  handle.map.remove();
}
