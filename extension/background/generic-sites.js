// Sites other than the four platforms are checked only where the user switched the
// generic adapter on (options page); their content scripts are registered at run time.
'use strict';

const CONTENT_FILES = [
  'content/core.js', 'content/composers.js', 'content/handover.js', 'content/badge.js', 'content/overlay.js',
  'content/thumbnails.js', 'content/verdict-view.js', 'content/videos.js', 'content/ingress.js', 'content/interceptor.js',
  'content/adapters/generic.js', 'content/manager.js',
];

function scriptIdFor(origin) {
  return `generic:${origin}`;
}

/** Make the registered scripts match the settings (and the permissions the user granted). */
async function syncGenericSites() {
  const { genericSites = [] } = await chrome.storage.local.get('genericSites');
  const registered = await chrome.scripting.getRegisteredContentScripts();
  const stale = registered.filter((s) => s.id.startsWith('generic:')).map((s) => s.id);
  if (stale.length) await chrome.scripting.unregisterContentScripts({ ids: stale });
  for (const site of genericSites) {
    const matches = [`${site.origin}/*`];
    if (!(await chrome.permissions.contains({ origins: matches }))) continue;
    await chrome.scripting.registerContentScripts([{
      id: scriptIdFor(site.origin), matches, js: CONTENT_FILES, runAt: 'document_start', allFrames: true,
    }]);
  }
}
