if (!window.__wbTmKeys) {
  window.__wbTmKeys = true;
  document.addEventListener("keydown", (event) => {
    if (!event.altKey || !["1", "2", "3"].includes(event.key)) return;
    const button = document.querySelector("#wb-tm-insert-" + event.key);
    if (button && button.offsetParent !== null) { event.preventDefault(); button.click(); }
  });
}
