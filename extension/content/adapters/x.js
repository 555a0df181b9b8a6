// X: the composer inline on the timeline and in the /compose/post dialog, with threads
// (tweetTextarea_0, tweetTextarea_1, …, each a Draft.js editor). Photos enter through
// input[data-testid=fileInput], a drop, or a paste in an editor. Ctrl/Cmd+Enter posts.
// The sidebar "Posten" link (SideNav_NewTweet_Button, a[href="/compose/post"]) only opens
// a composer: it is no publish control.
// Selectors, from (looked up 2026-11-22):
// - balajimalathi/auto-commenter .claude/skills/twitter-commenter/resources/playwriter_snippets.md
//   ("tested against X.com as of early 2026"): data-testid tweetTextarea_0, tweetButton;
// - forge-builder/roger-base-eth.github.io x-post.js: goto x.com/compose/post, tweetTextarea_0, tweetButton;
// - glaucia86/demos-playwright-e2e demo-02/tweet.js: tweetButtonInline, .public-DraftStyleDefault-ltr.
'use strict';

(() => {
  Poortwachter.registerAdapter(Poortwachter.defineAdapter({
    name: 'X',
    platform: 'x',
    hosts: ['x.com', 'twitter.com'],
    composers: ['div[role="dialog"]', '[data-testid="primaryColumn"]'],
    editors: ['[data-testid^="tweetTextarea_"][contenteditable="true"]', '[data-testid^="tweetTextarea_"] [contenteditable="true"]'],
    publish: ['[data-testid="tweetButton"]', '[data-testid="tweetButtonInline"]'],
    publishWords: ['posten', 'post', 'alles posten', 'post all', 'tweet', 'tweeten'],
    openers: ['[data-testid="SideNav_NewTweet_Button"]', 'a[href="/compose/post"]'],
    keyPublish: true,
  }));
})();
