// Meta Business Suite's composer: a full page (role=main), not a dialog. Photos come
// through "Foto toevoegen" → "Uploaden vanaf computer" (a file input) or a drop on the
// media area; "Publiceren" posts.
import { h, createApp, modelEditor, attachmentList, filesOf, publish, exposeUnseenPath, liveRefresh } from '/lib.js';

const app = createApp(document.getElementById('mount'), { menu: false, files: [], caption: '' }, view);
app.attachmentCount = () => app.state.files.length;
const add = (files) => { if (files.length) app.set({ files: app.state.files.concat(files), menu: false }); };
const roleButton = (label, onClick) => h('div', { role: 'button', tabindex: '0', 'aria-label': label, text: label, onClick });

async function post() {
  await publish('business', [{ text: app.state.caption, files: app.state.files }]);
  app.set({ files: [], caption: '' });
}

function view() {
  const { state } = app;
  let input;
  return [
    h('nav', {}, h('a', { href: '/latest/composer', role: 'link', text: 'Bericht maken' }), h('br'), h('a', { href: '/latest/posts', text: 'Berichten' })),
    h('div', { role: 'main' },
      h('h1', { text: 'Bericht maken' }),
      h('h3', { text: 'Media' }),
      h('div', {
        class: 'dropzone', 'aria-label': 'Media', onDragover: (e) => e.preventDefault(),
        onDrop: (e) => { e.preventDefault(); add(filesOf(e.dataTransfer)); },
      }, "Sleep foto's hierheen", attachmentList(state.files, (i) => app.set({ files: state.files.filter((_, k) => k !== i) }))),
      input = h('input', { type: 'file', multiple: true, accept: 'image/*,video/*', hidden: true, onChange: (e) => { add([...e.target.files]); e.target.value = ''; } }),
      roleButton('Foto toevoegen', () => app.set({ menu: !state.menu })),
      state.menu ? h('div', { role: 'menu' }, h('div', { role: 'menuitem', tabindex: '0', text: 'Uploaden vanaf computer', onClick: () => input.click() })) : null,
      h('h3', { text: 'Tekst' }),
      modelEditor('lexical', { text: state.caption, 'aria-label': 'Tekst', onChange: (t) => { state.caption = t; app.refresh(); } }),
      app.live(() => roleButton('Publiceren', post))),
  ];
}

exposeUnseenPath(add);
liveRefresh(app);
app.render();
