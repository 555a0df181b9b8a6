// Gives the page the files Poortwachter let through, the way they came: a file input gets
// them in input.files with its input/change events; a drop or paste is dispatched again
// on the original target with a DataTransfer that holds only these files.
'use strict';

(() => {
  const PW = globalThis.Poortwachter;
  let handing = false; // our own events pass the ingress listeners

  function transferOf(files, extra = []) {
    const transfer = new DataTransfer();
    for (const { type, data } of extra) transfer.setData(type, data);
    files.forEach((f) => transfer.items.add(f));
    return transfer;
  }

  function dispatch(target, event) {
    handing = true;
    try {
      target.dispatchEvent(event);
    } finally {
      handing = false;
    }
  }

  /**
   * Hand files over through the attach they came with. `attach`: {kind, target, strings}.
   * With no files a file input is emptied, so it never keeps a blocked original.
   */
  function handOver(attach, files) {
    const { kind, target } = attach;
    if (files.length && !target.isConnected) throw new Error('het opstelvenster is gesloten');
    if (kind === 'input') {
      target.files = transferOf(files).files;
      if (!files.length) return;
      dispatch(target, new Event('input', { bubbles: true, composed: true }));
      dispatch(target, new Event('change', { bubbles: true }));
      return;
    }
    if (!files.length && !(attach.strings || []).length) return;
    const transfer = transferOf(files, attach.strings);
    const init = { bubbles: true, cancelable: true, composed: true };
    if (kind === 'drop') dispatch(target, new DragEvent('drop', { ...init, dataTransfer: transfer }));
    else dispatch(target, new ClipboardEvent('paste', { ...init, clipboardData: transfer }));
  }

  PW.handover = { handOver, isHanding: () => handing };
})();
