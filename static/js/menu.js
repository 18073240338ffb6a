// The main menu collapses behind a "Menu" button on narrow screens (WCAG 1.4.10 reflow).
// Without this script the menu simply shows all its links (wrapped), so nothing is lost.
(function () {
  var knop = document.querySelector(".regio-nav__knop");
  if (!knop) return;
  var nav = knop.parentElement;
  knop.hidden = false;
  nav.classList.add("regio-nav--inklapbaar");
  knop.addEventListener("click", function () {
    var open = knop.getAttribute("aria-expanded") === "true";
    knop.setAttribute("aria-expanded", open ? "false" : "true");
    nav.classList.toggle("regio-nav--open", !open);
  });
})();
