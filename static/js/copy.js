// A button with data-copy="<element id>" copies that field's value (or text) to the
// clipboard and says so in its own label for two seconds; the field stays selectable for
// browsers without the clipboard API.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  if (!field) return;
  const text = field.value ?? field.textContent;
  const done = () => {
    const label = button.textContent;
    button.textContent = button.dataset.copied || label;
    setTimeout(() => { button.textContent = label; }, 2000);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, () => field.select && field.select());
  } else if (field.select) {
    field.select();
    document.execCommand("copy");
    done();
  }
});
