// On phones a table.cards row is shown as a card (static/css/app.css): each cell needs its
// column's name in data-label. Templates may set it; otherwise it comes from the header row.
// A header holding only screen-reader text (a row's buttons) and cells spanning several
// columns get no label.
(() => {
  const columnNames = (table) => {
    const head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    const names = [];
    if (!head) return names;
    for (const th of head.cells) {
      const shown = Array.from(th.childNodes).some(
        (node) => !(node.nodeType === Node.ELEMENT_NODE && node.classList.contains("ds-sr-only"))
          && node.textContent.trim(),
      );
      const name = shown ? th.textContent.trim().replace(/\s+/g, " ") : "";
      for (let i = 0; i < th.colSpan; i += 1) names.push(name);
    }
    return names;
  };

  const label = (table) => {
    const names = columnNames(table);
    for (const body of [...table.tBodies, ...(table.tFoot ? [table.tFoot] : [])]) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          if (!cell.hasAttribute("data-label")) {
            const own = cell.colSpan > 1 || (cell.tagName === "TH" && column === 0);
            cell.setAttribute("data-label", own ? "" : names[column] || "");
          }
          column += cell.colSpan;
        }
      }
    }
  };

  const run = (root) => {
    if (root.matches && root.matches("table.cards")) label(root);
    root.querySelectorAll("table.cards").forEach(label);
  };
  document.addEventListener("DOMContentLoaded", () => run(document));
  document.addEventListener("htmx:load", (event) => run(event.target));
})();
