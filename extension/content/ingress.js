// The door: photos are checked where they ENTER the composer, before the page sees them.
// A file input's input/change, a drop and a paste that carry photos are stopped in the
// capture phase (at the window, and at open shadow roots for `change`, which does not
// leave them), checked once per attach, and the page gets only what may be published:
// the same files, their safe copies, or nothing.
'use strict';

(() => {
  const PW = globalThis.Poortwachter;
  const VIDEO_FILE = /\.(mp4|m4v|mov|webm|mkv|avi)$/i;
  const seenFiles = new WeakMap(); // file input → the FileList already gated (input and change are one attach)
  const watchedRoots = new WeakSet();

  const isVideo = (file) => /^video\//.test(file.type) || VIDEO_FILE.test(file.name || '');
  const isGated = (file) => PW.isImageFile(file) || isVideo(file);

  async function safeCopies(verdict, files) {
    const flagged = new Set(verdict.findings.filter((f) => f.kind === 'face' && f.severity !== 'allow').map((f) => f.image));
    return Promise.all(files.map(async (file, index) => {
      if (!flagged.has(index)) return file;
      const answer = await PW.ask({ type: 'safeImage', checkId: verdict.id, index });
      if (!answer.ok) throw new Error(answer.error.message);
      const blob = await (await fetch(answer.data)).blob();
      return new File([blob], file.name.replace(/(\.[^.]*)?$/, '-vervaagd.jpg'), { type: 'image/jpeg', lastModified: Date.now() });
    }));
  }

  /** No verdict: the school's setting decides whether the user may go on, with a reason. */
  async function unchecked(adapter, error, files) {
    const settings = await PW.ask({ type: 'settings' });
    const mode = settings.ok ? settings.whenUnreachable : 'block';
    const choice = await PW.overlay.ask(PW.views.failureView(error, mode, { atDoor: true }));
    if (choice.action !== 'continue' || mode === 'block') return { files: [] };
    await PW.ask({ type: 'localOverride', platform: adapter.platform, reason: choice.reason, kind: error.kind });
    return { files, reason: choice.reason };
  }

  /** The verdict on photos, and the user's choice: {files, reason}. */
  async function decide(adapter, files, badge) {
    let current = files;
    let blurred = false;
    for (;;) {
      const images = await Promise.all(current.map(async (f) => ({ name: f.name, data: await PW.dataUrlOf(f) })));
      const answer = await PW.ask({ type: 'check', platform: adapter.platform, images, text: '' });
      badge.done();
      if (!answer.ok) return unchecked(adapter, answer.error, current);
      const verdict = answer.verdict;
      PW.views.assertAllJudged(verdict, current.length);
      if (verdict.decision === 'allow') return { files: current };
      const choice = await PW.overlay.ask(await PW.views.verdictView(verdict, current, { blurredAlready: blurred, atDoor: true }));
      if (choice.action === 'blur') {
        PW.overlay.pending('Poortwachter maakt de vervaagde versie…');
        current = await safeCopies(verdict, current);
        blurred = true;
        continue; // the safe copies are checked too before the page gets them
      }
      if (choice.action !== 'continue' || verdict.decision !== 'warn') return { files: [] };
      const logged = await PW.ask({ type: 'override', checkId: verdict.id, reason: choice.reason, platform: adapter.platform, decision: verdict.decision });
      if (!logged.ok) return unchecked(adapter, logged.error, current);
      PW.overlay.close();
      return { files: current, reason: choice.reason };
    }
  }

  /** One attach: check the photos in it together, then hand the page what may go in. */
  async function gate(adapter, attach) {
    const composer = PW.composers.composerForAttach(adapter, attach.path);
    const gated = attach.files.filter(isGated);
    const badge = PW.badge.show(composer);
    let handed = [];
    try {
      if (gated.some(isVideo)) {
        badge.done();
        await PW.overlay.ask(PW.views.videoView());
      } else {
        const { files, reason } = await decide(adapter, gated, badge);
        handed = files;
        PW.composers.addImages(composer, files, { reason });
      }
      PW.handover.handOver(attach, [...attach.files.filter((f) => !isGated(f)), ...handed]);
    } catch (error) {
      console.error('Poortwachter: photo check failed', error);
      PW.handover.handOver(attach, []);
      await PW.overlay.ask({ ...PW.views.brokenView(adapter.name), intro: `De foto is niet toegevoegd: ${error.message}` });
    } finally {
      badge.done();
      PW.overlay.closePending();
    }
  }

  function take(event) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  function start(adapter, attach) {
    PW.serially(() => gate(adapter, attach));
  }

  /** input and change of a file input: one attach per new FileList. */
  function onFileEvent(adapter, event) {
    if (PW.handover.isHanding()) return;
    const path = PW.pathOf(event);
    const input = path[0];
    if (!(input instanceof HTMLInputElement) || input.type !== 'file') return;
    watchRoot(adapter, input.getRootNode());
    const files = [...(input.files || [])];
    if (!files.some(isGated)) return;
    event.stopImmediatePropagation();
    if (seenFiles.get(input) === input.files) return;
    seenFiles.set(input, input.files);
    start(adapter, { kind: 'input', target: input, path, files });
  }

  function onTransfer(adapter, event, transfer, kind) {
    if (PW.handover.isHanding() || !transfer) return;
    const files = [...(transfer.files || [])];
    if (!files.some(isGated)) return;
    take(event);
    const path = PW.pathOf(event);
    const strings = kind === 'paste' ? ['text/plain', 'text/html'].map((type) => ({ type, data: transfer.getData(type) })).filter((s) => s.data) : [];
    start(adapter, { kind, target: path[0], path, files, strings });
  }

  /** `change` does not leave a shadow root: listen at every open root we come across. */
  function watchRoot(adapter, root) {
    if (!(root instanceof ShadowRoot) || watchedRoots.has(root)) return;
    watchedRoots.add(root);
    root.addEventListener('change', (event) => onFileEvent(adapter, event), true);
  }

  function install(adapter, signal) {
    const options = { capture: true, signal };
    window.addEventListener('input', (event) => onFileEvent(adapter, event), options);
    window.addEventListener('change', (event) => onFileEvent(adapter, event), options);
    window.addEventListener('drop', (event) => onTransfer(adapter, event, event.dataTransfer, 'drop'), options);
    window.addEventListener('paste', (event) => onTransfer(adapter, event, event.clipboardData, 'paste'), options);
    // Any composed event from inside a shadow root shows us that root before a file arrives.
    for (const type of ['pointerdown', 'focusin', 'keydown', 'dragenter']) {
      window.addEventListener(type, (event) => {
        for (const node of PW.pathOf(event)) if (node instanceof ShadowRoot) watchRoot(adapter, node);
      }, options);
    }
  }

  PW.ingress = { install };
})();
