// Any other site the user switched on in the options (a school website's CMS, a school
// app's web editor). It knows no selectors: the publish words and the focused editor.
'use strict';

(() => {
  const CAPTION_SELECTORS = ['[contenteditable="true"]', 'textarea'];
  const EDITOR = '[contenteditable="true"], textarea';

  Poortwachter.registerAdapter({
    ...Poortwachter.defineAdapter({
      name: 'algemene module',
      platform: 'generic',
      hosts: [],
      captionSelectors: CAPTION_SELECTORS,
      editorSelector: EDITOR,
    }),
    generic: true,
    matches: () => true, // only injected where the user switched it on
  });
})();
