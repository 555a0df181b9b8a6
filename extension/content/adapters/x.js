// X (formerly Twitter): the tweet composer, inline on the timeline or in a dialog.
// Ctrl/Cmd+Enter in the editor posts too.
'use strict';

(() => {
  const PUBLISH_SELECTORS = ['[data-testid="tweetButton"]', '[data-testid="tweetButtonInline"]'];
  const CAPTION_SELECTORS = ['[data-testid^="tweetTextarea_"][contenteditable="true"]', '[role="textbox"][contenteditable="true"]', 'textarea'];
  const EDITOR = '[data-testid^="tweetTextarea_"], [role="textbox"][contenteditable="true"], textarea';

  Poortwachter.registerAdapter(Poortwachter.defineAdapter({
    name: 'X',
    platform: 'x',
    hosts: ['x.com', 'twitter.com'],
    publishSelectors: PUBLISH_SELECTORS,
    publishWords: ['posten', 'post', 'alles posten', 'post all', 'tweet', 'tweeten', 'plaatsen'],
    captionSelectors: CAPTION_SELECTORS,
    editorSelector: EDITOR,
  }));
})();
