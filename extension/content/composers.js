// What each composer holds, as far as Poortwachter let it in: the photos handed over at
// the door (with their verdict) and the text of every editor, remembered while the editor
// existed. Multi-step composers unmount the caption editor before the final click
// (Facebook Page: Volgende → Berichtinstellingen → Posten), so the publish check reads it
// from here.
'use strict';

(() => {
  const PW = globalThis.Poortwachter;
  const sessions = new Map(); // composer element → {texts: Map(editor → text), images: [], touched}
  const STALE_MS = 30 * 60 * 1000;

  function sessionFor(composer) {
    if (!sessions.has(composer)) sessions.set(composer, { texts: new Map(), images: [], touched: Date.now() });
    const session = sessions.get(composer);
    session.touched = Date.now();
    return session;
  }

  /** Remember the text of every editor of the composer, as it is now. */
  function snapshot(adapter, composer) {
    const session = sessionFor(composer);
    for (const editor of adapter.editorsIn(composer)) session.texts.set(editor, PW.textOf(editor));
    return session;
  }

  /** The composer an attach belongs to: where it happened, else the one last used. */
  function composerForAttach(adapter, path) {
    const here = adapter.composerOf(path);
    if (here) return here;
    let latest = null;
    for (const [composer, session] of sessions) {
      if (composer.isConnected && (!latest || session.touched > sessions.get(latest).touched)) latest = composer;
    }
    return latest || document.documentElement;
  }

  /**
   * Photos that went through the door into this composer, with the reason the user gave
   * for them there ('' when they needed none).
   */
  function addImages(composer, files, { reason = '' } = {}) {
    sessionFor(composer).images.push(...files.map((file) => ({ file, reason })));
  }

  /**
   * Everything the publish click must check for this composer: its own session plus those
   * of composers that were replaced by a later step (disconnected, used recently).
   */
  function draftOf(adapter, composer) {
    snapshot(adapter, composer);
    const now = Date.now();
    const included = [...sessions].filter(([c, s]) => c === composer || (!c.isConnected && now - s.touched < STALE_MS)
      || c === document.documentElement);
    const live = new Set(adapter.editorsIn(composer));
    const texts = [];
    let images = [];
    for (const [c, session] of included) {
      for (const [editor, text] of session.texts) {
        const current = live.has(editor) ? PW.textOf(editor) : text;
        if (current.trim()) texts.push(current.trim());
      }
      images = images.concat(session.images);
    }
    const shown = adapter.attachmentCount(composer);
    // A composer that shows no photo any more holds none: the user removed them.
    if (shown === 0) images = [];
    return { texts, images, shown, composers: included.map(([c]) => c) };
  }

  /** After the post went out (or the composer was closed), its records go. */
  function forget(composers) {
    for (const c of composers) sessions.delete(c);
  }

  /** Drop what belongs to composers that are long gone. */
  function prune() {
    const now = Date.now();
    for (const [c, s] of sessions) if (!c.isConnected && now - s.touched > STALE_MS) sessions.delete(c);
  }

  PW.composers = { snapshot, composerForAttach, addImages, draftOf, forget, prune };
})();
