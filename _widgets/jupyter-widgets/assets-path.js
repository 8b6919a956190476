// Written for this book (MIT). Loaded before require.js and embed-amd.js on
// pages with embedded widgets. The bundled widget modules look for their
// Font Awesome fonts next to themselves: some use the webpack public path
// below, others the folder of their AMD module URI. Without this, both point
// at the page's own folder and every font request is a 404.
(function () {
  var here = new URL(".", document.currentScript.src).href;
  window.__jupyter_widgets_assets_path__ = here;
  // require.js reads a global `require` object defined before it loads as its
  // configuration. Map each module that embed-amd.js defines to this folder.
  window.require = {
    paths: {
      "@jupyter-widgets/base": here + "base",
      "@jupyter-widgets/controls": here + "controls",
      "@jupyter-widgets/html-manager": here + "html-manager",
      "@jupyter-widgets/html-manager/dist/libembed-amd": here + "libembed-amd"
    }
  };
})();
