// LinkedIn: the share box lives in the open shadow root of #interop-outlet. Its Quill
// editor (.ql-editor), the media step's file input (#media-editor-file-selector__file-input)
// and "Posten" (button.share-actions__primary-action) are found through the shadow root
// (core.js deepQueryAll; events through composedPath). Photos enter through the media
// step's file input or a drop on it; its "Volgende" returns to the share box.
// Selectors, from (looked up 2026-11-22):
// - a public LinkedIn formatting extension's content script ("LinkedIn DOM structure (April 2026):
//   Post composer: inside Shadow DOM at #interop-outlet → .ql-editor[contenteditable=true]");
// - a public li-publish flow (2026-05-21): the image is set on the hidden input[type=file]
//   inside the composer dialog, the «Add a photo» click is intercepted by the interop-outlet root;
// - issue #9: .share-box-v2__modal, button.share-actions__primary-action, #media-editor-file-selector__file-input.
'use strict';

(() => {
  Poortwachter.registerAdapter(Poortwachter.defineAdapter({
    name: 'LinkedIn',
    platform: 'linkedin',
    hosts: ['linkedin.com'],
    composers: ['.share-box-v2__modal', '[data-test-modal-id="sharebox"]', '.share-box'],
    editors: ['.ql-editor[contenteditable="true"]', 'div[role="textbox"][contenteditable="true"]'],
    publish: ['button.share-actions__primary-action'],
    publishWords: ['posten', 'post', 'plaatsen', 'publiceren', 'publish'],
  }));
})();
