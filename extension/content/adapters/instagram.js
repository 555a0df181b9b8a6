// Instagram: the "Nieuw bericht" dialog, four steps (select → crop → bewerken → bijschrift)
// that unmount each other inside one dialog. Photos enter through the dialog's file input
// or a drop on the dialog (Instagram's web composer takes no paste). "Delen" is a
// text-only div[role=button].
// Selectors, from (looked up 2026-11-22):
// - issue #9 (the 2026 DOM as measured by the product owner): form[enctype="multipart/form-data"]
//   input[type=file][multiple], the Lexical caption div[role=textbox][contenteditable], "Delen";
// - public automation code: a "Playbook: Create Instagram Post" (2026, dialog heading
//   "Create new post", "Select from computer", Next → Next → caption → Share) and
//   NotDonCitron/socializer conductor/tracks/instagram_posting_20260103 (crop → filter → share).
'use strict';

(() => {
  Poortwachter.registerAdapter(Poortwachter.defineAdapter({
    name: 'Instagram',
    platform: 'instagram',
    hosts: ['instagram.com'],
    composers: ['div[role="dialog"]'],
    editors: ['div[role="textbox"][contenteditable="true"]', '[contenteditable="true"][aria-label]', 'textarea'],
    publishWords: ['delen', 'share', 'nu delen', 'share now'],
  }));
})();
