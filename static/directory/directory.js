// Directory: a changed filter select submits the form at once. Without JavaScript the Search button does it.
document.querySelectorAll("form.directory-filters select.js-autosubmit").forEach(function (select) {
  select.addEventListener("change", function () {
    select.form.submit();
  });
});
