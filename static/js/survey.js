// Survey pages. The answer page hides a question whose show-if rule is not met (the server
// ignores its answer and does not require it either) and marks required-if questions; the
// researcher's wave page copies a recipient's link to the clipboard.
(() => {
  const group = (input) => input.closest("fieldset") || input.closest(".ds-field");

  const answer = (form, key) => {
    const inputs = form.querySelectorAll(`[name="${key}"]`);
    return Array.from(inputs)
      .filter((i) => (i.type === "radio" || i.type === "checkbox" ? i.checked : true))
      .map((i) => i.value);
  };

  const applyRules = (form) => {
    const seen = new Set();
    for (const input of form.querySelectorAll("[data-show-if], [data-required-if]")) {
      const box = group(input);
      if (!box || seen.has(box)) continue;
      seen.add(box);
      if (input.dataset.showIf) {
        const shown = answer(form, input.dataset.showIf).includes(input.dataset.showValue);
        box.hidden = !shown;
      }
      if (input.dataset.requiredIf) {
        const needed = answer(form, input.dataset.requiredIf).includes(input.dataset.requiredValue);
        box.classList.toggle("is-required", needed);
        let star = box.querySelector(".required-if");
        const label = box.querySelector("legend, label");
        if (needed && !star && label) {
          star = document.createElement("span");
          star.className = "required required-if";
          star.setAttribute("aria-hidden", "true");
          star.textContent = " *";
          label.append(star);
        } else if (!needed && star) {
          star.remove();
        }
      }
    }
  };

  const copy = async (button) => {
    const link = button.dataset.copy;
    const status = button.parentElement.querySelector("[data-copy-status]");
    try {
      await navigator.clipboard.writeText(link);
      if (status) status.textContent = button.dataset.copied;
    } catch {
      // No clipboard (an old browser, or not allowed): show the link to copy by hand.
      const field = button.parentElement.querySelector("input[readonly]");
      if (field) {
        field.hidden = false;
        field.select();
      }
      if (status) status.textContent = button.dataset.failed;
    }
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-copy]");
    if (button) copy(button);
  });

  const start = () => {
    for (const form of document.querySelectorAll("form[data-survey]")) {
      applyRules(form);
      form.addEventListener("change", () => applyRules(form));
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
