// Picks the adapter for this site and starts it in its own try/catch. A broken adapter
// must not let a post through unchecked: it leaves a guard that stops every publish.
'use strict';

(() => {
  const PW = globalThis.Poortwachter;
  if (PW.started) return; // injected twice (manifest and run-time registration): start once
  PW.started = true;

  const hostname = location.hostname;
  const adapter = PW.adapters.find((a) => !a.generic && a.matches(hostname)) || PW.adapters.find((a) => a.generic);
  if (!adapter) return;
  try {
    const { signal } = new AbortController();
    PW.ingress.install(adapter, signal);
    PW.interceptor.install(adapter, signal);
  } catch (error) {
    console.error(`Poortwachter: adapter ${adapter.name} failed to start`, error);
    PW.interceptor.installGuard(adapter.name);
  }
})();
