// Small enhancements only: every feature also works without this script.
(function () {
  "use strict";
  // A form that undoes something a resident cannot easily get back (a seat given to the next
  // in line) asks once more before it is sent. Without JavaScript it is sent at once.
  document.addEventListener("submit", function (event) {
    var message =
      event.target.getAttribute("data-confirm") ||
      (event.submitter && event.submitter.getAttribute("data-confirm"));
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // 重新发送 waits until a new code may be sent, counting down the seconds the server gave.
  var resend = document.querySelector("[data-resend-wait]");
  if (resend) {
    var note = document.querySelector("[data-resend-note]");
    var label = resend.getAttribute("data-resend-label");
    var resendAt = Date.now() + parseInt(resend.getAttribute("data-resend-wait"), 10) * 1000;
    var countdown = function () {
      var left = Math.max(0, Math.round((resendAt - Date.now()) / 1000));
      resend.disabled = left > 0;
      resend.textContent = left > 0 ? label + "（" + left + "秒）" : label;
      if (note) {
        note.hidden = left === 0;
      }
      return left;
    };
    if (countdown() > 0) {
      var timer = window.setInterval(function () {
        if (countdown() === 0) {
          window.clearInterval(timer);
        }
      }, 1000);
    }
  }
  // --- Form errors ---------------------------------------------------------------------------
  // After a failed POST the error summary at the top of the form takes the focus and comes into
  // view. It carries autofocus; this covers browsers that do not act on it for a <div>.
  var formErrors = document.getElementById("form-errors");
  if (formErrors && document.activeElement !== formErrors) {
    formErrors.focus({ preventScroll: true });
    formErrors.scrollIntoView({ block: "start" });
  }
  // --- end of form errors ---------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
  // 订阅更新: a tap on the feed's address selects all of it, ready to copy.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-select-all]")) {
      event.target.select();
    }
  });

  // The quiz clock counts down from the seconds the server says are left (the server's clock
  // decides; the phone's may be wrong) and hands the paper in when time is up. Answers are
  // saved on every change, so a dropped connection or a reload loses nothing.
  var clock = document.querySelector("[data-remaining]");
  var paper = document.querySelector("form[data-autosave]");
  if (clock && paper) {
    var shown = clock.querySelector("[data-countdown]");
    var state = clock.querySelector("[data-save-state]");
    var endsAt = Date.now() + parseInt(clock.getAttribute("data-remaining"), 10) * 1000;
    var handedIn = false;
    var format = function (seconds) {
      var minutes = Math.floor(seconds / 60);
      var rest = seconds % 60;
      return minutes ? minutes + "分" + (rest < 10 ? "0" : "") + rest + "秒" : rest + "秒";
    };
    var tick = function () {
      var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      shown.textContent = format(left);
      clock.classList.toggle("ending", left <= 60);
      if (left === 0 && !handedIn) {
        handedIn = true;  // time is up: handed in without asking
        confirmHandIn();
        paper.requestSubmit(paper.querySelector("[data-hand-in]"));
      }
    };
    // 交卷 asks once more and says how many questions are still blank. The resident's yes
    // travels with the paper (confirm=1), so the server does not ask a second time.
    var confirmHandIn = function () {
      if (!paper.querySelector("input[name=confirm]")) {
        var yes = document.createElement("input");
        yes.type = "hidden";
        yes.name = "confirm";
        yes.value = "1";
        paper.appendChild(yes);
      }
    };
    paper.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (handedIn || !button || !button.hasAttribute("data-hand-in")) {
        return;
      }
      var blank = 0;
      paper.querySelectorAll("fieldset.quiz-question").forEach(function (question) {
        if (!question.querySelector("input:checked")) {
          blank += 1;
        }
      });
      var question = blank
        ? button.getAttribute("data-confirm-blank").replace("{n}", blank)
        : button.getAttribute("data-confirm-all");
      if (window.confirm(question)) {
        confirmHandIn();
      } else {
        event.preventDefault();
      }
    });
    tick();
    window.setInterval(tick, 1000);
    paper.addEventListener("change", function () {
      var body = new FormData(paper);
      body.delete("action");
      fetch(paper.getAttribute("data-autosave"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      })
        .then(function (response) { return response.json(); })
        .then(function (reply) {
          if (reply.message) {
            state.textContent = reply.message;
          } else {
            state.textContent = state.getAttribute("data-saved") + " " +
              new Date().toLocaleTimeString("zh-CN", { hour12: false });
            endsAt = Date.now() + reply.remaining * 1000;
          }
        })
        .catch(function () {
          state.textContent = state.getAttribute("data-offline");
        });
    });
  }
})();
