// LinkedIn: the share box is rendered inside the open shadow root of #interop-outlet.
// "Bijdrage starten" opens .share-box-v2__modal with a Quill editor; "Media toevoegen"
// goes to the media step (#media-editor-file-selector__file-input, or a drop), whose
// "Volgende" brings the photos back to the share box; button.share-actions__primary-action posts.
import { h, createApp, quillEditor, attachmentList, filesOf, publish, exposeUnseenPath, liveRefresh } from '/lib.js';

const outlet = document.createElement('div');
outlet.id = 'interop-outlet';
outlet.dataset.testid = 'interop-shadowdom';
const shadow = outlet.attachShadow({ mode: 'open' });
const style = document.createElement('link');
style.rel = 'stylesheet';
style.href = '/site.css';
const mount = document.createElement('div');
shadow.append(style, mount);

const app = createApp(mount, { open: false, step: 'share', files: [], pending: [], caption: '' }, view);
app.attachmentCount = () => app.state.files.length + app.state.pending.length;
const addPending = (files) => { if (files.length) app.set({ pending: app.state.pending.concat(files) }); };

async function post() {
  await publish('linkedin', [{ text: app.state.caption, files: app.state.files }]);
  app.set({ open: false, step: 'share', files: [], pending: [], caption: '' });
}

function shareStep() {
  const { state } = app;
  return [
    h('h2', { text: 'Bijdrage maken' }),
    quillEditor({ text: state.caption, 'aria-label': 'Tekst-editor voor het maken van content', 'data-placeholder': 'Waar wil je het over hebben?', onChange: (t) => { state.caption = t; app.refresh(); } }),
    attachmentList(state.files, (i) => app.set({ files: state.files.filter((_, k) => k !== i) })),
    h('button', { type: 'button', 'aria-label': 'Media toevoegen', text: 'Media toevoegen', onClick: () => app.set({ step: 'media' }) }),
    app.live(() => h('button', { type: 'button', class: 'share-actions__primary-action artdeco-button', text: 'Posten', onClick: post })),
  ];
}

function mediaStep() {
  const { state } = app;
  let input;
  return [
    h('h2', { text: 'Editor' }),
    h('div', {
      class: 'media-editor-file-selector__drop-area dropzone', onDragover: (e) => e.preventDefault(),
      onDrop: (e) => { e.preventDefault(); addPending(filesOf(e.dataTransfer)); },
    }, 'Sleep hier bestanden naartoe',
    input = h('input', { id: 'media-editor-file-selector__file-input', type: 'file', multiple: true, accept: 'image/*', hidden: true, onChange: (e) => { addPending([...e.target.files]); e.target.value = ''; } }),
    h('button', { type: 'button', text: 'Uploaden vanaf computer', onClick: () => input.click() })),
    attachmentList(state.pending, (i) => app.set({ pending: state.pending.filter((_, k) => k !== i) })),
    h('button', { type: 'button', class: 'share-box-footer__primary-btn', text: 'Volgende', onClick: () => app.set({ step: 'share', files: state.files.concat(state.pending), pending: [] }) }),
  ];
}

function view() {
  const { state } = app;
  return state.open ? h('div', { class: 'share-box-v2__modal', role: 'dialog', 'aria-label': 'Bijdrage maken' }, state.step === 'share' ? shareStep() : mediaStep()) : null;
}

const feed = document.getElementById('mount');
const trigger = document.createElement('button');
trigger.className = 'share-box-feed-entry__trigger';
trigger.textContent = 'Bijdrage starten';
trigger.addEventListener('click', () => app.set({ open: true }));
feed.className = 'feed';
feed.append(trigger);
document.body.append(outlet);

exposeUnseenPath(addPending);
liveRefresh(app);
app.render();
