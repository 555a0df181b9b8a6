// Holds a publish action (click on the publish control, or Ctrl/Cmd+Enter in the
// composer) in the capture phase, before the page's own handlers see it, until the
// verdict is in. Then: allow → the action is replayed once; warn → only with a reason;
// block → stopped, with the option to swap in the safe copy and check again.
'use strict';

(() => {
  const PW = globalThis.Poortwachter;
  let busy = false;
  let passNext = false; // lets exactly one replayed event through

  function fileToDataUrl(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }

  async function collectDraft(adapter) {
    const staged = PW.staging.staged();
    const text = adapter.caption();
    const images = await Promise.all(staged.map(async ({ file }) => ({ name: file.name, data: await fileToDataUrl(file) })));
    return { staged, text, images };
  }

  /** Fire the held action again, on a fresh node if the page re-rendered the old one. */
  function replay(adapter, trigger) {
    PW.staging.clear();
    if (trigger.kind === 'key') {
      const target = trigger.target.isConnected ? trigger.target : adapter.findEditor();
      if (!target) throw new Error('editor is gone');
      passNext = true;
      target.dispatchEvent(new KeyboardEvent('keydown', { ...trigger.init, bubbles: true, cancelable: true, composed: true }));
    } else {
      const control = trigger.target.isConnected ? trigger.target : adapter.findPublish();
      if (!control) throw new Error('publish control is gone');
      passNext = true;
      control.click();
    }
    passNext = false;
  }

  async function swapInSafeCopies(verdict, staged) {
    const indexes = new Set(verdict.findings.filter((f) => f.kind === 'face' && f.severity !== 'allow').map((f) => f.image));
    const replacements = [];
    for (const index of indexes) {
      const answer = await PW.ask({ type: 'safeImage', checkId: verdict.id, index });
      if (!answer.ok) throw Object.assign(new Error(answer.error.message), { kind: answer.error.kind });
      const blob = await (await fetch(answer.data)).blob();
      const original = staged[index];
      const name = original.file.name.replace(/(\.[^.]*)?$/, '-vervaagd.jpg');
      replacements.push({ key: original.key, position: original.position, file: new File([blob], name, { type: 'image/jpeg' }) });
    }
    PW.staging.replace(replacements);
  }

  async function onUnchecked(adapter, trigger, error) {
    const settings = await PW.ask({ type: 'settings' });
    const mode = settings.ok ? settings.whenUnreachable : 'block';
    const choice = await PW.overlay.ask(PW.views.failureView(error, mode));
    if (choice.action !== 'continue' || mode === 'block') return;
    await PW.ask({ type: 'localOverride', platform: adapter.platform, reason: choice.reason, kind: error.kind });
    replay(adapter, trigger);
  }

  /** The whole check of one held action; never lets it through on an error. */
  async function run(adapter, trigger) {
    busy = true;
    let blurred = false;
    try {
      for (;;) {
        PW.overlay.pending();
        let draft;
        try {
          draft = await collectDraft(adapter);
        } catch (error) {
          console.error(`Poortwachter: adapter ${adapter.name} failed`, error);
          await PW.overlay.ask(PW.views.brokenView(adapter.name));
          return;
        }
        const answer = await PW.ask({ type: 'check', platform: adapter.platform, images: draft.images, text: draft.text });
        if (!answer.ok) return await onUnchecked(adapter, trigger, answer.error);
        const verdict = answer.verdict;
        if (verdict.decision === 'allow') {
          PW.overlay.close();
          return replay(adapter, trigger);
        }
        const choice = await PW.overlay.ask(await PW.views.verdictView(verdict, draft.staged, { blurredAlready: blurred }));
        if (choice.action === 'cancel') return;
        if (choice.action === 'blur') {
          PW.overlay.pending();
          await swapInSafeCopies(verdict, draft.staged);
          blurred = true;
          continue; // check the draft again, now with the safe copy in it
        }
        if (verdict.decision !== 'warn') return; // a block never continues
        PW.overlay.pending();
        const logged = await PW.ask({ type: 'override', checkId: verdict.id, reason: choice.reason, platform: adapter.platform, decision: verdict.decision });
        if (!logged.ok) return await onUnchecked(adapter, trigger, logged.error);
        PW.overlay.close();
        return replay(adapter, trigger);
      }
    } catch (error) {
      console.error('Poortwachter: check failed', error);
      await PW.overlay.ask({ ...PW.views.brokenView(adapter.name), intro: `Plaatsen is tegengehouden: ${error.message}` });
    } finally {
      busy = false;
    }
  }

  /** Take the event away from the page; returns false when it is ours to let through. */
  function hold(event) {
    if (passNext) {
      passNext = false;
      return false;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    return true;
  }

  /** Attach the capture-phase listeners for one adapter; `signal` detaches them. */
  function install(adapter, signal) {
    const onClick = (event) => {
      if (event.target && event.target.tagName === 'POORTWACHTER-OVERLAY') return;
      const control = adapter.publishControl(event.target);
      if (!control) return;
      if (!hold(event) || busy) return;
      run(adapter, { kind: 'click', target: control });
    };
    const onKey = (event) => {
      if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
      if (event.target && event.target.tagName === 'POORTWACHTER-OVERLAY') return;
      if (!adapter.isEditor(event.target)) return;
      if (!hold(event) || busy) return;
      const init = { key: event.key, code: event.code, ctrlKey: event.ctrlKey, metaKey: event.metaKey, shiftKey: event.shiftKey, altKey: event.altKey };
      run(adapter, { kind: 'key', target: event.target, init });
    };
    window.addEventListener('click', onClick, { capture: true, signal });
    window.addEventListener('keydown', onKey, { capture: true, signal });
  }

  /** Fail-closed guard for a page whose adapter broke: every publish-looking action is stopped. */
  function installGuard(adapterName) {
    window.addEventListener('click', (event) => {
      if (!PW.closestControl(event.target)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      PW.overlay.ask(PW.views.brokenView(adapterName));
    }, true);
  }

  PW.interceptor = { install, installGuard };
})();
