/* The writing desk (the post form in the admin), added on top of a plain form that works alone:
   a toolbar and shortcuts, a live preview from the server's own renderer, images dropped, pasted
   or picked into the body, autosave (to the server and this browser) with an offer to restore,
   and a question before leaving with unsaved changes. Our own code, served from /static/. */
(function () {
  "use strict";

  const settings = document.getElementById("editor-settings");
  const body = document.getElementById("id_body");
  const form = body && body.form;
  if (!settings || !body || !form) return;

  const title = document.getElementById("id_title");
  const excerpt = document.getElementById("id_excerpt");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const storageKey = settings.dataset.storageKey;
  const autosaveSeconds = Number(settings.dataset.autosaveSeconds || 5);

  // --- Layout: toolbar above, preview beside (below on a phone), a status line ---------------
  const editor = document.createElement("div");
  editor.className = "editor";
  const toolbar = document.createElement("div");
  toolbar.className = "editor-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", "Formatting");
  toolbar.setAttribute("aria-controls", "id_body");
  const panes = document.createElement("div");
  panes.className = "editor-panes";
  const preview = document.createElement("section");
  preview.className = "editor-preview post-body";
  preview.setAttribute("aria-label", "Live preview");
  preview.setAttribute("aria-live", "polite");
  preview.setAttribute("aria-busy", "false");
  const status = document.createElement("p");
  status.className = "editor-status";
  const counts = document.createElement("span");
  const saved = document.createElement("span");
  saved.setAttribute("role", "status");
  status.append(counts, saved);

  body.parentNode.insertBefore(editor, body);
  panes.append(body, preview);
  editor.append(toolbar, panes, status);

  // --- Toolbar and shortcuts ----------------------------------------------------------------
  function selection() {
    return { start: body.selectionStart, end: body.selectionEnd, text: body.value.slice(body.selectionStart, body.selectionEnd) };
  }

  function replace(start, end, text, selectFrom, selectTo) {
    body.focus();
    body.setRangeText(text, start, end, "end");
    if (selectFrom !== undefined) body.setSelectionRange(start + selectFrom, start + selectTo);
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function wrap(marker, placeholder) {
    const s = selection();
    const inner = s.text || placeholder;
    replace(s.start, s.end, marker + inner + marker, marker.length, marker.length + inner.length);
  }

  function prefixLines(prefix, numbered) {
    const value = body.value;
    const start = value.lastIndexOf("\n", body.selectionStart - 1) + 1;
    let end = value.indexOf("\n", body.selectionEnd);
    if (end === -1) end = value.length;
    const lines = value.slice(start, end).split("\n");
    const text = lines.map((line, i) => (numbered ? `${i + 1}. ` : prefix) + line).join("\n");
    replace(start, end, text, 0, text.length);
  }

  function link() {
    const s = selection();
    const label = s.text || "link text";
    const url = window.prompt("Address of the link (https://…, or /a/path/ on this blog)", "https://");
    if (!url) return;
    replace(s.start, s.end, `[${label}](${url})`, 1, 1 + label.length);
  }

  function codeBlock() {
    const s = selection();
    if (s.text.includes("\n")) replace(s.start, s.end, "\n```\n" + s.text + "\n```\n");
    else wrap("`", "code");
  }

  const tools = [
    ["Bold", "B", "Ctrl+B", () => wrap("**", "bold text")],
    ["Italic", "I", "Ctrl+I", () => wrap("_", "italic text")],
    ["Heading 2", "H2", "", () => prefixLines("## ")],
    ["Heading 3", "H3", "", () => prefixLines("### ")],
    ["Link", "Link", "Ctrl+K", link],
    ["Quote", "“ ”", "", () => prefixLines("> ")],
    ["Bulleted list", "• List", "", () => prefixLines("- ")],
    ["Numbered list", "1. List", "", () => prefixLines("", true)],
    ["Code", "</>", "", codeBlock],
    ["Image", "Image", "", () => pickImage(insertFigure)],
  ];
  for (const [name, label, keys, action] of tools) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.setAttribute("aria-label", name);
    button.title = keys ? `${name} (${keys})` : name;
    if (keys) button.setAttribute("aria-keyshortcuts", keys.replace("Ctrl", "Control"));
    button.addEventListener("click", action);
    toolbar.append(button);
  }
  body.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const action = { b: () => wrap("**", "bold text"), i: () => wrap("_", "italic text"), k: link }[event.key.toLowerCase()];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  // --- The body grows with its text ---------------------------------------------------------
  function grow() {
    body.style.height = "auto";
    body.style.height = Math.max(body.scrollHeight + 4, 320) + "px";
  }

  // --- Live preview: the server's Markdown + sanitizer, debounced ---------------------------
  let previewTimer = null;
  let previewRequest = 0;
  function post(url, data) {
    return fetch(url, { method: "POST", body: data, headers: { "X-CSRFToken": csrf }, credentials: "same-origin" });
  }
  function refreshPreview() {
    const ticket = ++previewRequest;
    const data = new FormData();
    data.append("body", body.value);
    preview.setAttribute("aria-busy", "true");
    post(settings.dataset.previewUrl, data)
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((result) => {
        if (ticket !== previewRequest) return;
        preview.innerHTML = result.html; // sanitized by the server, as on the published page
        counts.textContent = `${result.words} words · ${result.minutes} min read`;
      })
      .catch(() => {
        counts.textContent = "The preview could not be updated (are you still signed in?)";
      })
      .finally(() => preview.setAttribute("aria-busy", "false"));
  }
  function schedulePreview() {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(refreshPreview, 400);
  }

  // --- Images: drop, paste or pick; alt text asked; a figure inserted on its own paragraph ---
  const dialog = document.createElement("dialog");
  dialog.className = "editor-image-dialog";
  dialog.setAttribute("aria-labelledby", "editor-image-heading");
  dialog.innerHTML =
    '<form method="dialog">' +
    '<h2 id="editor-image-heading">Add an image</h2>' +
    '<p class="editor-image-name"></p>' +
    '<p><label for="editor-image-alt">Alt text (required): what the picture shows</label>' +
    '<input id="editor-image-alt" name="alt_text" required maxlength="300"></p>' +
    '<p><label for="editor-image-caption">Caption (optional)</label>' +
    '<input id="editor-image-caption" name="caption" maxlength="500"></p>' +
    '<p><label for="editor-image-credit">Credit (optional), e.g. “photo: Jane Doe”</label>' +
    '<input id="editor-image-credit" name="credit" maxlength="300"></p>' +
    '<p class="editor-image-error" role="alert"></p>' +
    '<p><button type="submit" value="upload" class="default">Upload and insert</button> ' +
    '<button type="submit" value="cancel" formnovalidate>Cancel</button></p>' +
    "</form>";
  document.body.append(dialog);
  const dialogForm = dialog.querySelector("form");
  const dialogError = dialog.querySelector(".editor-image-error");
  let pending = null;

  function askAndUpload(file, done) {
    // Where the figure goes: the caret as it was before the dialog took the focus.
    pending = { file, done, at: [body.selectionStart, body.selectionEnd] };
    dialogForm.reset();
    dialogError.textContent = "";
    dialog.querySelector(".editor-image-name").textContent = file.name || "Pasted image";
    dialog.showModal();
    dialog.querySelector("#editor-image-alt").focus();
  }
  dialogForm.addEventListener("submit", (event) => {
    if (event.submitter && event.submitter.value === "cancel") {
      pending = null;
      return;
    }
    event.preventDefault();
    const alt = dialogForm.alt_text.value.trim();
    if (!alt) {
      dialogError.textContent = "Describe the picture in its alt text.";
      dialogForm.alt_text.focus();
      return;
    }
    const data = new FormData();
    data.append("file", pending.file, pending.file.name || "pasted-image.png");
    data.append("alt_text", alt);
    data.append("caption", dialogForm.caption.value);
    data.append("credit", dialogForm.credit.value);
    if (settings.dataset.postId) data.append("post", settings.dataset.postId);
    dialogError.textContent = "Uploading…";
    post(settings.dataset.uploadUrl, data)
      .then((response) => response.json().then((result) => ({ ok: response.ok, result })))
      .then(({ ok, result }) => {
        if (!ok) {
          dialogError.textContent = result.error || "The image could not be uploaded.";
          return;
        }
        dialog.close();
        pending.done(result, pending.at);
        pending = null;
      })
      .catch(() => {
        dialogError.textContent = "The image could not be uploaded: the connection failed.";
      });
  });

  function pickImage(done) {
    const input = document.createElement("input");
    input.type = "file";
    input.accept = "image/jpeg,image/png,image/gif,image/webp";
    input.addEventListener("change", () => input.files[0] && askAndUpload(input.files[0], done));
    input.click();
  }

  function insertFigure(result, at) {
    const [start, end] = at || [body.selectionStart, body.selectionEnd];
    const before = body.value.slice(0, start);
    const after = body.value.slice(end);
    const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
    const tail = after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
    replace(start, end, lead + result.markdown + tail);
  }

  function imageFiles(list) {
    return Array.from(list || []).filter((file) => file.type.startsWith("image/"));
  }
  body.addEventListener("dragover", (event) => {
    if (Array.from(event.dataTransfer.types).includes("Files")) {
      event.preventDefault();
      body.classList.add("is-dropping");
    }
  });
  body.addEventListener("dragleave", () => body.classList.remove("is-dropping"));
  body.addEventListener("drop", (event) => {
    body.classList.remove("is-dropping");
    const files = imageFiles(event.dataTransfer.files);
    if (!files.length) return;
    event.preventDefault();
    askAndUpload(files[0], insertFigure);
  });
  body.addEventListener("paste", (event) => {
    const files = imageFiles(event.clipboardData && event.clipboardData.files);
    if (!files.length) return;
    event.preventDefault();
    askAndUpload(files[0], insertFigure);
  });

  // The featured image: uploaded in place, then chosen in its list.
  const featured = document.getElementById("id_featured_image");
  if (featured) {
    const upload = document.createElement("button");
    upload.type = "button";
    upload.className = "editor-featured-upload";
    upload.textContent = "Upload a featured image";
    upload.addEventListener("click", () =>
      pickImage((result) => {
        const option = new Option(result.alt_text, String(result.id), true, true);
        featured.append(option);
        featured.dispatchEvent(new Event("change", { bubbles: true }));
        markDirty();
      })
    );
    featured.insertAdjacentElement("afterend", upload);
  }

  // --- Autosave, restore, and the question before leaving ------------------------------------
  function current() {
    return { title: title ? title.value : "", excerpt: excerpt ? excerpt.value : "", body: body.value };
  }
  function same(a, b) {
    return a.title === b.title && a.excerpt === b.excerpt && a.body === b.body;
  }
  let lastSaved = current();
  let dirty = false;
  function markDirty() {
    dirty = true;
  }

  function storeLocally(state) {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify({ ...state, saved_at: new Date().toISOString() }));
    } catch (error) {
      /* storage full or disabled: the server copy still goes */
    }
  }
  function autosave() {
    const state = current();
    if (same(state, lastSaved)) return;
    storeLocally(state);
    lastSaved = state;
    const url = settings.dataset.autosaveUrl;
    if (!url) {
      saved.textContent = ` · Kept in this browser at ${new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`;
      return;
    }
    const data = new FormData();
    for (const [key, value] of Object.entries(state)) data.append(key, value);
    post(url, data)
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((result) => {
        saved.textContent = ` · Autosaved at ${result.label}`;
      })
      .catch(() => {
        saved.textContent = " · Autosave to the server failed; a copy is kept in this browser";
      });
  }
  window.setInterval(autosave, autosaveSeconds * 1000);

  function offerRestore() {
    const here = current();
    const candidates = [];
    const server = document.getElementById("editor-server-autosave");
    if (server) candidates.push(JSON.parse(server.textContent));
    try {
      const local = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      if (local) candidates.push(local);
    } catch (error) {
      /* unreadable copy: nothing to offer */
    }
    const offers = candidates.filter((c) => c && !same(c, here)).sort((a, b) => (a.saved_at < b.saved_at ? 1 : -1));
    if (!offers.length) return;
    const offer = offers[0];
    const when = new Date(offer.saved_at);
    const label = offer.label || when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    const banner = document.createElement("div");
    banner.className = "editor-restore";
    banner.setAttribute("role", "alert");
    const text = document.createElement("p");
    text.textContent = `Restore the autosave from ${label}? It differs from the saved post.`;
    const yes = document.createElement("button");
    yes.type = "button";
    yes.textContent = "Restore the autosave";
    const no = document.createElement("button");
    no.type = "button";
    no.textContent = "Dismiss";
    banner.append(text, yes, no);
    editor.parentNode.insertBefore(banner, editor);
    yes.addEventListener("click", () => {
      if (title) title.value = offer.title || "";
      if (excerpt) excerpt.value = offer.excerpt || "";
      body.value = offer.body || "";
      banner.remove();
      markDirty();
      grow();
      refreshPreview();
      body.focus();
    });
    no.addEventListener("click", () => {
      banner.remove();
      window.localStorage.removeItem(storageKey);
    });
  }

  // A save that went through forgets the browser's copy (a page with errors keeps it).
  const submitted = window.sessionStorage.getItem("broadsheet-submitted");
  if (submitted && !document.querySelector(".errornote")) {
    window.localStorage.removeItem(submitted);
    window.localStorage.removeItem(storageKey);
  }
  window.sessionStorage.removeItem("broadsheet-submitted");
  form.addEventListener("submit", (event) => {
    const previewing = event.submitter && event.submitter.hasAttribute("formtarget");
    if (previewing) return;
    storeLocally(current());
    window.sessionStorage.setItem("broadsheet-submitted", storageKey);
    dirty = false;
  });
  window.addEventListener("beforeunload", (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);

  // "Publish" becomes "Schedule" when the date chosen is still to come.
  const publish = form.querySelector("[data-publish-button]");
  const day = document.getElementById("id_published_at_0");
  const time = document.getElementById("id_published_at_1");
  function publishLabel() {
    if (!publish || !day || !day.value) return;
    const when = new Date(`${day.value}T${(time && time.value) || "00:00"}`);
    publish.textContent = !Number.isNaN(when.getTime()) && when > new Date() ? "Schedule" : "Publish";
  }
  for (const input of [day, time]) if (input) input.addEventListener("change", publishLabel);

  body.addEventListener("input", () => {
    grow();
    schedulePreview();
  });
  grow();
  refreshPreview();
  offerRestore();
})();
