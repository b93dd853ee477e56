element.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-segment]');
  if (!button) return;
  const open = () => trigger('open', {segment: Number(button.dataset.segment)});
  if (window.wbLeave) window.wbLeave(open); else open();  // an unsaved edit is saved (or asked about) first
});
