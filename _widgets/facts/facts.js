// Escape hides the source note of a figure ({fact} role) until the pointer
// and the focus have left it (WCAG 1.4.13: content on hover or focus is dismissible).
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document
    .querySelectorAll(".aigov-fact-box:hover, .aigov-fact-box:focus-within")
    .forEach((box) => box.classList.add("aigov-fact-dismissed"));
});
const leave = (event) => {
  const box = event.target.closest && event.target.closest(".aigov-fact-box");
  if (box && !(event.relatedTarget && box.contains(event.relatedTarget))) {
    box.classList.remove("aigov-fact-dismissed");
  }
};
document.addEventListener("focusout", leave);
document.addEventListener("mouseout", leave);
