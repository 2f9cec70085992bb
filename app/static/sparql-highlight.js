// A small SPARQL highlighter: tokens become <span class="tok-..."> built with the DOM (no innerHTML).
(function () {
  "use strict";
  const KEYWORDS = new Set((
    "SELECT DISTINCT REDUCED AS WHERE FILTER OPTIONAL UNION MINUS GRAPH SERVICE SILENT BIND VALUES " +
    "PREFIX BASE ORDER BY ASC DESC LIMIT OFFSET GROUP HAVING CONSTRUCT DESCRIBE ASK FROM NAMED NOT " +
    "EXISTS IN UNDEF A TRUE FALSE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG " +
    "LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE " +
    "ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES " +
    "SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT " +
    "SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE INSERT DELETE DATA WITH " +
    "LOAD CLEAR DROP CREATE ADD MOVE COPY USING DEFAULT ALL INTO TO"
  ).split(" "));
  // Order matters: the first rule that matches at a position wins.
  const RULES = [
    ["comment", /#[^\n]*/y],
    ["str", /"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)/y],
    ["str", /"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?/y],
    ["iri", /<[^<>"{}|^`\\\s]*>/y],
    ["var", /[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+/y],
    ["pname", /(?:[A-Za-z][\w.-]*)?:(?:[\w\-%\\/:]|\.(?=[\w\-%\\/:]))*/y],
    ["str", /@[A-Za-z]+(?:-[A-Za-z0-9]+)*/y],
    ["num", /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y],
    ["word", /[A-Za-z_][\w]*/y],
    ["space", /\s+/y],
    ["punct", /\^\^|[\s\S]/y],
  ];

  function tokenize(text) {
    const tokens = [];
    let pos = 0;
    while (pos < text.length) {
      for (const [type, re] of RULES) {
        re.lastIndex = pos;
        const m = re.exec(text);
        if (m && m[0].length) {
          let kind = type;
          if (type === "word") kind = KEYWORDS.has(m[0].toUpperCase()) ? "kw" : "plain";
          tokens.push({ type: kind, text: m[0], start: pos });
          pos += m[0].length;
          break;
        }
      }
    }
    return tokens;
  }

  // The character offset of a 1-based line and column, clamped to the text.
  function offsetOf(text, line, column) {
    let offset = 0;
    for (let i = 1; i < line; i++) {
      const next = text.indexOf("\n", offset);
      if (next < 0) return text.length;
      offset = next + 1;
    }
    const end = text.indexOf("\n", offset);
    const lineEnd = end < 0 ? text.length : end;
    return Math.min(offset + Math.max(column - 1, 0), lineEnd);
  }

  // Fill `target` with highlighted tokens; `error` = {line, column} marks the token there.
  function render(target, text, error) {
    const tokens = tokenize(text);
    let bad = -1;
    if (error) {
      const at = offsetOf(text, error.line, error.column);
      tokens.forEach((t, i) => { if (t.type !== "space" && t.start <= at) bad = i; });
    }
    const frag = document.createDocumentFragment();
    tokens.forEach((t, i) => {
      if (t.type === "space" || t.type === "plain" || t.type === "punct") {
        if (i !== bad) { frag.append(t.text); return; }
      }
      const span = document.createElement("span");
      span.className = "tok-" + t.type + (i === bad ? " tok-err" : "");
      span.textContent = t.text;
      frag.append(span);
    });
    frag.append(" ");  // keeps a trailing newline as tall as in the textarea
    target.replaceChildren(frag);
  }

  const CLAUSES = new Set(("PREFIX BASE SELECT CONSTRUCT DESCRIBE ASK WHERE ORDER GROUP HAVING LIMIT OFFSET " +
    "VALUES FILTER OPTIONAL BIND MINUS GRAPH SERVICE UNION").split(" "));
  const CALLS = new Set(["kw", "plain", "pname"]);

  // The query laid out again: a clause per line, a block's triples indented, one per line; only the
  // whitespace between tokens changes (strings, IRIs and comments are kept as written).
  function prettify(text) {
    const lines = [];
    let line = "", depth = 0, parens = 0, cont = false, fresh = false, prev = null;
    const indent = () => "  ".repeat(Math.max(depth + (cont ? 1 : 0), 0));
    const newline = () => { if (line.trim()) lines.push(line.replace(/\s+$/, "")); line = indent(); fresh = false; };
    tokenize(text).filter((t) => t.type !== "space").forEach((t) => {
      const s = t.text, u = s.toUpperCase();
      const close = s === "," || s === ")" || s === "^^" || (t.type === "str" && s[0] === "@");
      const attach = close || s === "." || s === ";";
      if (fresh && !attach) newline();
      if (((t.type === "kw" && CLAUSES.has(u) && parens === 0) || t.type === "comment") && line.trim()) newline();
      if (s === "}") { depth -= 1; cont = false; newline(); }
      const tight = close || !line.trim() || (prev && (prev.text === "(" || prev.text === "^^")) ||
        (s === "(" && prev && CALLS.has(prev.type) && !CLAUSES.has(prev.text.toUpperCase()));
      line += (tight ? "" : " ") + s;
      if (s === "(") parens += 1;
      if (s === ")") parens -= 1;
      if (s === "{") { depth += 1; cont = false; fresh = true; }
      if (s === "}" || t.type === "comment" || (parens === 0 && (s === "." || s === ";"))) fresh = true;
      if (s === ";") cont = true;
      if (s === "." || s === "}") cont = false;
      prev = t;
    });
    newline();
    return lines.join("\n") + "\n";
  }

  window.SparqlHighlight = { tokenize: tokenize, render: render, offsetOf: offsetOf, prettify: prettify };
  document.querySelectorAll("pre.sparql code").forEach((code) => render(code, code.textContent));
})();
