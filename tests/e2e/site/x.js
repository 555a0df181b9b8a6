// X: the inline composer on /home and the /compose/post dialog with a thread
// (tweetTextarea_0, _1, …, Draft.js editors), each post with its own photos. Photos come
// through input[data-testid=fileInput], a drop on the composer or a paste in an editor;
// Ctrl+Enter posts. The sidebar "Posten" link only opens the dialog.
import { h, createApp, modelEditor, attachmentList, filesOf, publish, exposeUnseenPath, liveRefresh } from '/lib.js';

const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime';
const fresh = () => ({ text: '', files: [] });
const app = createApp(document.getElementById('mount'), {
  dialog: location.pathname === '/compose/post', inline: fresh(), thread: [fresh()], active: 0,
}, view);
const posts = () => (app.state.dialog ? app.state.thread : [app.state.inline]);
app.attachmentCount = () => posts().reduce((n, p) => n + p.files.length, 0);
const activePost = () => posts()[app.state.dialog ? app.state.active : 0];
const add = (files) => { if (files.length) { activePost().files.push(...files); app.render(); } };

async function send() {
  const list = posts().filter((p) => p.text || p.files.length);
  if (!list.length) return;
  await publish(app.state.dialog ? 'x-thread' : 'x', list);
  if (app.state.dialog) { app.state.thread = [fresh()]; app.state.active = 0; app.state.dialog = false; history.pushState({}, '', '/home'); } else app.state.inline = fresh();
  app.render();
}

function editorFor(post, index) {
  return modelEditor('draft', {
    text: post.text, 'data-testid': `tweetTextarea_${index}`, 'aria-label': 'Posttekst',
    onChange: (t) => { post.text = t; app.refresh(); },
    onKeydown: (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(); } },
    onPaste: (e) => { const files = filesOf(e.clipboardData); if (files.length) { e.preventDefault(); app.state.active = index; add(files); } },
  });
}

function composer(list, buttonTestid) {
  let input;
  return h('div', {
    class: 'composer', onDragover: (e) => e.preventDefault(), onDrop: (e) => { e.preventDefault(); add(filesOf(e.dataTransfer)); },
  },
  list.map((post, index) => h('div', { class: 'thread-item', onClick: () => { app.state.active = index; } },
    editorFor(post, index),
    attachmentList(post.files, (i) => { post.files.splice(i, 1); app.render(); }, { 'data-testid': 'attachments' }))),
  h('div', { 'data-testid': 'toolBar' },
    input = h('input', { type: 'file', multiple: true, accept: ACCEPT, 'data-testid': 'fileInput', hidden: true, onChange: (e) => { add([...e.target.files]); e.target.value = ''; } }),
    h('button', { type: 'button', 'aria-label': 'Media toevoegen', text: 'Media', onClick: () => input.click() }),
    app.state.dialog ? h('button', { type: 'button', 'data-testid': 'addButton', 'aria-label': 'Bericht toevoegen', text: '+', onClick: () => { app.state.thread.push(fresh()); app.state.active = app.state.thread.length - 1; app.render(); } }) : null,
    app.live(() => h('button', { type: 'button', 'data-testid': buttonTestid, text: list.length > 1 ? 'Alles posten' : 'Posten', onClick: send }))));
}

function view() {
  const { state } = app;
  return [
    h('header', { role: 'banner' }, h('a', {
      href: '/compose/post', role: 'link', 'data-testid': 'SideNav_NewTweet_Button', 'aria-label': 'Posten', text: 'Posten',
      onClick: (e) => { e.preventDefault(); history.pushState({}, '', '/compose/post'); app.set({ dialog: true }); },
    })),
    h('div', { 'data-testid': 'primaryColumn' }, h('h2', { text: 'Voor jou' }), composer([state.inline], 'tweetButtonInline')),
    state.dialog ? h('div', { role: 'dialog', 'aria-labelledby': 'modal-header' }, h('h2', { id: 'modal-header', text: 'Bericht opstellen' }), composer(state.thread, 'tweetButton')) : null,
  ];
}

exposeUnseenPath(add);
liveRefresh(app);
app.render();
