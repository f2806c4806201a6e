// 朗读: reads the page's title and text aloud with the browser's own speech synthesis, in a
// Chinese voice. No sound files and no outside service. The controls stay hidden without
// JavaScript and where the browser has no Chinese voice; voices that arrive late bring them.
(function () {
  "use strict";
  var box = document.querySelector("[data-read-aloud]");
  var synth = window.speechSynthesis;
  if (!box || !synth || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var startButton = box.querySelector("[data-read-start]");
  var pauseButton = box.querySelector("[data-read-pause]");
  var stopButton = box.querySelector("[data-read-stop]");
  var status = box.querySelector("[data-read-status]");
  // What is read, after the title: an event's facts, a notice's period, the intro and the body;
  // never the menus, the footer or the forms.
  var PARTS = ".event-facts, .notice-window, .lead, .body";
  // Chromium cuts off an utterance after about 15 seconds, some 60 Chinese characters.
  var LONGEST = 60;

  var voice = null;
  var chunks = [];
  var position = 0;
  var state = "idle"; // "reading", "paused" or "idle"
  // Bumped on every start, pause and stop: a cancelled utterance's late events are ignored.
  var run = 0;
  // The utterance being spoken is kept referenced: Chromium drops the events of one that is
  // garbage collected, and reading would stop after a sentence.
  var current = null;

  // Mandarin in simplified characters first; a Cantonese (zh-HK) voice only as a last resort.
  var PREFERRED = ["zh-cn", "zh-hans", "zh-sg", "zh", "zh-tw", "zh-hant", "zh-hk"];
  function score(candidate) {
    // Some phones name Mandarin "cmn-Hans-CN" or write zh_CN; Cantonese may be "yue".
    var lang = String(candidate.lang || "")
      .toLowerCase()
      .replace(/_/g, "-")
      .replace(/^cmn(-|$)/, "zh$1")
      .replace(/^yue(-|$)/, "zh-hk$1");
    if (!/^zh(-|$)/.test(lang)) {
      return 0;
    }
    var rank = 1;
    for (var i = 0; i < PREFERRED.length; i += 1) {
      // "zh" alone says nothing of the script; zh-TW must not pass for it.
      var prefix = PREFERRED[i] === "zh" ? null : PREFERRED[i] + "-";
      if (lang === PREFERRED[i] || (prefix && lang.indexOf(prefix) === 0)) {
        rank = PREFERRED.length - i + 1;
        break;
      }
    }
    // A voice on the device itself before one that sends the text to a server.
    return rank * 2 + (candidate.localService === false ? 0 : 1);
  }
  function chineseVoice() {
    var best = null;
    var bestScore = 0;
    (synth.getVoices() || []).forEach(function (candidate) {
      var value = score(candidate);
      if (value > bestScore) {
        best = candidate;
        bestScore = value;
      }
    });
    return best;
  }
  function showIfVoice() {
    voice = chineseVoice() || (state === "idle" ? null : voice);
    box.hidden = !voice;
  }

  function textOf(element) {
    if (element.tagName === "DL") {
      // 时间：…。地点：…。 rather than each term on its own.
      return Array.prototype.map
        .call(element.querySelectorAll("dt"), function (term) {
          var detail = term.nextElementSibling;
          return term.innerText + "：" + (detail ? detail.innerText : "") + "。";
        })
        .join("\n");
    }
    return element.innerText;
  }
  function split(text) {
    var pieces = [];
    text
      .replace(/(\d)\s*[–—]\s*(?=\d)/g, "$1至") // 09:30 – 11:30: 九点半至十一点半
      .split(/\n+/)
      .forEach(function (line) {
        var sentences = line.match(/[^。！？；!?;]+[。！？；!?;]*[”’」』）)]*/g) || [];
        sentences.forEach(function (sentence) {
          sentence = sentence.trim();
          while (sentence.length > LONGEST) {
            var cut = Math.max(
              sentence.lastIndexOf("，", LONGEST),
              sentence.lastIndexOf("、", LONGEST),
              sentence.lastIndexOf(",", LONGEST)
            );
            cut = cut > LONGEST / 3 ? cut + 1 : LONGEST;
            pieces.push(sentence.slice(0, cut));
            sentence = sentence.slice(cut).trim();
          }
          if (/[\p{L}\p{N}]/u.test(sentence)) {
            pieces.push(sentence);
          }
        });
      });
    return pieces;
  }
  function pageText() {
    var root = box.closest("article") || document.querySelector("main") || document.body;
    var title = root.querySelector("h1");
    var parts = title ? [title.innerText.trim()] : [];
    root.querySelectorAll(PARTS).forEach(function (element) {
      parts.push.apply(parts, split(textOf(element)));
    });
    return parts.filter(Boolean);
  }

  function speakFrom(index, token) {
    if (token !== run) {
      return;
    }
    if (index >= chunks.length) {
      finish();
      return;
    }
    position = index;
    var utterance = new window.SpeechSynthesisUtterance(chunks[index]);
    var settled = false;
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = 0.9; // a little slower than usual, for older listeners
    utterance.onend = function () {
      if (!settled) {
        settled = true;
        speakFrom(index + 1, token);
      }
    };
    utterance.onerror = function () {
      if (!settled) {
        settled = true;
        if (token === run) {
          finish();
        }
      }
    };
    current = utterance;
    synth.speak(utterance);
  }

  function show(next) {
    var focused = box.contains(document.activeElement);
    state = next;
    startButton.hidden = state !== "idle";
    pauseButton.hidden = stopButton.hidden = state === "idle";
    pauseButton.textContent = pauseButton.getAttribute(
      state === "paused" ? "data-label-resume" : "data-label-pause"
    );
    status.textContent =
      state === "idle" ? "" : status.getAttribute(state === "paused" ? "data-paused" : "data-reading");
    if (focused) {
      (state === "idle" ? startButton : pauseButton).focus();
    }
  }
  function play() {
    run += 1;
    show("reading");
    speakFrom(position, run);
  }
  // Pausing cancels and resuming says the interrupted sentence again: pause() and resume() do
  // nothing, or stop for good, in several phones' browsers.
  function pause() {
    run += 1;
    synth.cancel();
    show("paused");
  }
  function finish() {
    run += 1;
    position = 0;
    current = null;
    synth.cancel();
    show("idle");
    showIfVoice();
  }

  startButton.addEventListener("click", function () {
    synth.cancel();
    chunks = pageText();
    position = 0;
    play();
  });
  pauseButton.addEventListener("click", function () {
    if (state === "paused") {
      play();
    } else {
      pause();
    }
  });
  stopButton.addEventListener("click", finish);
  // Leaving the page stops reading: some browsers would go on speaking over the next one.
  window.addEventListener("pagehide", function () {
    if (state !== "idle") {
      finish();
    }
  });
  if (typeof synth.addEventListener === "function") {
    synth.addEventListener("voiceschanged", showIfVoice);
  } else {
    synth.onvoiceschanged = showIfVoice;
  }
  showIfVoice();
})();
