/* Keeps a draft of a long form in this browser (localStorage), so text survives a
   session time-out or a lost connection, and warns before the session ends.
   Progressive enhancement: without JavaScript the form works as before.
   <form data-concept-sleutel="..." data-concept-revisie="N" data-sessie-seconden="1800"> */
(function () {
  "use strict";
  var form = document.querySelector("form[data-concept-sleutel]");
  if (!form || !window.localStorage) { return; }
  var sleutel = "concept:" + form.dataset.conceptSleutel;
  var revisie = form.dataset.conceptRevisie;
  var melding = document.getElementById("concept-melding");
  var waarschuwing = document.getElementById("sessie-waarschuwing");

  function velden() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "revisie" &&
        (el.tagName === "TEXTAREA" || el.tagName === "SELECT");
    });
  }
  function lees() {
    try { return JSON.parse(localStorage.getItem(sleutel) || "null"); } catch (e) { return null; }
  }
  function bewaar() {
    var waarden = {};
    velden().forEach(function (el) { waarden[el.name] = el.value; });
    localStorage.setItem(sleutel, JSON.stringify({ revisie: revisie, tijd: Date.now(), waarden: waarden }));
  }
  function toon(el, tekst) {
    if (!el) { return; }
    el.querySelector("p").textContent = tekst;
    el.hidden = false;
  }

  // Restore a draft made on this revision that differs from what the server has.
  var concept = lees();
  if (concept && concept.revisie === revisie) {
    var anders = 0;
    velden().forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(concept.waarden, el.name) && concept.waarden[el.name] !== el.value) {
        el.value = concept.waarden[el.name];
        anders += 1;
      }
    });
    if (anders) {
      var tijd = new Date(concept.tijd);
      var hhmm = ("0" + tijd.getHours()).slice(-2) + ":" + ("0" + tijd.getMinutes()).slice(-2);
      toon(melding, (melding.dataset.tekst || "").replace("%(tijd)s", hhmm));
    }
  } else if (concept) {
    localStorage.removeItem(sleutel); // saved since (a newer revision): the draft is done
  }
  form.addEventListener("input", bewaar);
  form.addEventListener("change", bewaar);

  // Warn five minutes before the idle limit; "Blijf ingelogd" counts as activity.
  var seconden = parseInt(form.dataset.sessieSeconden || "0", 10);
  var timer = null;
  function plan() {
    if (!seconden || !waarschuwing) { return; }
    clearTimeout(timer);
    waarschuwing.hidden = true;
    timer = setTimeout(function () { waarschuwing.hidden = false; }, Math.max(0, seconden - 300) * 1000);
  }
  var knop = document.getElementById("sessie-verlengen");
  if (knop) {
    knop.addEventListener("click", function () {
      fetch(window.location.href, { method: "HEAD", credentials: "same-origin" }).then(plan);
    });
  }
  plan();
})();
