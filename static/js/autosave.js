// Saves a draft form every data-autosave-seconds while it has unsaved changes. The form's
// hx-post answers only a status line into its hx-target, so no input is replaced and focus
// and cursor stay where the user is typing.
(() => {
  for (const form of document.querySelectorAll("form[data-autosave-seconds]")) {
    const status = document.querySelector(form.getAttribute("hx-target"));
    let changed = false;
    const failed = () => {
      changed = true; // try again at the next tick
      status.textContent = form.dataset.autosaveFailed;
    };
    form.addEventListener("input", () => { changed = true; });
    form.addEventListener("change", () => { changed = true; });
    const timer = window.setInterval(() => {
      if (!changed || form.classList.contains("htmx-request")) return;
      changed = false;
      form.dispatchEvent(new Event("autosave"));
    }, Number(form.dataset.autosaveSeconds) * 1000);
    // The user's own save or submit goes as a normal POST; no autosave may race it.
    form.addEventListener("submit", () => window.clearInterval(timer));
    form.addEventListener("htmx:beforeSwap", (event) => {
      // A lapsed session answers with the login page: that is no status line.
      if (!event.detail.serverResponse.includes("data-autosave-result")) {
        event.detail.shouldSwap = false;
        failed();
      }
    });
    form.addEventListener("htmx:responseError", failed);
    form.addEventListener("htmx:sendError", failed);
  }
})();
