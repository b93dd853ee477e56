(selection, ...rest) => {
  const box = document.querySelector('#wb-target textarea');
  const start = box ? box.selectionStart : 0, end = box ? box.selectionEnd : 0;
  return [`${start},${end}`, ...rest];
}
