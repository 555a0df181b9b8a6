// The backstop at the publish click (or Ctrl/Cmd+Enter in an editor): held in the capture
// phase until the whole draft is checked again — the text of every editor of the composer
// (remembered while it existed) plus the photos that came in through the door. A composer
// that shows photos the door never saw is held and reported, never let through.
'use strict';

(() => {
  const PW = globalThis.Poortwachter;
  let busy = false;
  let passNext = false; // lets exactly one replayed event through

  /** Fire the held action again, on a fresh node if the page re-rendered the old one. */
  function replay(adapter, trigger) {
    const target = trigger.target.isConnected ? trigger.target
      : (trigger.kind === 'key' ? adapter.editorsIn(trigger.composer)[0] : adapter.findPublish(trigger.composer));
    if (!target) throw new Error('de publicatieknop is verdwenen');
    passNext = true;
    try {
      if (trigger.kind === 'key') target.dispatchEvent(new KeyboardEvent('keydown', { ...trigger.init, bubbles: true, cancelable: true, composed: true }));
      else target.click();
    } finally {
      passNext = false;
    }
  }

  async function whenUnchecked(adapter, error) {
    const settings = await PW.ask({ type: 'settings' });
    const mode = settings.ok ? settings.whenUnreachable : 'block';
    const choice = await PW.overlay.ask(PW.views.failureView(error, mode));
    if (choice.action !== 'continue' || mode === 'block') return false;
    await PW.ask({ type: 'localOverride', platform: adapter.platform, reason: choice.reason, kind: error.kind });
    return true;
  }

  /** Findings the user has not answered yet: a warning about a photo let in with a reason is answered. */
  function openFindings(verdict, images) {
    return verdict.findings.filter((f) => f.severity !== 'allow'
      && !(f.severity === 'warn' && Number.isInteger(f.image) && images[f.image] && images[f.image].reason));
  }

  /** A warning answered at the door: the post's check gets the same reason in the audit log. */
  async function reuseReasons(adapter, verdict, images) {
    const reason = [...new Set(images.map((i) => i.reason).filter(Boolean))].join('; ');
    const logged = await PW.ask({ type: 'override', checkId: verdict.id, reason, platform: adapter.platform, decision: verdict.decision });
    return logged.ok || whenUnchecked(adapter, logged.error);
  }

  /** May this draft go out? Never true on an error. */
  async function mayPublish(adapter, draft) {
    if (draft.shown > draft.images.length) {
      await PW.ask({ type: 'report', platform: adapter.platform, what: 'unchecked_images' });
      await PW.overlay.ask(PW.views.uncheckedImagesView(draft.shown - draft.images.length));
      return false;
    }
    PW.overlay.pending();
    // Videos were judged at the door; sending them again would take as long as a first check.
    const photos = draft.images.filter((i) => PW.isImageFile(i.file));
    const files = photos.map((i) => i.file);
    const images = await Promise.all(files.map(async (f) => ({ name: f.name, data: await PW.dataUrlOf(f) })));
    const answer = await PW.ask({ type: 'check', platform: adapter.platform, images, text: draft.texts.join('\n\n') });
    if (!answer.ok) return whenUnchecked(adapter, answer.error);
    const verdict = answer.verdict;
    PW.views.assertAllJudged(verdict, files.length);
    if (verdict.decision === 'allow') return true;
    if (!openFindings(verdict, photos).length) return reuseReasons(adapter, verdict, photos);
    const choice = await PW.overlay.ask(await PW.views.verdictView(verdict, files, { blurredAlready: true }));
    if (choice.action !== 'continue' || verdict.decision !== 'warn') return false;
    PW.overlay.pending();
    const logged = await PW.ask({ type: 'override', checkId: verdict.id, reason: choice.reason, platform: adapter.platform, decision: verdict.decision });
    return logged.ok || whenUnchecked(adapter, logged.error);
  }

  async function run(adapter, trigger) {
    busy = true;
    try {
      const draft = PW.composers.draftOf(adapter, trigger.composer);
      if (!(await mayPublish(adapter, draft))) return;
      PW.overlay.close();
      replay(adapter, trigger);
      PW.composers.forget(draft.composers);
    } catch (error) {
      console.error(`Poortwachter: adapter ${adapter.name} failed`, error);
      await PW.overlay.ask({ ...PW.views.brokenView(adapter.name), intro: `Plaatsen is tegengehouden: ${error.message}` });
    } finally {
      busy = false;
      PW.overlay.closePending();
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

  const fromOverlay = (path) => path.some((n) => n.tagName === 'POORTWACHTER-OVERLAY');

  /** Attach the capture-phase listeners for one adapter; `signal` detaches them. */
  function install(adapter, signal) {
    const remember = (event) => {
      const path = PW.pathOf(event);
      const composer = adapter.composerOf(path);
      if (composer && !fromOverlay(path)) PW.composers.snapshot(adapter, composer);
    };
    const onClick = (event) => {
      const path = PW.pathOf(event);
      if (fromOverlay(path)) return;
      remember(event); // before the page's handler moves on to a step without the editor
      const control = adapter.publishControl(path);
      if (!control || !hold(event) || busy) return;
      PW.serially(() => run(adapter, { kind: 'click', target: control, composer: adapter.composerOf(path) }));
    };
    const onKey = (event) => {
      remember(event);
      if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
      const path = PW.pathOf(event);
      if (fromOverlay(path) || !adapter.isEditor(path)) return;
      if (!hold(event) || busy) return;
      const init = { key: event.key, code: event.code, ctrlKey: event.ctrlKey, metaKey: event.metaKey, shiftKey: event.shiftKey, altKey: event.altKey };
      PW.serially(() => run(adapter, { kind: 'key', target: path[0], init, composer: adapter.composerOf(path) }));
    };
    const options = { capture: true, signal };
    window.addEventListener('click', onClick, options);
    window.addEventListener('keydown', onKey, options);
    for (const type of ['input', 'keyup', 'focusout']) window.addEventListener(type, remember, options);
    setInterval(PW.composers.prune, 60000);
  }

  /** Fail-closed guard for a page whose adapter broke: every publish-looking action is stopped. */
  function installGuard(adapterName) {
    window.addEventListener('click', (event) => {
      const path = PW.pathOf(event);
      const control = path.find((n) => n instanceof Element && n.matches('button, [role="button"], input[type="submit"]'));
      if (!control || !PW.PUBLISH_WORDS.includes(PW.labelOf(control))) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      PW.overlay.ask(PW.views.brokenView(adapterName));
    }, true);
  }

  PW.interceptor = { install, installGuard };
})();
