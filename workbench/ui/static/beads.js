element.addEventListener('click', (event) => {
  const row = event.target.closest('tr[data-bead]');
  if (!row) return;
  const selection = window.getSelection();
  if (selection && selection.toString().length > 0 && row.contains(selection.anchorNode)) return;
  trigger('pick', {bead: Number(row.dataset.bead)});
});
const centre = () => {
  const box = element.querySelector('.wb-beads-box');
  const row = element.querySelector('tr.wb-current');
  if (!box || !row) return;
  const below = row.offsetTop + row.offsetHeight > box.scrollTop + box.clientHeight;
  if (row.offsetTop < box.scrollTop || below) box.scrollTop = Math.max(0, row.offsetTop - 60);
};
watch('value', centre);
centre();
