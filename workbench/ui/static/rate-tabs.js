(role) => {
  // A rater's page is the Rate tab: the other tabs' buttons go (the page's body gets wb-rater;
  // rate.css hides every tab button but Rate's). Others see every tab.
  document.body.classList.toggle('wb-rater', role === 'rater');
  return [];
}
