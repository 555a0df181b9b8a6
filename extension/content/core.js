// Shared ground for the content scripts: one namespace, the adapter registry and the
// helpers every adapter uses. Content scripts are classic scripts (no modules), so they
// meet on this one object in the extension's isolated world.
'use strict';

globalThis.Poortwachter = globalThis.Poortwachter || (() => {
  const adapters = [];

  /** Words on a publish control, in the platforms' Dutch and English interfaces. */
  const PUBLISH_WORDS = ['delen', 'share', 'posten', 'post', 'publiceren', 'publish', 'plaatsen', 'tweet', 'tweeten', 'alles posten', 'post all', 'nu publiceren', 'publish now', 'nu delen', 'share now'];
  /** Controls that look like publish buttons but only open a composer. */
  const OPENER_SELECTORS = ['a[href]', '[data-testid="SideNav_NewTweet_Button"]'];
  const BUTTON_LIKE = 'button, [role="button"], input[type="submit"], input[type="button"], a[role="link"], a[href]';
  const IMAGE_FILE = /\.(jpe?g|png|webp|gif|heic|heif|avif|bmp)$/i;

  function normalise(text) {
    return (text || '').replace(/\s+/g, ' ').trim().toLowerCase();
  }

  /** The accessible label of a control: aria-label, then its own text, then value. */
  function labelOf(el) {
    return normalise(el.getAttribute('aria-label') || el.innerText || el.textContent || el.value || '');
  }

  /** The event's path through open shadow roots (event.target is only the outermost host). */
  function pathOf(event) {
    const path = event.composedPath ? event.composedPath() : [];
    return path.length ? path : [event.target];
  }

  /** A node's ancestors, self first, crossing from a shadow root to its host. */
  function ancestry(node) {
    const path = [];
    for (let n = node; n; n = n.parentNode || n.host) path.push(n);
    return path;
  }

  /** Every open shadow root under root, root itself first. */
  function rootsUnder(root) {
    const roots = [root];
    for (let i = 0; i < roots.length; i++) {
      const walker = document.createTreeWalker(roots[i], NodeFilter.SHOW_ELEMENT);
      for (let el = walker.nextNode(); el; el = walker.nextNode()) {
        if (el.shadowRoot) roots.push(el.shadowRoot);
      }
    }
    return roots;
  }

  /** querySelectorAll that also searches open shadow roots (LinkedIn's #interop-outlet). */
  function deepQueryAll(selectors, root = document) {
    const selector = [].concat(selectors).join(',');
    const found = [];
    for (const r of rootsUnder(root)) {
      if (r !== root && r.host && r.host.matches && r.host.matches(selector)) found.push(r.host);
      found.push(...r.querySelectorAll(selector));
    }
    if (root instanceof Element && root.matches(selector)) found.unshift(root);
    return [...new Set(found)];
  }

  /** First element of a path that matches one of selectors. */
  function firstInPath(path, selectors) {
    const selector = [].concat(selectors).join(',');
    if (!selector) return null;
    return path.find((n) => n instanceof Element && n.matches(selector)) || null;
  }

  /** Text of a textarea or contenteditable, as the reader sees it. */
  function textOf(el) {
    if (!el) return '';
    if (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT') return el.value;
    return el.innerText || el.textContent || '';
  }

  function dataUrlOf(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }

  function isImageFile(file) {
    return /^image\//.test(file.type) || IMAGE_FILE.test(file.name || '');
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
   * An adapter from its constants: the hosts it runs on, the composer roots, the caption
   * editors, the publish controls (selectors besides the publish words), the attachment
   * previews. Everything is looked up along event paths and through open shadow roots.
   */
  function defineAdapter({
    name, platform, hosts, composers, editors, publish = [], publishWords = PUBLISH_WORDS,
    openers = [], attachments = 'img[src^="blob:"], video[src^="blob:"]', keyPublish = false,
  }) {
    const notPublish = [...OPENER_SELECTORS, ...openers];
    const adapter = {
      name,
      platform,
      matches: (hostname) => hosts.some((h) => hostname === h || hostname.endsWith(`.${h}`)),
      /** The composer an event happened in, or null. */
      composerOf: (path) => firstInPath(path, composers),
      /** The publish control an event path goes through, or null (openers never are one). */
      publishControl(path) {
        if (!adapter.composerOf(path)) return null;
        for (const el of path) {
          if (!(el instanceof Element)) continue;
          if (el.matches(notPublish.join(','))) return null;
          if (publish.length && el.matches(publish.join(','))) return el;
          if (el.matches(BUTTON_LIKE)) return publishWords.includes(labelOf(el)) ? el : null;
        }
        return null;
      },
      findPublish(composer) {
        const candidates = deepQueryAll([BUTTON_LIKE, ...publish], composer);
        return candidates.find((el) => !el.disabled && adapter.publishControl(ancestry(el)) === el) || null;
      },
      editorsIn: (composer) => deepQueryAll(editors, composer).filter((el) => !el.parentElement || !el.parentElement.closest(editors.join(','))),
      isEditor: (path) => keyPublish && !!firstInPath(path, editors) && !!adapter.composerOf(path),
      /** Distinct previews the page shows: what the composer holds now. */
      attachmentCount: (composer) => new Set(deepQueryAll(attachments, composer).map((el) => el.currentSrc || el.src)).size,
    };
    return adapter;
  }

  let queue = Promise.resolve();
  /** Run checks one after another: one overlay at a time, a publish waits for an attach. */
  function serially(task) {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  }

  return {
    adapters,
    serially,
    defineAdapter,
    PUBLISH_WORDS,
    registerAdapter(adapter) { adapters.push(adapter); },
    labelOf, textOf, ask, normalise, pathOf, ancestry, deepQueryAll, firstInPath, isImageFile, dataUrlOf,
  };
})();
