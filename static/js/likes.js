/* Broadsheet likes: like and unlike without a reload. The buttons are forms that work without
   this file (they post and come back to the comment). Pages may come from the page cache, shared
   by every reader, so they carry neither fresh counts nor this reader's likes: one small request
   (the section's data-likes-url) brings both, from this browser's cookie or the account. */
(function () {
  "use strict";

  var section = document.querySelector("[data-likes-url]");
  if (!section || !window.fetch) { return; }
  var forms = section.querySelectorAll("form.like-form");
  if (!forms.length) { return; }

  function keyOf(form) { return form.getAttribute("data-like-key"); }

  /* Buttons this reader has pressed since the page loaded: the answer to their own POST is newer
     than the state asked for at load, which may arrive after it and must not set them back. */
  var pressed = {};

  /* A count in the page's language's digits, as the server writes it (core/digits.py): the
     browser's own number format for the page's lang (Persian ۱۲۳, Arabic and the others 123). */
  var numbers = window.Intl ? new Intl.NumberFormat(document.documentElement.lang || undefined, { useGrouping: false }) : null;
  function written(count) { return numbers ? numbers.format(count) : String(count); }

  function show(form, count, liked) {
    var button = form.querySelector(".like-button");
    var counter = form.querySelector(".like-count");
    if (typeof liked === "boolean" && button) {
      button.setAttribute("aria-pressed", liked ? "true" : "false");
      form.setAttribute("action", form.getAttribute(liked ? "data-unlike-url" : "data-like-url"));
    }
    if (typeof count === "number" && counter) {
      var text = "";
      if (count && window.ngettext && window.interpolate) {
        text = window.interpolate(window.ngettext("%(count)s like", "%(count)s likes", count), { count: written(count) }, true);
      } else if (count) {
        text = written(count) + (count === 1 ? " like" : " likes");
      }
      if (counter.textContent !== text) { counter.textContent = text; }
    }
  }

  function applyState(state) {
    var liked = {};
    (state.liked || []).forEach(function (pk) { liked[String(pk)] = true; });
    Array.prototype.forEach.call(forms, function (form) {
      var key = keyOf(form);
      if (pressed[key]) {
        return;
      } else if (key === "post") {
        show(form, state.post.count, !!state.post.liked);
      } else {
        show(form, (state.comments || {})[key] || 0, !!liked[key]);
      }
    });
  }

  fetch(section.getAttribute("data-likes-url"), {
    credentials: "same-origin",
    headers: { "Accept": "application/json" }
  })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (state) { if (state) { applyState(state); } })
    .catch(function () { /* the page's own counts stay */ })
    .then(function () { section.setAttribute("data-likes-state", "loaded"); });

  section.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("like-form")) { return; }
    event.preventDefault();
    pressed[keyOf(form)] = true;
    var button = form.querySelector(".like-button");
    var counter = form.querySelector(".like-count");
    var undo = button && button.getAttribute("aria-pressed") === "true";
    var url = form.getAttribute(undo ? "data-unlike-url" : "data-like-url");
    if (button) { button.disabled = true; }
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
      body: new FormData(form)
    })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (answer) {
        if (answer.ok) {
          show(form, answer.data.count, answer.data.liked);
        } else if (counter && answer.data.error) {
          counter.textContent = answer.data.error;
        }
      })
      .catch(function () { form.submit(); })
      .then(function () { if (button) { button.disabled = false; } });
  });
})();
