/* Broadsheet comments: move the reply form under the comment being answered, and remember the
   commenter's details in this browser when they ask for it. Everything works without this file:
   Reply links fall back to ?replyto=ID#respond. */
(function () {
  "use strict";

  var OLD_STORAGE_KEY = "broadsheet:comment-author";  // before the cookie; removed

  function byId(id) { return document.getElementById(id); }

  function setupReplies() {
    var respond = byId("respond");
    var home = byId("respond-home");
    var form = byId("commentform");
    if (!respond || !home || !form) { return; }
    var parentInput = form.querySelector("input[name=parent]");
    var cancel = byId("cancel-comment-reply-link");
    // The heading's two texts come translated from the page (respond.html): "Leave a Reply"
    // and "Leave a Reply to %(name)s", in the blog's language.
    var title = respond.querySelector(".reply-title-text");
    var textarea = form.querySelector("textarea");

    function moveTo(commentId, name) {
      var li = byId("comment-" + commentId);
      var body = byId("div-comment-" + commentId);
      if (!li || !body) { return false; }
      body.insertAdjacentElement("afterend", respond);
      if (parentInput) { parentInput.value = commentId; }
      if (title && title.dataset.replyTo) { title.textContent = title.dataset.replyTo.replace("%(name)s", name); }
      if (cancel) { cancel.hidden = false; }
      if (textarea) { textarea.focus(); }
      return true;
    }

    function moveHome() {
      home.insertBefore(respond, home.firstChild);
      if (parentInput) { parentInput.value = ""; }
      if (title && title.dataset.leave) { title.textContent = title.dataset.leave; }
      if (cancel) { cancel.hidden = true; }
    }

    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest(".comment-reply-link") : null;
      if (link && moveTo(link.getAttribute("data-commentid"), link.getAttribute("data-replyto"))) {
        event.preventDefault();
        return;
      }
      if (cancel && event.target === cancel) {
        event.preventDefault();
        moveHome();
        if (history.replaceState) {
          history.replaceState(null, "", location.pathname + location.search.replace(/([?&])replyto=\d+&?/, "$1").replace(/[?&]$/, "") + "#respond");
        }
      }
    });
  }

  /* "Save my name, email, and website": the comment_author cookie of a year (set by the server
     when the comment is posted, see comments/remember.py). A page from the page cache is filled
     in from it here; unticking the box forgets it at once. */
  var COOKIE = "comment_author";
  var YEAR = 365 * 24 * 3600;

  function readSaved() {
    var match = document.cookie.match(new RegExp("(?:^|; )" + COOKIE + "=([^;]*)"));
    if (!match) { return null; }
    try { return JSON.parse(decodeURIComponent(match[1])); } catch (e) { return null; }
  }

  function writeSaved(values) {
    var secure = location.protocol === "https:" ? "; Secure" : "";
    var value = values ? encodeURIComponent(JSON.stringify(values)) : "";
    var age = values ? YEAR : 0;
    document.cookie = COOKIE + "=" + value + "; Max-Age=" + age + "; Path=/; SameSite=Lax" + secure;
  }

  function setupRemember() {
    var form = byId("commentform");
    if (!form) { return; }
    var remember = form.querySelector("input[name=remember]");
    if (!remember) { return; }
    try { window.localStorage && localStorage.removeItem(OLD_STORAGE_KEY); } catch (e) { /* none */ }
    var fields = ["author", "email", "url"];
    var saved = readSaved();
    if (saved && typeof saved === "object") {
      fields.forEach(function (name) {
        var input = form.querySelector("input[name=" + name + "]");
        if (input && !input.value && typeof saved[name] === "string") { input.value = saved[name]; }
      });
      remember.checked = true;
    }
    remember.addEventListener("change", function () {
      if (!remember.checked) { writeSaved(null); }
    });
    form.addEventListener("submit", function () {
      if (!remember.checked) { writeSaved(null); return; }
      var values = {};
      fields.forEach(function (name) {
        var input = form.querySelector("input[name=" + name + "]");
        values[name] = input ? input.value : "";
      });
      writeSaved(values);
    });
  }

  /* The page may come from the page cache: before the first keystroke, fetch a fresh form
     timestamp and CSRF token (the form still works without them for a freshly rendered page).
     The request carries the page's own timestamp and how long the page has been shown, so the
     fresh one keeps the time the page was shown: the "sent back too quickly" rule measures the
     reader's whole visit, not the seconds since they clicked into the form. */
  function setupFreshToken() {
    var form = byId("commentform");
    if (!form || !window.fetch) { return; }
    var url = form.getAttribute("data-token-url");
    if (!url) { return; }
    var done = false;
    form.addEventListener("focusin", function () {
      if (done) { return; }
      done = true;
      var ts = form.querySelector("input[name=ts]");
      var shown = window.performance && performance.now ? performance.now() / 1000 : "";
      var query = "?ts=" + encodeURIComponent(ts ? ts.value : "") + "&shown=" + shown;
      fetch(url + query, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
          if (ts && data.ts) { ts.value = data.ts; }
          if (csrf && data.csrf) { csrf.value = data.csrf; }
        })
        .catch(function () { done = false; });
    });
  }

  /* A comment sent back with errors: the summary takes the focus (autofocus does too), and each
     of its links puts the focus in its field. */
  function setupErrorSummary() {
    var summary = byId("comment-errors");
    if (!summary) { return; }
    if (document.activeElement !== summary) { summary.focus(); }
    summary.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
      var field = link ? byId(link.getAttribute("href").slice(1)) : null;
      if (!field) { return; }
      event.preventDefault();
      field.focus();
      if (field.scrollIntoView) { field.scrollIntoView({ block: "center" }); }
    });
  }


  /* Long and deep branches come folded: their replies are in the page, hidden, behind a link
     that asks the server for them (?cexpand=ID). Here the link becomes a button that shows and
     hides them in place; a comment the address points at is unfolded. */
  function setupFolds() {
    var links = document.querySelectorAll("a.comment-fold-link[data-fold]");
    var hideText = window.gettext ? window.gettext("Hide these replies") : "Hide these replies";
    Array.prototype.forEach.call(links, function (link) {
      var list = byId(link.getAttribute("data-fold"));
      if (!list) { return; }
      var showText = link.textContent;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "comment-fold-button";
      button.setAttribute("aria-expanded", list.hidden ? "false" : "true");
      button.setAttribute("aria-controls", list.id);
      button.textContent = list.hidden ? showText : hideText;
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") === "true";
        list.hidden = open;
        button.setAttribute("aria-expanded", open ? "false" : "true");
        button.textContent = open ? showText : hideText;
      });
      link.parentNode.replaceChild(button, link);
    });
    function reveal() {
      var target = location.hash && location.hash.length > 1 ? byId(location.hash.slice(1)) : null;
      var node = target;
      while (node && node !== document.body) {
        if (node.classList && node.classList.contains("comment-folded") && node.hidden) {
          node.hidden = false;
          var control = document.querySelector("[aria-controls='" + node.id + "']");
          if (control) {
            control.setAttribute("aria-expanded", "true");
            control.textContent = hideText;
          }
        }
        node = node.parentNode;
      }
      if (target && target.scrollIntoView) { target.scrollIntoView(); }
    }
    if (location.hash) { reveal(); }
    window.addEventListener("hashchange", reveal);
  }

  /* The order of the thread (Oldest / Newest / Best) is in the address (?corder=); the reader's
     choice is remembered in this browser, and an address without one opens in it. */
  var ORDER_KEY = "broadsheet:comment-order";

  function setupOrder() {
    var nav = document.querySelector(".comment-order[data-default-order]");
    if (!nav) { return; }
    nav.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-order]") : null;
      if (!link) { return; }
      try { localStorage.setItem(ORDER_KEY, link.getAttribute("data-order")); } catch (e) { /* none */ }
    });
    var query = location.search;
    if (/[?&](corder|cpage|replyto|cexpand|liked)=/.test(query)) { return; }
    if (/^#(comment-|respond|comment-errors)/.test(location.hash)) { return; }
    var saved = null;
    try { saved = localStorage.getItem(ORDER_KEY); } catch (e) { return; }
    if (!saved || saved === nav.getAttribute("data-default-order")) { return; }
    var link = nav.querySelector("a[data-order='" + saved + "']");
    if (link) { location.replace(link.href.split("#")[0]); }
  }

  setupOrder();
  setupFolds();
  setupErrorSummary();
  setupReplies();
  setupRemember();
  setupFreshToken();
})();
