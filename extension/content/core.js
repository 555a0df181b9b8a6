// Shared ground for the content scripts: one namespace, the adapter registry and the
// helpers every adapter uses. Content scripts are classic scripts (no modules), so they
// meet on this one object in the extension's isolated world.
'use strict';

globalThis.Poortwachter = globalThis.Poortwachter || (() => {
  const adapters = [];

  /** Words on a publish control, in the platforms' Dutch and English interfaces. */
  const PUBLISH_WORDS = ['delen', 'share', 'posten', 'post', 'publiceren', 'publish', 'plaatsen', 'tweet', 'tweeten', 'alles posten', 'post all', 'nu publiceren', 'publish now', 'nu delen', 'share now'];

  function normalise(text) {
    return (text || '').replace(/\s+/g, ' ').trim().toLowerCase();
  }

  /** The accessible label of a control: aria-label, then its own text, then value. */
  function labelOf(el) {
    return normalise(el.getAttribute('aria-label') || el.innerText || el.textContent || el.value || '');
  }

  /** Nearest button-like ancestor (or self) whose label is one of words. */
  function closestControl(target, { selectors, words = PUBLISH_WORDS, within } = {}) {
    let el = target instanceof Element ? target : target && target.parentElement;
    for (; el && el !== document.documentElement; el = el.parentElement) {
      if (within && !el.closest(within)) return null;
      const buttonLike = el.matches('button, [role="button"], input[type="submit"], input[type="button"], a[role="link"]');
      if (selectors && selectors.some((s) => el.matches(s))) return el;
      if (buttonLike) return words.includes(labelOf(el)) ? el : null;
    }
    return null;
  }

  /** First visible, enabled control on the page that closestControl would accept. */
  function findControl(options = {}) {
    const candidates = document.querySelectorAll(['button, [role="button"], input[type="submit"]', ...(options.selectors || [])].join(','));
    for (const el of candidates) {
      if (el.disabled || el.getAttribute('aria-disabled') === 'true') continue;
      if (closestControl(el, options) === el) return el;
    }
    return null;
  }

  /** Text of a textarea or contenteditable, as the reader sees it. */
  function textOf(el) {
    if (!el) return '';
    if ('value' in el && (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT')) return el.value;
    return el.innerText || el.textContent || '';
  }

  /** Caption: the first of selectors that exists and has text, else the focused editor. */
  function findCaption(selectors) {
    for (const selector of selectors) {
      for (const el of document.querySelectorAll(selector)) {
        if (textOf(el).trim()) return textOf(el);
      }
    }
    const active = document.activeElement;
    if (active && (active.isContentEditable || active.tagName === 'TEXTAREA')) return textOf(active);
    return '';
  }

  /** Ask the background; resolves with its answer or a failure object, never rejects. */
  function ask(message) {
    return new Promise((resolve) => {
      try {
        chrome.runtime.sendMessage(message, (answer) => {
          if (chrome.runtime.lastError || !answer) {
            resolve({ ok: false, error: { kind: 'internal', message: 'De extensie kon de achtergrond niet bereiken. Herlaad de pagina.' } });
          } else {
            resolve(answer);
          }
        });
      } catch (error) {
        // The extension was reloaded under this page: its old scripts have no runtime any more.
        resolve({ ok: false, error: { kind: 'internal', message: 'De extensie is bijgewerkt. Herlaad de pagina.' } });
      }
    });
  }

  /**
   * An adapter from its constants: the hosts it runs on, selectors for the publish control
   * (besides the publish words), the caption editors, and the editor for Ctrl/Cmd+Enter.
   */
  function defineAdapter({ name, platform, hosts, publishSelectors = [], publishWords = PUBLISH_WORDS, captionSelectors, editorSelector }) {
    return {
      name,
      platform,
      matches: (hostname) => hosts.some((h) => hostname === h || hostname.endsWith(`.${h}`)),
      publishControl: (target) => closestControl(target, { selectors: publishSelectors, words: publishWords }),
      findPublish: () => findControl({ selectors: publishSelectors, words: publishWords }),
      caption: () => findCaption(captionSelectors),
      isEditor: (target) => target instanceof Element && !!target.closest(editorSelector),
      findEditor: () => document.querySelector(editorSelector),
    };
  }

  return {
    adapters,
    defineAdapter,
    PUBLISH_WORDS,
    registerAdapter(adapter) { adapters.push(adapter); },
    labelOf, closestControl, findControl, findCaption, textOf, ask, normalise,
  };
})();
