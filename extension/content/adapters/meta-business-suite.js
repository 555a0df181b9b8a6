// Meta Business Suite (business.facebook.com/latest/composer): a full-page composer, not
// a dialog, for a Page's Facebook and Instagram post at once. Photos enter through "Foto
// toevoegen" → "Uploaden vanaf computer" (a file input) or a drop on the media area.
// Registered before facebook.js: the manager takes the first adapter whose host matches.
// Selectors, from (looked up 2026-11-22): Meta's help pages on creating a post in Business
// Suite ("Bericht maken", "Foto toevoegen", "Publiceren" / "Nu publiceren"); no public
// automation code for the 2026 composer was found, so the selectors are the roles and
// labels, not class names.
'use strict';

(() => {
  Poortwachter.registerAdapter(Poortwachter.defineAdapter({
    name: 'Meta Business Suite',
    platform: 'facebook',
    hosts: ['business.facebook.com'],
    composers: ['[role="dialog"]', 'form[aria-label]', '[role="main"]'],
    editors: ['[data-lexical-editor="true"]', 'div[role="textbox"][contenteditable="true"]', 'textarea'],
    publish: ['div[role="button"][aria-label="Publiceren"]', 'div[role="button"][aria-label="Publish"]'],
    publishWords: ['publiceren', 'publish', 'nu publiceren', 'publish now', 'posten', 'post', 'delen', 'share'],
  }));
})();
