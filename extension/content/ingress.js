// The door: photos are checked where they ENTER the composer, before the page sees them.
// A file input's input/change, a drop and a paste that carry photos are stopped in the
// capture phase (at the window, and at open shadow roots for `change`, which does not
// leave them), checked once per attach, and the page gets only what may be published:
// the same files, their safe copies, or nothing. Videos too (content/videos.js carries
// them to the service in pieces, with the progress on the badge).
'use strict';

(() => {
  const PW = globalThis.Poortwachter;
  const seenFiles = new WeakMap(); // file input → the FileList already gated (input and change are one attach)
  const watchedRoots = new WeakSet();

  const isVideo = (file) => PW.videos.isVideo(file);
  const isGated = (file) => PW.isImageFile(file) || isVideo(file);

  /** Each flagged photo and video replaced by its safe copy, in the order they came. */
  async function safeCopies(verdict, photos, videos) {
    const flagged = (key) => new Set(verdict.findings.filter((f) => f.kind === 'face' && f.severity !== 'allow' && Number.isInteger(f[key])).map((f) => f[key]));
    const photoIndexes = flagged('image');
    const videoIndexes = flagged('video');
    const copies = new Map();
    for (const [index, file] of photos.entries()) {
      if (!photoIndexes.has(index)) continue;
      const answer = await PW.ask({ type: 'safeImage', checkId: verdict.id, index });
      if (!answer.ok) throw new Error(answer.error.message);
      const blob = await (await fetch(answer.data)).blob();
      copies.set(file, new File([blob], file.name.replace(/(\.[^.]*)?$/, '-vervaagd.jpg'), { type: 'image/jpeg', lastModified: Date.now() }));
    }
    for (const [index, file] of videos.entries()) {
      if (videoIndexes.has(index)) copies.set(file, await PW.videos.safeCopy(verdict.id, index, file));
    }
    return copies;
  }

  /** Send photos and videos to the service for one verdict; videos show their upload progress. */
  async function check(adapter, files, badge) {
    const photos = files.filter(PW.isImageFile);
    const videos = files.filter(isVideo);
    const uploads = [];
    for (const [n, video] of videos.entries()) {
      uploads.push(await PW.videos.upload(video, (part) => badge.progress(
        `video ${videos.length > 1 ? `${n + 1} van ${videos.length} ` : ''}${Math.round(100 * part)}%`)));
    }
    if (videos.length) badge.progress('de video wordt bekeken');
    const images = await Promise.all(photos.map(async (f) => ({ name: f.name, data: await PW.dataUrlOf(f) })));
    const answer = await PW.ask({ type: 'check', platform: adapter.platform, images, uploads, text: '' });
    if (!answer.ok) throw PW.videos.failure(answer);
    PW.views.assertAllJudged(answer.verdict, photos.length, videos.length);
    return { verdict: answer.verdict, photos, videos };
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

  /**
   * The verdict on photos and videos, and the user's choice: {files, reason}. A video the
   * service cannot judge (too long, a format it cannot read, a service without video)
   * stays out: fail closed.
   */
  async function decide(adapter, files, badge) {
    let current = files;
    let blurred = false;
    for (;;) {
      let result;
      try {
        result = await check(adapter, current, badge);
      } catch (error) {
        badge.done();
        if (!error.kind) throw error; // ours (a verdict that judged other files than were sent): nothing goes in
        if (error.kind !== 'service' || !current.some(isVideo)) return unchecked(adapter, error, current);
        await PW.overlay.ask(PW.views.videoView(error.message));
        return { files: [] };
      }
      badge.done();
      const { verdict, photos, videos } = result;
      if (verdict.decision === 'allow') return { files: current };
      const choice = await PW.overlay.ask(await PW.views.verdictView(verdict, photos, { blurredAlready: blurred, atDoor: true }));
      if (choice.action === 'blur') {
        PW.overlay.pending('Poortwachter maakt de vervaagde versie…');
        const copies = await safeCopies(verdict, photos, videos);
        current = current.map((file) => copies.get(file) || file);
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
      const { files, reason } = await decide(adapter, gated, badge);
      handed = files;
      PW.composers.addImages(composer, files, { reason });
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
