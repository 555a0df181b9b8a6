// Instagram's "Nieuw bericht maken" dialog: select → crop → bewerken → bijschrift, each
// step unmounting the one before (the file input lives only in the first). Photos come
// through the form's file input or a drop on the dialog; "Delen" is a text-only div[role=button].
import { h, createApp, modelEditor, attachmentList, filesOf, publish, exposeUnseenPath, liveRefresh } from '/lib.js';

const ACCEPT = 'image/jpeg,image/png,image/heic,image/heif,video/mp4,video/quicktime';
const app = createApp(document.getElementById('mount'), { open: false, step: 'select', files: [], caption: '' }, view);
app.attachmentCount = () => app.state.files.length;
const add = (files) => { if (files.length) app.set({ files: app.state.files.concat(files), step: app.state.step === 'select' ? 'crop' : app.state.step }); };

function header(title, next) {
  return h('div', { class: 'header' }, h('h2', { text: title }),
    next ? app.live(() => h('div', { role: 'button', tabindex: '0', text: next.label, onClick: next.go })) : null);
}

function step() {
  const { state } = app;
  const remove = (i) => { const files = state.files.filter((_, k) => k !== i); app.set({ files, step: files.length ? state.step : 'select' }); };
  if (state.step === 'select') {
    let input;
    return [header('Nieuw bericht maken'),
      h('form', { enctype: 'multipart/form-data', method: 'POST', role: 'presentation' },
        input = h('input', { type: 'file', multiple: true, accept: ACCEPT, class: 'x1s85apg', hidden: true,
          onChange: (event) => { add([...event.target.files]); } })),
      h('p', { text: "Sleep foto's en video's hierheen" }),
      h('button', { type: 'button', text: 'Selecteren van computer', onClick: () => input.click() })];
  }
  if (state.step === 'crop' || state.step === 'edit') {
    const next = state.step === 'crop' ? 'edit' : 'caption';
    return [header(state.step === 'crop' ? 'Bijsnijden' : 'Bewerken', { label: 'Volgende', go: () => app.set({ step: next }) }),
      attachmentList(state.files, remove)];
  }
  return [header('Nieuw bericht maken', { label: 'Delen', go: share }),
    attachmentList(state.files.slice(0, 1), () => {}, { 'aria-label': 'Voorbeeld' }),
    modelEditor('lexical', { text: state.caption, 'aria-label': 'Schrijf een bijschrift...', onChange: (t) => { state.caption = t; app.refresh(); } })];
}

async function share() {
  await publish('instagram', [{ text: app.state.caption, files: app.state.files }]);
  app.set({ open: false, step: 'select', files: [], caption: '' });
}

function view() {
  const { state } = app;
  return [
    h('nav', {}, h('a', { href: '/create/select/', role: 'link', text: 'Maken', onClick: (e) => { e.preventDefault(); app.set({ open: true }); } })),
    h('main', {}, h('p', { text: 'Tijdlijn' })),
    state.open ? h('div', {
      role: 'dialog', 'aria-label': 'Nieuw bericht maken',
      onDragover: (e) => e.preventDefault(),
      onDrop: (e) => { e.preventDefault(); if (state.step === 'select') add(filesOf(e.dataTransfer)); },
    }, step()) : null,
  ];
}

exposeUnseenPath(add);
liveRefresh(app);
app.render();
