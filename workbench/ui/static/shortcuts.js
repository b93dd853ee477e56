() => {
  const press = (selector) => {
    const b = document.querySelector(selector); if (b) { b.click(); return true; } return false;
  };
  const reviewing = () => { const g = document.querySelector('#wb-grid'); return g && g.offsetParent !== null; };
  const targetBox = () => document.querySelector('#wb-target textarea');
  const currentRow = () =>
    document.querySelector('#wb-grid tr.wb-current') || document.querySelector('#wb-grid tr[data-id]');
  window.wbGridMode = false;
  // Leaving an edited segment: typing in the target makes the open segment "edited" until it is
  // saved or another one is opened; leaving it (keys, rows, buttons, tabs) first saves it when
  // "Save when leaving an edited segment" is ticked (the default, a setting of each reviewer in
  // this browser), else asks; a refused save (no reviewer name, a conflict) stays on the segment
  // with the notice. Closing the page with an edit makes the browser ask. Never a silent discard.
  window.wbEdited = false;
  document.addEventListener('input', (event) => {
    if (event.target.closest && event.target.closest('#wb-target')) window.wbEdited = true;
  }, true);
  const saveOnLeave = () => {
    const box = document.querySelector('#wb-save-on-leave input'); return !box || box.checked;
  };
  const saveThen = (proceed) => {
    // press Save and wait for its answer (saved.js counts the answers; the notice then says
    // "Saved segment ..." or why not); go on only once it was saved, else stay with the edit
    const noticeText = () => (document.querySelector('#wb-review-notice')?.innerText || '').trim();
    const before = window.wbSaves || 0, told = noticeText(); let waited = 0;
    press('#wb-save');
    const wait = () => {
      const now = noticeText();
      if ((window.wbSaves || 0) > before && now !== told) {
        if (now.startsWith('\u2713')) { window.wbEdited = false; proceed(); }
        if (now.startsWith('\u2713') || now.startsWith('\u26a0')) return;  // refused: stay, the notice says why
      }
      if ((waited += 100) < 15000) setTimeout(wait, 100);
    };
    setTimeout(wait, 100);
  };
  const leave = (proceed) => {
    if (!window.wbEdited || !reviewing()) { proceed(); return; }
    if (saveOnLeave()) { saveThen(proceed); return; }
    const question = 'This segment has an unsaved edit. Leave it and lose the edit? '
      + '(Cancel stays; then save with Ctrl+Enter)';
    if (confirm(question)) { window.wbEdited = false; proceed(); }
  };
  window.wbLeave = leave;
  document.addEventListener('click', (event) => {
    if (!event.isTrusted || !event.target.closest) return;
    const away = event.target.closest('#wb-prev, #wb-next, #wb-next-qa, #wb-grid tr[data-id], [role=tab]');
    if (away && window.wbEdited && reviewing()) {
      event.preventDefault(); event.stopImmediatePropagation();
      leave(() => away.click());  // the repeated click is not "trusted": it passes
    }
  }, true);
  window.addEventListener('beforeunload', (event) => {
    if (window.wbEdited) { event.preventDefault(); event.returnValue = ''; }
  });
  const announce = () => document.querySelectorAll('.wb-live').forEach((n) => n.setAttribute('aria-live', 'polite'));
  announce(); setTimeout(announce, 2000);
  window.wbFocusAfterOpen = () => {
    announce();
    const note = document.querySelector('#wb-review-notice');
    if (!(note && note.innerText.trim().startsWith('⚠'))) window.wbEdited = false;  // opened or saved
    if (window.wbGridMode) { const row = currentRow(); if (row) row.focus({ preventScroll: true }); return; }
    const box = targetBox(); if (!box) return;
    box.focus({ preventScroll: true });
    // keep the editor's buttons (under the target, status and score) just inside the bottom of
    // the window: the grid rows above them stay in view
    // (or the notice under them, when a save was refused or made: it is read where the eye is)
    const told = document.querySelector('#wb-review-notice');
    const anchor = told && told.innerText.trim() ? told : document.querySelector('#wb-actions') || box;
    const r = anchor.getBoundingClientRect();
    if (r.bottom > innerHeight - 8 || r.top < 0) window.scrollBy(0, r.bottom - innerHeight + 16);
  };
  document.addEventListener('keydown', (event) => {
    if (!reviewing()) return;
    const key = event.key, code = event.code;
    if ((event.ctrlKey || event.metaKey) && key === 'Enter') {
      event.preventDefault(); window.wbGridMode = false;
      press(event.shiftKey ? '#wb-approve-next' : '#wb-save-next'); return;
    }
    if (event.altKey && (key === 'ArrowDown' || key === 'ArrowUp')) {
      event.preventDefault(); leave(() => press(key === 'ArrowDown' ? '#wb-next' : '#wb-prev')); return;
    }
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      if (code === 'KeyM') { event.preventDefault(); press('#wb-insert-mt'); return; }
      if (code === 'KeyS') { event.preventDefault(); press('#wb-copy-source'); return; }
      if (code === 'KeyN') { event.preventDefault(); press('#wb-unscore'); return; }
      if (code === 'KeyD') {
        event.preventDefault();
        const score = document.querySelector('#wb-score input'); if (score) { score.focus(); score.select(); }
        return;
      }
    }
    const active = document.activeElement;
    if (key === 'Escape' && active && active.closest && active.closest('#wb-editor')) {
      event.preventDefault(); window.wbGridMode = true; active.blur();
      const row = currentRow(); if (row) row.focus(); return;
    }
    if (active && active.closest && active.closest('#wb-grid tr[data-id]') && !event.altKey && !event.ctrlKey) {
      if (key === 'ArrowDown' || key === 'ArrowUp') {
        event.preventDefault(); leave(() => press(key === 'ArrowDown' ? '#wb-next' : '#wb-prev'));
      } else if (key === 'Enter') {
        event.preventDefault(); window.wbGridMode = false; const box = targetBox(); if (box) box.focus();
      }
    }
  }, true);
  document.addEventListener('click', (event) => {
    const chip = event.target.closest && event.target.closest('button.wb-chip');
    const box = targetBox();
    if (!chip || !box) return;
    const start = box.selectionStart, end = box.selectionEnd;
    box.setRangeText(chip.dataset.insert || '', start, end, 'end');
    box.dispatchEvent(new Event('input', { bubbles: true }));
    box.focus();
  });
  document.addEventListener('mousedown', (event) => {
    if (event.target.closest && event.target.closest('#wb-editor')) window.wbGridMode = false;
  });
}
