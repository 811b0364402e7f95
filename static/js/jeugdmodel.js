/*
 * Jeugdmodel: small, unobtrusive behaviour. Every page works without this file.
 *
 * htmx ignores a failed request silently; here the user is told, in an Utrecht error
 * alert (role="alert") above the content. The markup and the (translated) texts come from
 * <template> elements in base.html, so nothing here needs translating and no inline
 * script or style is used (the Content-Security-Policy forbids both).
 */
(function () {
  "use strict";

  function message(kind) {
    var source = document.getElementById("jm-request-error-messages");
    if (!source) return "";
    var node = source.content.querySelector('[data-jm-message="' + kind + '"]');
    return node ? node.textContent.trim() : "";
  }

  function showRequestError(kind) {
    var region = document.getElementById("jm-request-errors");
    var template = document.getElementById("jm-request-error-template");
    if (!region || !template) return;
    var alert = template.content.firstElementChild.cloneNode(true);
    var slot = alert.querySelector('[data-jm-slot="text"]');
    if (slot) slot.textContent = message(kind);
    region.replaceChildren(alert);
  }

  function clearRequestErrors() {
    var region = document.getElementById("jm-request-errors");
    if (region && region.firstChild) region.replaceChildren();
  }

  document.addEventListener("htmx:responseError", function () {
    showRequestError("response");
  });
  document.addEventListener("htmx:sendError", function () {
    showRequestError("send");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail && event.detail.successful) clearRequestErrors();
  });
})();

/*
 * The menu button (base.html): on a narrow screen the main navigation folds away behind
 * it (with the user's tools: name, log out, language), so the page's content starts near
 * the top. Without this script the button stays hidden and everything open. The classes
 * jm-menu-ready and jm-menu-open on <html> tell the CSS (section 2, "Menu button").
 */
(function () {
  "use strict";

  var button = document.querySelector(".jm-menu-button");
  if (!button) return;
  var root = document.documentElement;
  root.classList.add("jm-menu-ready");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    root.classList.toggle("jm-menu-open", open);
  });
})();
