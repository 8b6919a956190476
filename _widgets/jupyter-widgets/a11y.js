// Written for this book (MIT). Loaded on pages with embedded widgets.
// ipywidgets 8 draws a slider's handle with role="slider" but gives it no
// accessible name (axe: aria-input-field-name, WCAG 4.1.2), although the
// widget shows its description as a visible label. Point each handle at
// that label, so screen readers announce e.g. "Year, slider, 2021".
(function () {
  var count = 0;
  function label(root) {
    var handles = root.querySelectorAll(
      ".widget-slider .noUi-handle:not([aria-label]):not([aria-labelledby])");
    for (var i = 0; i < handles.length; i++) {
      var box = handles[i].closest(".widget-slider");
      var text = box && box.querySelector(".widget-label");
      if (!text || !text.textContent.trim()) continue;  // no description: leave it to the tests
      if (!text.id) text.id = "widget-label-" + (++count);
      handles[i].setAttribute("aria-labelledby", text.id);
    }
  }
  new MutationObserver(function () { label(document); })
    .observe(document.documentElement, { childList: true, subtree: true });
})();
