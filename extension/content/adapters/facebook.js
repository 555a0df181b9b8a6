// Facebook, profile and Page: the "Bericht maken" dialog with a Lexical editor, a hidden
// input[type=file][multiple] behind "Foto/video", drop on the dialog and paste in the
// editor. A Page posts in steps: Volgende → Berichtinstellingen (no editor any more) → Posten;
// the caption is remembered from the first step (content/composers.js).
// Selectors, from (looked up 2026-11-22):
// - vader-pepe/snorkel snorkel-service/src/constants/facebook/index.ts: the composer
//   div[role=textbox][data-lexical-editor=true][contenteditable=true], div[aria-label=Post][role=button];
// - dinhbinhnguyen0105/selenium.fb_scraper src/robot/selectors.py: [aria-label='create post' i][role=dialog],
//   [aria-label='photo/video' i][role=button], [aria-label='next' i][role=button], the file input
//   <input accept="image/*,…,video/*" multiple type="file">;
// - a public "Facebook.com Page Knowledge" note (2026): Page flow "Next" → "Post settings" → "Post".
'use strict';

(() => {
  Poortwachter.registerAdapter(Poortwachter.defineAdapter({
    name: 'Facebook',
    platform: 'facebook',
    hosts: ['facebook.com'],
    composers: ['div[role="dialog"]', 'form[method="POST"]'],
    editors: ['[data-lexical-editor="true"]', 'div[role="textbox"][contenteditable="true"]', 'textarea'],
    publish: ['div[role="button"][aria-label="Posten"]', 'div[role="button"][aria-label="Post"]', 'div[role="button"][aria-label="Publiceren"]'],
    publishWords: ['posten', 'post', 'publiceren', 'publish', 'nu publiceren', 'publish now', 'delen', 'share', 'nu delen', 'share now'],
  }));
})();
