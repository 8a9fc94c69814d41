//! Black-box suites live in `http/` (API) and `browser/` (the web app in Chromium).
