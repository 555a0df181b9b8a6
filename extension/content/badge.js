// A small "Poortwachter controleert…" badge near the composer while photos are checked
// at the door; with a progress figure for large files. Closed shadow root, like the overlay.
'use strict';

(() => {
  const PW = globalThis.Poortwachter;
  const STYLE = `
    :host { all: initial; }
    div { position: fixed; z-index: 2147483646; background: #1a1a1a; color: #fff; border-radius: 14px;
      padding: 5px 12px; font: 13px/1.3 system-ui, sans-serif; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
  `;

  /** Show the badge at the top right of anchor; returns {progress(text), done()}. */
  function show(anchor) {
    const host = document.createElement('poortwachter-badge');
    const root = host.attachShadow({ mode: 'closed' });
    const label = document.createElement('div');
    label.setAttribute('role', 'status');
    label.textContent = 'Poortwachter controleert…';
    const rect = anchor && anchor.getBoundingClientRect ? anchor.getBoundingClientRect() : null;
    const top = rect && rect.height ? Math.max(8, rect.top + 8) : 16;
    const right = rect && rect.width ? Math.max(8, window.innerWidth - rect.right + 8) : 16;
    label.style.top = `${top}px`;
    label.style.right = `${right}px`;
    const style = document.createElement('style');
    style.textContent = STYLE;
    root.append(style, label);
    (document.body || document.documentElement).appendChild(host);
    return {
      progress(text) { label.textContent = `Poortwachter controleert… ${text}`; },
      done() { host.remove(); },
    };
  }

  PW.badge = { show };
})();
