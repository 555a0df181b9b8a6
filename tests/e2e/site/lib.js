// A tiny React-like runtime for the fixture platforms. What matters to the extension is
// copied from how the real sites behave, not their looks:
// - one listener per event type at the app's root (React 17+ delegation), handlers looked
//   up along the event's path;
// - every state change re-renders the tree: buttons are new nodes after each keystroke;
//   only nodes kept by key (editors, dialogs) survive, as React reconciles them;
// - editors that own their text: Lexical and Draft.js take beforeinput and paint the DOM
//   themselves (nested <p><span>), so no `input` event fires; Quill lets the browser edit;
// - the app publishes from its own state (the files it was handed, the editor models) and
//   sends what it published to the test server: image bytes and caption.
const handlers = new WeakMap();
const TYPES = ['click', 'input', 'change', 'drop', 'dragover', 'dragenter', 'paste', 'keydown', 'beforeinput'];

/** Create an element; on* props are delegated handlers, other props attributes. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  const own = {};
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) own[key.slice(2).toLowerCase()] = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'hidden') el.hidden = true;
    else el.setAttribute(key, value === true ? '' : value);
  }
  handlers.set(el, own);
  el.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/**
 * Mount view(app) into container with root delegation. app.render() rebuilds the whole
 * tree (a step changed, a photo came or went); app.refresh() rebuilds only the parts made
 * with app.live(fn) (buttons, counters), which happens on every keystroke: the publish
 * control is a new node each time, the editor (built by render) keeps focus.
 */
export function createApp(container, initialState, view) {
  let lives = [];
  const app = {
    state: initialState,
    set(patch) { Object.assign(app.state, patch); app.render(); },
    live(fn) {
      const slot = h('div', { style: 'display: contents' }, fn());
      lives.push([slot, fn]);
      return slot;
    },
    render() {
      lives = [];
      container.replaceChildren(...[].concat(view(app)).filter(Boolean));
      document.body.dataset.attachments = String(app.attachmentCount ? app.attachmentCount() : 0);
    },
    refresh() {
      lives = lives.filter(([slot]) => slot.isConnected);
      for (const [slot, fn] of lives) slot.replaceChildren(...[].concat(fn()).filter(Boolean));
    },
  };
  for (const type of TYPES) {
    container.addEventListener(type, (event) => {
      for (const node of event.composedPath()) {
        if (node === container) break;
        const own = handlers.get(node);
        if (own && own[type]) own[type](event);
        if (event.cancelBubble) break;
      }
    });
  }
  return app;
}

function paintBlocks(el, text, kind) {
  const lines = text.split('\n');
  el.replaceChildren(...lines.map((line) => {
    if (kind === 'draft') {
      return h('div', { 'data-block': 'true' }, h('div', { class: 'public-DraftStyleDefault-block public-DraftStyleDefault-ltr' },
        h('span', {}, line ? h('span', { 'data-text': 'true', text: line }) : h('br'))));
    }
    return h('p', { dir: 'ltr' }, line ? h('span', { 'data-lexical-text': 'true', text: line }) : h('br'));
  }));
  const range = document.createRange();
  range.selectNodeContents(el);
  range.collapse(false);
  const selection = (el.getRootNode().getSelection ? el.getRootNode() : document).getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

/**
 * An editor that owns its model, like Lexical ('lexical') or Draft.js ('draft'): typing
 * arrives as beforeinput, is cancelled, and the editor paints the text itself.
 */
export function modelEditor(kind, { text = '', onChange, ...attrs }) {
  let model = text;
  const el = h('div', {
    contenteditable: 'true', role: 'textbox', spellcheck: 'true', ...attrs,
    ...(kind === 'lexical' ? { 'data-lexical-editor': 'true' } : { class: 'public-DraftEditor-content' }),
    onBeforeinput(event) {
      event.preventDefault();
      if (event.inputType === 'insertText' && event.data) model += event.data;
      else if (event.inputType === 'insertParagraph' || event.inputType === 'insertLineBreak') model += '\n';
      else if (event.inputType === 'deleteContentBackward') model = model.slice(0, -1);
      else return;
      paintBlocks(el, model, kind);
      onChange(model);
    },
  });
  paintBlocks(el, model, kind);
  if (kind === 'lexical') return el;
  return h('div', { class: 'DraftEditor-root' }, h('div', { class: 'DraftEditor-editorContainer' }, el));
}

/** A Quill-like editor: the browser edits the DOM, the model is read on input. */
export function quillEditor({ text = '', onChange, ...attrs }) {
  const el = h('div', {
    class: 'ql-editor', contenteditable: 'true', role: 'textbox', ...attrs,
    onInput() { onChange(el.innerText.replace(/\n$/, '')); },
  }, ...(text || '').split('\n').map((line) => h('p', {}, line || h('br'))));
  return h('div', { class: 'ql-container' }, el);
}

const urls = new WeakMap();
/** Previews of the attached files (blob: URLs, as the real composers show them), each removable. */
export function attachmentList(files, onRemove, attrs = {}) {
  return h('div', { class: 'attachments', ...attrs }, files.map((file, index) => {
    if (!urls.has(file)) urls.set(file, URL.createObjectURL(file));
    return h('div', { class: 'attachment' },
      h('img', { src: urls.get(file), alt: '' }),
      h('div', { role: 'button', tabindex: '0', 'aria-label': 'Foto verwijderen', class: 'remove', text: '×', onClick: () => onRemove(index) }));
  }));
}

/** What a drop or paste carries, as the real composers take it. */
export const filesOf = (transfer) => [...((transfer && transfer.files) || [])];

function base64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Send what the page published to the test server: posts [{text, files}]. */
export async function publish(platform, posts) {
  const images = [];
  for (const post of posts) {
    for (const file of post.files) images.push({ name: file.name, type: file.type, data: base64(new Uint8Array(await file.arrayBuffer())) });
  }
  const response = await fetch('/published', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      platform, caption: posts.map((p) => p.text).filter(Boolean).join('\n\n'), images,
      posts: posts.map((p) => ({ text: p.text, images: p.files.length })),
    }),
  });
  document.body.dataset.published = String(Number(document.body.dataset.published || 0) + 1);
  return response.ok;
}

/** A way in the extension does not know (tests call it): the app takes a file directly. */
export function exposeUnseenPath(add) {
  window.addEventListener('message', async (event) => {
    if (event.data && event.data.fixtureUnseenFile) {
      const { name, base64: data } = event.data.fixtureUnseenFile;
      add([new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type: 'image/jpeg' })]);
    }
  });
}

/** Refresh now and then, as a live app does: the node the user clicked goes stale. */
export function liveRefresh(app, ms = 400) {
  setInterval(() => app.refresh(), ms);
}
