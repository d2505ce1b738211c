/**
 * The page's style sheet, served from a fingerprinted route. System fonts only (no external
 * font or CDN); colours checked for contrast (text at least 4.5:1 on its background, light and
 * dark); no animation at all when the reader prefers reduced motion.
 */
export const STYLES = `:root {
  color-scheme: light dark;
  --bg: #f6f7f9;
  --card: #ffffff;
  --text: #1b1f24;
  --muted: #4a5361;
  --border: #d5dae1;
  --accent: #0b5cad;
  --live: #b3261e;
  --live-bg: #fde8e6;
  --ok-bg: #e3f0fc;
  --warn: #7a4b00;
  --warn-bg: #fff1d6;
  --off: #4a5361;
  --off-bg: #eceff3;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111418;
    --card: #1b2027;
    --text: #eef1f5;
    --muted: #b4bdc9;
    --border: #333b46;
    --accent: #8cc4ff;
    --live: #ffb4ab;
    --live-bg: #4a1612;
    --ok-bg: #12304f;
    --warn: #ffd58a;
    --warn-bg: #3d2a05;
    --off: #c3cad3;
    --off-bg: #2a3038;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:focus-visible, summary:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; border-radius: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--card); padding: 0.5rem 1rem; z-index: 1; }
.skip:focus { left: 0.5rem; top: 0.5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
header.site { max-width: 60rem; margin: 0 auto; padding: 1.25rem 1rem 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: baseline; justify-content: space-between; }
.brand { font-weight: 700; font-size: 1.1rem; margin: 0; }
.brand a { color: var(--text); text-decoration: none; }
nav.languages ul { display: flex; gap: 0.75rem; list-style: none; margin: 0; padding: 0; }
nav.languages a[aria-current="true"] { font-weight: 700; color: var(--text); text-decoration: none; }
main { max-width: 60rem; margin: 0 auto; padding: 0.5rem 1rem 2rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 1rem 0 0.25rem; }
.intro { color: var(--muted); margin: 0 0 1.5rem; }
.launches { list-style: none; margin: 0; padding: 0; display: grid; gap: 1.25rem; }
.launch { background: var(--card); border: 1px solid var(--border); border-radius: 12px; overflow: hidden; display: grid; grid-template-columns: minmax(0, 1fr); }
.launch img { width: 100%; height: 12rem; object-fit: cover; display: block; background: var(--off-bg); }
@media (min-width: 44rem) {
  .launch.has-image { grid-template-columns: 16rem minmax(0, 1fr); }
  .launch.has-image img { height: 100%; min-height: 12rem; }
}
.launch .body { padding: 1rem 1.25rem 1.25rem; }
.launch h2 { font-size: 1.35rem; line-height: 1.25; margin: 0.5rem 0 0.5rem; }
.launch h2 a { color: var(--text); text-decoration: none; }
.launch h2 a:hover { text-decoration: underline; }
.badge { display: inline-block; font-size: 0.8rem; font-weight: 700; letter-spacing: 0.02em; text-transform: uppercase; padding: 0.15rem 0.6rem; border-radius: 999px; background: var(--ok-bg); color: var(--accent); }
.badge-live { background: var(--live-bg); color: var(--live); }
.badge-live::before { content: ""; display: inline-block; width: 0.55em; height: 0.55em; margin-right: 0.4em; border-radius: 50%; background: currentColor; vertical-align: 0.05em; animation: pulse 1.6s ease-in-out infinite; }
.badge-postponed { background: var(--warn-bg); color: var(--warn); }
.badge-cancelled, .badge-ended { background: var(--off-bg); color: var(--off); }
.launch[data-state="cancelled"] h2 { text-decoration: line-through; text-decoration-thickness: 2px; }
.countdown { color: var(--accent); font-size: 1.4rem; font-weight: 700; font-variant-numeric: tabular-nums; margin: 0.25rem 0 0.5rem; }
.when { margin: 0.25rem 0; }
.when time { font-weight: 600; }
.reader-time, .where { color: var(--muted); margin: 0.15rem 0; }
.note { margin: 0.5rem 0; font-weight: 600; }
.description { margin: 0.75rem 0; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; list-style: none; margin: 0.75rem 0 0; padding: 0; }
.actions a { display: inline-block; padding: 0.15rem 0; }
.links { margin: 0.5rem 0 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; }
h3 { font-size: 0.95rem; margin: 1rem 0 0; color: var(--muted); }
.follow-all { margin-top: 2rem; padding: 1rem 1.25rem; border: 1px dashed var(--border); border-radius: 12px; }
.follow-all h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
.follow-all code { word-break: break-all; background: var(--off-bg); padding: 0.1rem 0.3rem; border-radius: 4px; }
footer.site { max-width: 60rem; margin: 0 auto; padding: 0 1rem 2rem; color: var(--muted); font-size: 0.9rem; }
@keyframes pulse { 0%, 100% { opacity: 1; } 50% { opacity: 0.3; } }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; scroll-behavior: auto !important; }
}
`;

/** A small clock face as the site's icon (SVG, no external file). */
export const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="#0b5cad"/><path d="M16 8v8l6 4" stroke="#fff" stroke-width="3" stroke-linecap="round" fill="none"/></svg>`;
