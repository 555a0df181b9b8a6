// Message router: content scripts, the options page and the popup ask; the background
// calls the service. Every answer is {ok: true, ...} or {ok: false, error: {kind, message}}.
'use strict';

const HANDLERS = {
  async check(msg, sender) {
    const settings = await getSettings();
    const site = siteFor(sender, settings);
    const verdict = await checkDraft({
      images: msg.images, uploads: msg.uploads, text: msg.text, channel: site.channel,
      account: settings.accounts[msg.platform] || 'school',
    });
    await addHistory({ platform: msg.platform, decision: verdict.decision });
    return { verdict };
  },
  async safeImage(msg) {
    return { data: await fetchSafeImage(msg.checkId, msg.index) };
  },
  async uploadStart(msg) {
    return { upload: await startUpload(msg.size, msg.name) };
  },
  async uploadPiece(msg) {
    return putPiece(msg.id, msg.offset, msg.data);
  },
  async safeVideo(msg) {
    return { video: await fetchSafeVideo(msg.checkId, msg.index) };
  },
  async safeVideoPiece(msg) {
    return { data: await safeVideoPiece(msg.key, msg.offset, msg.length) };
  },
  async override(msg) {
    await callService(`/checks/${encodeURIComponent(msg.checkId)}/override`, { method: 'POST', json: { reason: msg.reason } });
    await addHistory({ platform: msg.platform, decision: msg.decision, override: true });
    return {};
  },
  /** Something the user could not get checked (photos the door never saw): kept in the history. */
  async report(msg) {
    await addHistory({ platform: msg.platform, decision: msg.what });
    return {};
  },
  async localOverride(msg) {
    await addLocalOverride(msg);
    return {};
  },
  async settings() {
    const settings = await getSettings();
    return { whenUnreachable: settings.whenUnreachable };
  },
  async health() {
    return { health: await callService('/health') };
  },
  async pair(msg) {
    return pair(msg.code, msg.name);
  },
  async syncGenericSites() {
    await syncGenericSites();
    return {};
  },
};

/** Channel for the page that asks: the four platforms are social media; generic sites say their own. */
function siteFor(sender, settings) {
  const origin = sender && sender.origin ? sender.origin : (sender && sender.url ? new URL(sender.url).origin : '');
  const generic = settings.genericSites.find((s) => s.origin === origin);
  return { channel: generic ? generic.channel : 'social_media' };
}

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  const handler = HANDLERS[msg && msg.type];
  if (!handler) return false;
  handler(msg, sender)
    .then((result) => sendResponse({ ok: true, ...result }))
    .catch((error) => sendResponse({ ok: false, error: { kind: error.kind || 'internal', message: error.message, status: error.status || 0 } }));
  return true; // answer asynchronously
});

chrome.runtime.onInstalled.addListener(() => syncGenericSites().catch(() => {}));
chrome.runtime.onStartup.addListener(() => syncGenericSites().catch(() => {}));
