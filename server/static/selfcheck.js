// The drop zone: photos and videos dropped anywhere on it land in the form's file input.
// Without this script the plain file input still works.
(() => {
  const drop = document.getElementById('drop');
  const input = document.getElementById('images');
  const chosen = document.getElementById('chosen');
  if (!drop || !input) return;
  const show = () => {
    const names = [...input.files].map((f) => f.name);
    chosen.textContent = names.length ? `Gekozen: ${names.join(', ')}` : '';
  };
  input.addEventListener('change', show);
  ['dragenter', 'dragover'].forEach((type) => drop.addEventListener(type, (event) => {
    event.preventDefault();
    drop.classList.add('over');
  }));
  ['dragleave', 'drop'].forEach((type) => drop.addEventListener(type, () => drop.classList.remove('over')));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    const files = [...event.dataTransfer.files].filter((f) => f.type.startsWith('image/') || f.type.startsWith('video/')
      || /\.(heic|heif|mp4|m4v|mov|webm)$/i.test(f.name));
    const transfer = new DataTransfer();
    files.forEach((f) => transfer.items.add(f));
    input.files = transfer.files;
    show();
  });
})();
