() => {
  const name = localStorage.getItem('wb-reviewer') || '';
  let checks = __QA_CHECKS__;
  try { const saved = JSON.parse(localStorage.getItem('wb-checks')); if (Array.isArray(saved)) checks = saved; }
  catch (e) {}
  const size = Number(localStorage.getItem('wb-page-size')) || __PAGE_SIZE__;
  const saveOnLeave = localStorage.getItem('wb-save-on-leave:' + name) !== '0';  // each reviewer's own; on by default
  return [name, checks, __PAGE_SIZES__.includes(size) ? size : __PAGE_SIZE__, saveOnLeave];
}
