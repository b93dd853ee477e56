() => {
  // After an item opens: the score box takes the focus (DA, ESA), else the page, so that keys rate.
  setTimeout(() => {
    const marks = document.querySelector('#wb-rate-marks'); if (marks) marks.textContent = '';
    const box = document.querySelector('#wb-rate-score input[type="number"]');
    if (box && box.offsetParent !== null) { box.focus(); box.select(); return; }
    document.querySelector('#wb-rate-candidate')?.setAttribute('tabindex', '-1');
    document.querySelector('#wb-rate-candidate')?.focus();
  }, 50);
  return [];
}
