// Facebook pages and Meta Business Suite (business.facebook.com): the "Bericht maken"
// composer. Its publish control is a div[role=button] labelled Posten/Publiceren.
'use strict';

(() => {
  const PUBLISH_SELECTORS = ['div[role="button"][aria-label="Posten"]', 'div[role="button"][aria-label="Publiceren"]'];
  const CAPTION_SELECTORS = [
    '[role="dialog"] [contenteditable="true"][role="textbox"]',
    '[contenteditable="true"][role="textbox"]',
    '[contenteditable="true"]',
    'textarea',
  ];
  const EDITOR = '[contenteditable="true"], textarea';

  Poortwachter.registerAdapter(Poortwachter.defineAdapter({
    name: 'Facebook',
    platform: 'facebook',
    hosts: ['facebook.com'], // also business.facebook.com (Meta Business Suite)
    publishSelectors: PUBLISH_SELECTORS,
    publishWords: ['posten', 'post', 'publiceren', 'publish', 'nu publiceren', 'publish now', 'delen', 'share', 'nu delen', 'share now', 'plaatsen'],
    captionSelectors: CAPTION_SELECTORS,
    editorSelector: EDITOR,
  }));
})();
