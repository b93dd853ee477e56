element.addEventListener('click', (event) => {
  const row = event.target.closest('tr[data-id]');
  if (!row) return;
  const selection = window.getSelection();
  if (selection && selection.toString().length > 0 && row.contains(selection.anchorNode)) return;
  trigger('pick', {segment: Number(row.dataset.id)});
});
const centre = () => {
  const box = element.querySelector('.wb-grid-box');
  const row = element.querySelector('tr.wb-current');
  // the open row sits near the bottom of the grid, right above the editor, with the rows before it in view
  if (box && row) box.scrollTop = row.offsetTop + row.offsetHeight - box.clientHeight + 90;
};
watch('value', centre);
centre();
