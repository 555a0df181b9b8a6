// The overlay that holds the user's attention while a post is held. It lives in a
// closed shadow root: the page cannot read the children's names in it, restyle it,
// or press its buttons.
'use strict';

(() => {
  const PW = globalThis.Poortwachter;
  const MIN_REASON = 5;

  const STYLE = `
    :host { all: initial; }
    .backdrop { position: fixed; inset: 0; z-index: 2147483647; background: rgba(0,0,0,.55);
      display: flex; align-items: center; justify-content: center; font: 15px/1.4 system-ui, sans-serif; color: #1a1a1a; }
    .card { background: #fff; border-radius: 10px; max-width: 720px; width: calc(100% - 40px); max-height: calc(100% - 40px);
      overflow: auto; padding: 20px 24px; box-shadow: 0 10px 40px rgba(0,0,0,.4); border-top: 8px solid #555; }
    .card[data-state="block"] { border-top-color: #d0021b; }
    .card[data-state="warn"], .card[data-state="unreachable"] { border-top-color: #f5a623; }
    .card[data-state="broken"] { border-top-color: #d0021b; }
    h2 { margin: 0 0 8px; font-size: 20px; }
    ol { padding-left: 22px; } li { margin: 4px 0; }
    .images { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0; }
    canvas { border: 1px solid #ccc; border-radius: 4px; max-width: 100%; }
    textarea { width: 100%; box-sizing: border-box; min-height: 60px; font: inherit; }
    .buttons { display: flex; gap: 8px; justify-content: flex-end; margin-top: 14px; flex-wrap: wrap; }
    button { font: inherit; padding: 8px 14px; border-radius: 6px; border: 1px solid #888; background: #f3f3f3; cursor: pointer; }
    button.primary { background: #0b57d0; color: #fff; border-color: #0b57d0; }
    button:disabled { opacity: .45; cursor: not-allowed; }
    .muted { color: #555; font-size: 13px; }
  `;

  let host = null;
  let root = null;

  function mount() {
    if (host && host.isConnected) return;
    host = document.createElement('poortwachter-overlay');
    root = host.attachShadow({ mode: 'closed' });
    // Typing a reason must not feed the platform's own key and input handlers:
    // stop what bubbles out of the overlay (our own listeners sit deeper and run first).
    for (const type of ['keydown', 'keyup', 'keypress', 'beforeinput', 'input', 'paste', 'copy', 'cut']) {
      host.addEventListener(type, (event) => event.stopPropagation());
    }
    (document.body || document.documentElement).appendChild(host);
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value);
    }
    node.append(...children.filter(Boolean));
    return node;
  }

  function render(card) {
    mount();
    root.replaceChildren(el('style', { text: STYLE }), el('div', { class: 'backdrop' }, card));
  }

  /** "Checking…" while the verdict is on its way. */
  function pending(title = 'Poortwachter controleert je bericht…') {
    render(el('div', { class: 'card', 'data-state': 'pending', role: 'status' },
      el('h2', { 'data-pw': 'title', text: title }),
      el('p', { class: 'muted', text: 'Het bericht wordt pas geplaatst als de controle klaar is.' })));
  }

  /**
   * Show a verdict or a failure and wait for the user's choice:
   * {action: 'continue', reason} | {action: 'blur'} | {action: 'cancel'}.
   * view: {state, title, intro, items: [string], images: [canvas], canBlur, continueLabel,
   *        needsReason, confirmLabel}
   */
  function ask(view) {
    return new Promise((resolve) => {
      const done = (result) => { close(); resolve(result); };
      const buttons = el('div', { class: 'buttons' });
      const card = el('div', { class: 'card', 'data-state': view.state, role: 'alertdialog', 'aria-modal': 'true' },
        el('h2', { 'data-pw': 'title', text: view.title }),
        view.intro ? el('p', { 'data-pw': 'intro', text: view.intro }) : null,
        view.images && view.images.length ? el('div', { class: 'images', 'data-pw': 'images' }, ...view.images) : null,
        view.items && view.items.length ? el('ol', { 'data-pw': 'findings' }, ...view.items.map((t) => el('li', { text: t }))) : null);

      let reasonBox = null;
      let confirmBox = null;
      const continueButton = view.continueLabel ? el('button', { 'data-pw': 'continue', text: view.continueLabel }) : null;
      const refresh = () => {
        if (!continueButton) return;
        const reasonOk = !reasonBox || reasonBox.value.trim().length >= MIN_REASON;
        const confirmOk = !confirmBox || confirmBox.checked;
        continueButton.disabled = !(reasonOk && confirmOk);
      };
      if (view.confirmLabel) {
        confirmBox = el('input', { type: 'checkbox', 'data-pw': 'confirm' });
        confirmBox.addEventListener('change', refresh);
        card.append(el('p', {}, el('label', {}, confirmBox, ` ${view.confirmLabel}`)));
      }
      if (view.needsReason) {
        reasonBox = el('textarea', { 'data-pw': 'reason', placeholder: `Waarom plaats je dit toch? (minstens ${MIN_REASON} tekens)` });
        reasonBox.addEventListener('input', refresh);
        card.append(el('label', { class: 'muted', text: 'Reden (wordt vastgelegd):' }), reasonBox);
      }

      const cancel = el('button', { 'data-pw': 'cancel', text: view.cancelLabel || 'Terug naar bewerken' });
      cancel.addEventListener('click', () => done({ action: 'cancel' }));
      buttons.append(cancel);
      if (view.canBlur) {
        const blur = el('button', { class: 'primary', 'data-pw': 'blur', text: 'Gebruik vervaagde versie' });
        blur.addEventListener('click', () => done({ action: 'blur' }));
        buttons.append(blur);
      }
      if (continueButton) {
        continueButton.addEventListener('click', () => {
          if (!continueButton.disabled) done({ action: 'continue', reason: reasonBox ? reasonBox.value.trim() : '' });
        });
        buttons.append(continueButton);
      }
      card.append(buttons);
      refresh();
      render(card);
      (reasonBox || cancel).focus();
    });
  }

  function close() {
    if (host) host.remove();
    host = null;
    root = null;
  }

  /** Close the overlay if it only says "checking" (a check that ended without a question). */
  function closePending() {
    if (root && root.querySelector('[data-state="pending"]')) close();
  }

  PW.overlay = { pending, ask, close, closePending, MIN_REASON };
})();
