// LinkedIn: the share box ("Bijdrage maken"), a Quill editor; "Posten"/"Plaatsen" publishes.
'use strict';

(() => {
  const PUBLISH_SELECTORS = ['button.share-actions__primary-action'];
  const CAPTION_SELECTORS = ['.share-creation-state .ql-editor[contenteditable="true"]', '.ql-editor[contenteditable="true"]', '[role="textbox"][contenteditable="true"]', 'textarea'];
  const EDITOR = '.ql-editor, [role="textbox"][contenteditable="true"], textarea';

  Poortwachter.registerAdapter(Poortwachter.defineAdapter({
    name: 'LinkedIn',
    platform: 'linkedin',
    hosts: ['linkedin.com'],
    publishSelectors: PUBLISH_SELECTORS,
    publishWords: ['posten', 'post', 'plaatsen', 'publiceren', 'publish', 'delen', 'share'],
    captionSelectors: CAPTION_SELECTORS,
    editorSelector: EDITOR,
  }));
})();
