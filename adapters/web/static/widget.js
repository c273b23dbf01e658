/* csbot web chat widget. Embed with one line:
 *   <script src="https://your-csbot-host/widget.js" defer></script>
 * Plain JavaScript, no build step. Everything lives in a shadow root so the shop's
 * styles and the widget's never touch. Every text is set with textContent: markup
 * written by a customer, a member of staff or the model shows as text.
 */
(function () {
  "use strict";

  var script = document.currentScript || document.querySelector('script[src$="/widget.js"]');
  if (!script || window.__csbotWidget) { return; }
  window.__csbotWidget = true; // a page that includes the tag twice still gets one widget

  var base = new URL(script.src, location.href);
  var socketUrl = (base.protocol === "https:" ? "wss://" : "ws://") + base.host + "/chat";
  var tokenKey = "csbot.web.token:" + base.origin;
  var RECONNECT_MAX_MS = 30000;
  var MAX_RESENDS = 5; // a message the server could not store is sent again this many times

  // --- storage: localStorage may be disabled (private mode, blocked cookies) ---
  var memory = {};
  function loadToken() {
    try { return window.localStorage.getItem(tokenKey); } catch (e) { return memory[tokenKey] || null; }
  }
  function saveToken(token) {
    try { window.localStorage.setItem(tokenKey, token); } catch (e) { memory[tokenKey] = token; }
  }
  function forgetToken() {
    try { window.localStorage.removeItem(tokenKey); } catch (e) { delete memory[tokenKey]; }
  }

  // --- DOM ---
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var host = el("div", { id: "csbot-widget" });
  host.style.display = "none"; // shown once the stylesheet is in, so nothing flashes unstyled
  var root = host.attachShadow({ mode: "open" });
  var sheet = el("link", { rel: "stylesheet", href: new URL("/widget.css", base).href });
  sheet.addEventListener("load", function () { host.style.display = ""; });
  sheet.addEventListener("error", function () { host.style.display = ""; });

  var launcher = el("button", {
    type: "button", "class": "launcher", "aria-expanded": "false", "aria-controls": "csbot-panel"
  });
  var launcherText = el("span", {}, "Chat with us");
  var unreadBadge = el("span", { "class": "badge", hidden: "" });
  launcher.append(launcherText, unreadBadge);

  var panel = el("div", {
    id: "csbot-panel", "class": "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "csbot-title", hidden: ""
  });
  var header = el("div", { "class": "header" });
  var title = el("h2", { id: "csbot-title" }, "Chat");
  var closeButton = el("button", { type: "button", "class": "close", "aria-label": "Close chat" }, "\u00d7");
  header.append(title, closeButton);

  var log = el("div", { "class": "log", role: "log", "aria-live": "polite", "aria-label": "Messages", tabindex: "0" });
  var typing = el("div", { "class": "typing", role: "status" });
  var statusLine = el("p", { "class": "status", role: "status" });

  var form = el("form", { "class": "composer" });
  var inputLabel = el("label", { "for": "csbot-input", "class": "visually-hidden" }, "Your message");
  var input = el("textarea", { id: "csbot-input", rows: "1", placeholder: "Type your message\u2026", autocomplete: "off" });
  var sendButton = el("button", { type: "submit", "class": "send" }, "Send");
  form.append(inputLabel, input, sendButton);

  panel.append(header, log, typing, statusLine, form);
  root.append(sheet, launcher, panel);

  // --- state ---
  var socket = null;
  var ready = false; // the server has answered hello
  var queue = []; // {frame, text} typed while not connected, sent once the session is back
  var sent = {}; // client id -> {frame, text, tries}: what to send again if the server could not store it
  var attempts = 0;
  var unread = 0;
  var welcome = "";
  var counter = 0;

  function clientId() {
    var bytes = new Uint8Array(9);
    window.crypto.getRandomValues(bytes);
    counter += 1;
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("") + counter;
  }

  function isOpen() { return !panel.hidden; }

  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    unread = 0;
    showUnread();
    connect();
    input.focus();
    scrollToEnd();
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus(); // focus goes back where the dialog was opened from
  }

  function showUnread() {
    unreadBadge.hidden = unread === 0;
    unreadBadge.textContent = unread ? String(unread) : "";
    launcher.setAttribute("aria-label", unread ? "Chat with us, " + unread + " new" : "Chat with us");
  }

  function scrollToEnd() { log.scrollTop = log.scrollHeight; }

  // --- rendering (textContent only) ---
  var STYLES = { bold: "strong", italic: "em", code: "code" };
  var RATING = /^rate:[^:]+:(good|bad)$|^rate:handoff:[^:]+:(good|bad)$/; // core/turn/rating.py
  function styled(spans) { // the server parsed the markdown; each span is still set as text
    var p = el("p", { "class": "text" });
    spans.forEach(function (span) {
      p.append(STYLES[span.style] ? el(STYLES[span.style], {}, span.text) : document.createTextNode(span.text));
    });
    return p;
  }

  function render(message) {
    var item = el("div", { "class": "message " + message.role + " voice-" + (message.voice || message.role) });
    if (message.id) { item.setAttribute("data-id", message.id); }
    item.append(el("span", { "class": "label" }, message.label || ""));
    item.append(message.spans && message.spans.length ? styled(message.spans) : el("p", { "class": "text" }, message.text));
    if (message.buttons && message.buttons.length) {
      var choices = el("div", { "class": "choices" });
      message.buttons.forEach(function (button) {
        var choice = el("button", { type: "button" }, button.label);
        var rating = RATING.test(button.value);
        if (rating) { choice.setAttribute("aria-pressed", "false"); }
        choice.addEventListener("click", function () {
          var frame = { type: "button", value: button.value, label: button.label, id: clientId() };
          if (rating) { // stays pressable: pressing the other one changes the rating
            Array.prototype.forEach.call(choices.querySelectorAll("button"), function (b) {
              b.setAttribute("aria-pressed", String(b === choice));
            });
            sent[frame.id] = { frame: frame, text: button.label, tries: 0 };
            transmit(frame, button.label);
            return;
          }
          Array.prototype.forEach.call(choices.querySelectorAll("button"), function (b) { b.disabled = true; });
          say(frame, button.label);
        });
        choices.append(choice);
      });
      item.append(choices);
    }
    log.append(item);
    reveal(item, message);
    return item;
  }

  // A reply taller than the log is shown from its first line: the answer leads, the rest is below.
  function reveal(item, message) {
    if (message.role !== "customer" && item.offsetHeight > log.clientHeight) {
      log.scrollTop += item.getBoundingClientRect().top - log.getBoundingClientRect().top;
    } else {
      scrollToEnd();
    }
  }

  function renderError(frame) {
    if (frame.code === "unknown_session") { return; } // handled on close: a new conversation starts quietly
    var unsent = frame.id && sent[frame.id];
    if (frame.code === "not_stored" && unsent && unsent.tries < MAX_RESENDS) {
      // The server could not store it: the same frame (same id, so never answered twice) goes again.
      unsent.tries += 1;
      statusLine.textContent = "Sending again\u2026";
      window.setTimeout(function () { statusLine.textContent = ""; transmit(unsent.frame, unsent.text); },
                        1000 * (frame.retry_after || 1));
      return;
    }
    if (frame.id) {
      var mine = log.querySelector('[data-id="' + CSS.escape(frame.id) + '"]');
      if (mine) { mine.classList.add("failed"); }
    }
    var line = el("p", { "class": "error" }, frame.message);
    log.append(line);
    scrollToEnd();
  }

  // --- the socket ---
  function say(frame, shownText) {
    render({ role: "customer", voice: "customer", label: "You", text: shownText, id: frame.id });
    sent[frame.id] = sent[frame.id] || { frame: frame, text: shownText, tries: 0 };
    transmit(frame, shownText);
  }

  function transmit(frame, shownText) {
    if (ready && socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
    } else {
      queue.push({ frame: frame, text: shownText });
      connect();
    }
  }

  function connect() {
    if (socket) { return; }
    statusLine.textContent = attempts ? "Reconnecting\u2026" : "";
    socket = new WebSocket(socketUrl);
    socket.addEventListener("open", function () {
      socket.send(JSON.stringify({ type: "hello", token: loadToken() }));
    });
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      receive(frame);
    });
    socket.addEventListener("close", function (event) {
      socket = null;
      ready = false;
      typing.textContent = "";
      if (event.code === 4401) { // the server does not know this conversation: start a new one
        forgetToken();
        attempts = 0;
        connect();
        return;
      }
      attempts += 1;
      statusLine.textContent = attempts > 3 ? "The chat is unavailable right now. Retrying\u2026" : "Reconnecting\u2026";
      var wait = Math.min(RECONNECT_MAX_MS, 500 * Math.pow(2, attempts));
      window.setTimeout(connect, wait);
    });
  }

  function receive(frame) {
    switch (frame.type) {
      case "session":
        saveToken(frame.token);
        ready = true;
        attempts = 0;
        statusLine.textContent = "";
        welcome = frame.welcome || "";
        title.textContent = "Chat with " + frame.shop;
        if (frame.max_chars) { input.setAttribute("maxlength", String(frame.max_chars)); }
        break;
      case "history":
        log.setAttribute("aria-busy", "true"); // screen readers announce the new lines, not the whole past
        log.replaceChildren();
        if (!frame.messages.length && welcome) {
          render({ role: "bot", voice: "welcome", label: "Assistant", text: welcome });
        }
        frame.messages.forEach(render);
        var pending = queue; // typed while away: shown again after the history, then sent
        queue = [];
        log.removeAttribute("aria-busy");
        pending.forEach(function (item) { say(item.frame, item.text); });
        break;
      case "message":
        render(frame);
        if (!isOpen() && frame.role !== "customer") { unread += 1; showUnread(); }
        break;
      case "typing":
        typing.textContent = frame.on ? "Assistant is typing\u2026" : "";
        break;
      case "error":
        renderError(frame);
        break;
    }
  }

  // --- events (no inline handlers anywhere) ---
  launcher.addEventListener("click", function () { if (isOpen()) { close(); } else { open(); } });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); close(); }
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    say({ type: "message", text: text, id: clientId() }, text);
  });

  function mount() {
    document.body.append(host);
    // A returning visitor reconnects at once, so staff replies that come while the panel is closed are counted.
    if (loadToken()) { connect(); }
  }
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
})();
