// Any other site the user switched on in the options (a school website's CMS, a school
// app's web editor). It knows no selectors: the whole page is the composer, every
// editor is a caption, and the publish words find the control.
'use strict';

(() => {
  Poortwachter.registerAdapter({
    ...Poortwachter.defineAdapter({
      name: 'algemene module',
      platform: 'generic',
      hosts: [],
      composers: ['form', 'body'],
      editors: ['[contenteditable="true"]', 'textarea'],
    }),
    generic: true,
    matches: () => true, // only injected where the user switched it on
  });
})();
