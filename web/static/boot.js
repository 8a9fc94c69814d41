// Starts the app. A file rather than an inline script, so that the Content-Security-Policy can
// refuse every inline script.
import init from '/pkg/web.js';
init({ module_or_path: '/pkg/web_bg.wasm' });
