// The popup shows the last checks. Only decision, time and platform are kept:
// no image, no caption, no names (the service's audit log is the real record).
'use strict';

const HISTORY_LIMIT = 20;

async function addHistory(entry) {
  const { history = [] } = await chrome.storage.local.get('history');
  history.unshift({ time: new Date().toISOString(), ...entry });
  await chrome.storage.local.set({ history: history.slice(0, HISTORY_LIMIT) });
}

/**
 * A post that went out while the service could not be reached: the reason stays
 * on this computer, because there was no service to log it.
 */
async function addLocalOverride({ platform, reason, kind }) {
  const { localOverrides = [] } = await chrome.storage.local.get('localOverrides');
  localOverrides.unshift({ time: new Date().toISOString(), platform, reason, kind });
  await chrome.storage.local.set({ localOverrides: localOverrides.slice(0, 200) });
  await addHistory({ platform, decision: 'unchecked', override: true });
}
