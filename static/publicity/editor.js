// A small HTML toolbar for the article body textarea (no CDN, no inline script). The server
// sanitises whatever arrives; this only saves typing tags.
(function () {
  var area = document.querySelector("textarea[data-rich-editor]");
  if (!area) return;
  function wrap(open, close) {
    var s = area.selectionStart, e = area.selectionEnd, v = area.value;
    area.value = v.slice(0, s) + open + v.slice(s, e) + close + v.slice(e);
    area.focus();
    area.selectionStart = s + open.length;
    area.selectionEnd = e + open.length;
  }
  function insert(text) { wrap(text, ""); }
  var buttons = [
    ["段落", function () { wrap("<p>", "</p>"); }],
    ["小标题", function () { wrap("<h3>", "</h3>"); }],
    ["加粗", function () { wrap("<strong>", "</strong>"); }],
    ["列表", function () { wrap("<ul>\n<li>", "</li>\n</ul>"); }],
    ["链接", function () {
      var url = window.prompt("链接地址（以 http:// 或 https:// 开头）", "https://");
      if (url) wrap('<a href="' + url.replace(/"/g, "") + '">', "</a>");
    }],
  ];
  var bar = document.createElement("div");
  bar.className = "editor-toolbar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "正文格式");
  buttons.forEach(function (b) {
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "btn btn-outline-secondary btn-sm";
    btn.textContent = b[0];
    btn.addEventListener("click", b[1]);
    bar.appendChild(btn);
  });
  area.parentNode.insertBefore(bar, area);

  var upload = document.querySelector("form[data-image-upload]");
  if (!upload || !window.fetch) return;
  upload.addEventListener("submit", function (ev) {
    ev.preventDefault();
    fetch(upload.action, {
      method: "POST", body: new FormData(upload), headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (r) { return r.json(); }).then(function (data) {
      if (data.url) { insert('<img src="' + data.url + '" alt="">'); upload.reset(); }
      else { window.alert(data.error || "上传失败"); }
      upload.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
    });
  });
})();
