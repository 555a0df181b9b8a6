// Facebook's "Bericht maken" dialog: a Lexical editor, photos appended through the hidden
// input behind "Foto/video", a drop on the dialog or a paste in the editor. On a Page
// (path /page) posting takes steps: Volgende → Berichtinstellingen (the editor is gone) → Posten.
import { h, createApp, modelEditor, attachmentList, filesOf, publish, exposeUnseenPath, liveRefresh } from '/lib.js';

const ACCEPT = 'image/*,image/heif,image/heic,video/*,video/mp4,video/x-m4v,video/x-matroska,.mkv';
const pageFlow = location.pathname.startsWith('/page');
const app = createApp(document.getElementById('mount'), { open: false, step: 'compose', files: [], caption: '' }, view);
app.attachmentCount = () => app.state.files.length;
const add = (files) => { if (files.length) app.set({ files: app.state.files.concat(files) }); };
const remove = (i) => app.set({ files: app.state.files.filter((_, k) => k !== i) });
const roleButton = (label, onClick) => h('div', { role: 'button', tabindex: '0', 'aria-label': label, text: label, onClick });

async function post() {
  await publish(pageFlow ? 'facebook-page' : 'facebook', [{ text: app.state.caption, files: app.state.files }]);
  app.set({ open: false, step: 'compose', files: [], caption: '' });
}

function compose() {
  const { state } = app;
  let input;
  return [
    h('h2', { text: 'Bericht maken' }),
    modelEditor('lexical', {
      text: state.caption, 'aria-label': pageFlow ? 'Schrijf iets...' : 'Wat wil je delen, Juf Anna?',
      onChange: (t) => { state.caption = t; app.refresh(); },
      onPaste: (e) => { const files = filesOf(e.clipboardData); if (files.length) { e.preventDefault(); add(files); } },
    }),
    attachmentList(state.files, remove),
    input = h('input', { type: 'file', multiple: true, accept: ACCEPT, class: 'x1s85apg', onChange: (e) => { add([...e.target.files]); e.target.value = ''; } }),
    roleButton('Foto/video', () => input.click()),
    app.live(() => (pageFlow ? roleButton('Volgende', () => app.set({ step: 'settings' })) : roleButton('Posten', post))),
  ];
}

function settings() {
  return [
    h('h2', { text: 'Berichtinstellingen' }),
    attachmentList(app.state.files, remove),
    h('label', {}, h('input', { type: 'checkbox' }), ' Ook delen in je verhaal'),
    roleButton('Terug', () => app.set({ step: 'compose' })),
    app.live(() => roleButton('Posten', post)),
  ];
}

function view() {
  const { state } = app;
  return [
    h('nav', {}, h('a', { href: '/', text: 'Startpagina' })),
    h('div', { role: 'main' },
      h('div', { role: 'region', 'aria-label': 'Bericht maken' },
        h('div', { role: 'button', tabindex: '0', text: 'Wat wil je delen, Juf Anna?', onClick: () => app.set({ open: true }) }))),
    state.open ? h('div', {
      role: 'dialog', 'aria-label': 'Bericht maken',
      onDragover: (e) => e.preventDefault(),
      onDrop: (e) => { e.preventDefault(); if (state.step === 'compose') add(filesOf(e.dataTransfer)); },
    }, state.step === 'compose' ? compose() : settings()) : null,
  ];
}

exposeUnseenPath(add);
liveRefresh(app);
app.render();
