() => {
  // The Rate tab's keys (installed once): Ctrl+Enter submits the item and opens the next; with a
  // selection in the translation, 1 / 2 / 3 mark it as a minor / major / critical error (MQM,
  // ESA) and N marks the whole segment a non-translation (MQM). The marks go to the hidden
  // errors box as JSON ({start, end, severity, category}: character offsets in the candidate).
  if (window.wbRateKeys) return [];
  window.wbRateKeys = true;
  const rating = () => { const c = document.querySelector('#wb-rate-card'); return c && c.offsetParent !== null; };
  const errorsBox = () => document.querySelector('#wb-rate-errors textarea');
  const marks = () => { try { return JSON.parse(errorsBox()?.value || '[]'); } catch (e) { return []; } };
  const categoryOf = () => (document.querySelector('#wb-rate-category input')?.value || 'Other');
  const show = (list) => {
    const box = errorsBox(); if (!box) return;
    box.value = JSON.stringify(list);
    box.dispatchEvent(new Event('input', { bubbles: true }));
    const cand = document.querySelector('#wb-rate-candidate');
    if (!cand) return;
    const text = cand.dataset.text || '';
    const sorted = list.filter((m) => m.start !== null && m.start !== undefined).sort((a, b) => a.start - b.start);
    cand.textContent = '';
    let at = 0;
    for (const m of sorted) {
      if (m.start < at) continue;
      cand.appendChild(document.createTextNode(text.slice(at, m.start)));
      const mark = document.createElement('mark');
      mark.className = 'wb-rate-' + m.severity; mark.textContent = text.slice(m.start, m.end);
      cand.appendChild(mark); at = m.end;
    }
    cand.appendChild(document.createTextNode(text.slice(at)));
    const shown = document.querySelector('#wb-rate-marks');
    if (shown) {
      shown.textContent = list.length ? list.map((m) => m.severity + ' ' + m.category +
        (m.start === null || m.start === undefined ? ' (whole segment)' : ': \u201c' + text.slice(m.start, m.end) + '\u201d')).join('; ') : '';
    }
  };
  const selection = () => {
    const cand = document.querySelector('#wb-rate-candidate'); const sel = window.getSelection();
    if (!cand || !sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    if (!cand.contains(range.startContainer) || !cand.contains(range.endContainer)) return null;
    const before = document.createRange(); before.selectNodeContents(cand); before.setEnd(range.startContainer, range.startOffset);
    const start = before.toString().length; const end = start + range.toString().length;
    return end > start ? [start, end] : null;
  };
  document.addEventListener('keydown', (event) => {
    if (!rating()) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      const score = document.querySelector('#wb-rate-score input[type="number"]');
      if (score) { score.dispatchEvent(new Event('input', { bubbles: true })); score.dispatchEvent(new Event('change', { bubbles: true })); score.blur(); }
      setTimeout(() => document.querySelector('#wb-rate-submit')?.click(), 50);
      return;
    }
    const protocol = document.querySelector('#wb-rate-card')?.dataset.protocol;
    if (protocol !== 'mqm' && protocol !== 'esa') return;
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const severities = protocol === 'mqm' ? { 1: 'minor', 2: 'major', 3: 'critical' } : { 1: 'minor', 2: 'major' };
    const active = document.activeElement;
    const typing = active && (active.tagName === 'INPUT' || active.tagName === 'TEXTAREA');
    if (severities[event.key]) {
      const span = selection(); if (!span) return;
      event.preventDefault();
      show([...marks(), { start: span[0], end: span[1], severity: severities[event.key], category: protocol === 'mqm' ? categoryOf() : 'Other' }]);
      window.getSelection().removeAllRanges();
    } else if (!typing && protocol === 'mqm' && (event.key === 'n' || event.key === 'N')) {
      event.preventDefault();
      show([...marks(), { start: null, end: null, severity: 'major', category: 'Non-translation!' }]);
    } else if (!typing && event.key === 'Backspace' && marks().length) {
      event.preventDefault(); show(marks().slice(0, -1));
    }
  }, true);
  return [];
}
