// Instagram: the "Nieuw bericht" dialog. Photos come in through a hidden file input
// (or are dropped on the dialog); the caption is a contenteditable; "Delen" publishes.
'use strict';

(() => {
  const PUBLISH_SELECTORS = ['[role="dialog"] div[role="button"][tabindex="0"][aria-label="Delen"]'];
  const CAPTION_SELECTORS = [
    '[role="dialog"] [contenteditable="true"][aria-label]',
    '[role="dialog"] [contenteditable="true"]',
    '[role="dialog"] textarea',
    '[contenteditable="true"]',
    'textarea',
  ];
  const EDITOR = '[contenteditable="true"], textarea';

  Poortwachter.registerAdapter(Poortwachter.defineAdapter({
    name: 'Instagram',
    platform: 'instagram',
    hosts: ['instagram.com'],
    publishSelectors: PUBLISH_SELECTORS,
    publishWords: ['delen', 'share', 'nu delen', 'share now', 'plaatsen', 'posten', 'post'],
    captionSelectors: CAPTION_SELECTORS,
    editorSelector: EDITOR,
  }));
})();
