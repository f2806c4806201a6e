// Small enhancements only: every feature also works without this script.
(function () {
  "use strict";
  // A form that undoes something a resident cannot easily get back (a seat given to the next
  // in line) asks once more before it is sent. Without JavaScript it is sent at once.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
