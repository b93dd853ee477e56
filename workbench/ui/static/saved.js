() => {
  // after a save (made or refused): count the answer for save-on-leave, then focus as after opening
  window.wbSaves = (window.wbSaves || 0) + 1;
  setTimeout(() => { if (window.wbFocusAfterOpen) window.wbFocusAfterOpen(); }, 60);
}
