/**
 * The Python programs the scanner runs in the agent's sandbox: a crawler that reports what a
 * target exposes, and an executor that sends a planned list of requests and reports what
 * came back. Both print one machine-readable line, `SCAN-RESULT <json>`, that the scanner
 * reads on its next turn.
 */

export const resultMarker = 'SCAN-RESULT ';

/** What the crawler reports about one web target. */
export interface CrawlReport {
  /** scheme://host:port of the target. */
  readonly base: string;
  readonly pages: readonly string[];
  /** Links with a query string: the path and its parameter names. */
  readonly links: readonly { readonly path: string; readonly params: readonly string[] }[];
  readonly forms: readonly {
    readonly action: string;
    readonly method: string;
    readonly fields: readonly { readonly name: string; readonly type: string }[];
  }[];
}

/** What the crawler reports about one plain TCP target. */
export interface BannerReport {
  readonly host: string;
  readonly port: number;
  readonly banner: string;
}

/** One request the executor sends. */
export type PlannedProbe =
  | {
      readonly kind: 'http';
      readonly base: string;
      readonly method: 'GET' | 'POST';
      readonly path: string;
      readonly query?: Readonly<Record<string, string>>;
      readonly form?: Readonly<Record<string, string>>;
      readonly label: string;
    }
  | {
      readonly kind: 'tcp';
      readonly host: string;
      readonly port: number;
      readonly line: string;
      readonly label: string;
    };

function pythonLiteral(value: unknown): string {
  // JSON inside a Python string literal: json.loads undoes it, whatever the characters.
  return `json.loads(${JSON.stringify(JSON.stringify(value))})`;
}

const common = `import json, re, socket, urllib.error, urllib.parse, urllib.request, http.cookiejar
from html.parser import HTMLParser

def fetch(url, data=None, timeout=4):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    body = None if data is None else urllib.parse.urlencode(data).encode()
    try:
        with opener.open(urllib.request.Request(url, data=body), timeout=timeout) as r:
            return r.status, r.read(200000).decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read(200000).decode("utf-8", "replace")
    except Exception as e:
        return 0, "error: %s" % e

def talk(host, port, line=None, timeout=3):
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.settimeout(timeout)
            chunks = []
            if line is not None:
                s.settimeout(1)
                try:
                    chunks.append(s.recv(4096))
                except socket.timeout:
                    pass
                s.settimeout(timeout)
                s.sendall(line.encode("latin-1", "replace") + b"\\n")
            while True:
                try:
                    chunk = s.recv(4096)
                except socket.timeout:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
                if sum(len(c) for c in chunks) > 20000:
                    break
            return b"".join(chunks).decode("utf-8", "replace")
    except Exception as e:
        return "error: %s" % e
`;

/** Crawls each web target (same host, up to 30 pages) and reads each TCP target's banner. */
export function crawlScript(
  web: readonly string[],
  tcp: readonly { readonly host: string; readonly port: number }[],
  flag: string,
): string {
  return `${common}
WEB = ${pythonLiteral(web)}
TCP = ${pythonLiteral(tcp)}
FLAG = re.compile(${pythonLiteral(flag)})

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.forms = [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "method": (a.get("method") or "get").upper(), "fields": []})
        if tag in ("input", "textarea", "select") and self.forms and a.get("name"):
            self.forms[-1]["fields"].append({"name": a["name"], "type": (a.get("type") or tag).lower()})

report = {"web": [], "tcp": []}
for base in WEB:
    root = urllib.parse.urlsplit(base)
    queue, seen, links, forms = [base], set(), {}, []
    while queue and len(seen) < 30:
        url = queue.pop(0)
        key = urllib.parse.urlsplit(url)._replace(fragment="").geturl()
        if key in seen:
            continue
        seen.add(key)
        status, text = fetch(url)
        for found in FLAG.findall(text):
            print("FOUND", found, "at", url)
        parser = Page()
        try:
            parser.feed(text)
        except Exception:
            pass
        for link in parser.links:
            target = urllib.parse.urljoin(url, link)
            parts = urllib.parse.urlsplit(target)
            if parts.netloc != root.netloc:
                continue
            if parts.query:
                links[parts.path] = sorted(set(links.get(parts.path, [])) | set(urllib.parse.parse_qs(parts.query, keep_blank_values=True)))
            queue.append(parts._replace(query="", fragment="").geturl() if parts.query else target)
        for form in parser.forms:
            form["action"] = urllib.parse.urlsplit(urllib.parse.urljoin(url, form["action"] or url)).path
            if form not in forms:
                forms.append(form)
                if form["method"] == "GET" and form["fields"]:
                    links[form["action"]] = sorted(set(links.get(form["action"], [])) | {f["name"] for f in form["fields"]})
    pages = sorted(urllib.parse.urlsplit(u).path or "/" for u in seen)
    report["web"].append({"base": "%s://%s" % (root.scheme, root.netloc), "pages": pages, "links": [{"path": p, "params": v} for p, v in sorted(links.items())], "forms": [f for f in forms if f["method"] == "POST"]})
for target in TCP:
    banner = talk(target["host"], target["port"])
    for found in FLAG.findall(banner):
        print("FOUND", found, "at", target["host"])
    report["tcp"].append({"host": target["host"], "port": target["port"], "banner": banner[:500]})
print("${resultMarker}" + json.dumps(report))
`;
}

/** Sends every planned probe and prints what stood out: flags, file contents, errors. */
export function probeScript(probes: readonly PlannedProbe[], flag: string): string {
  return `${common}
PROBES = ${pythonLiteral(probes)}
FLAG = re.compile(${pythonLiteral(flag)})
SIGNS = {
    "file read": re.compile(r"root:x:0:0:"),
    "command ran": re.compile(r"uid=\\d+\\("),
    "sql error": re.compile(r"(?i)sql|syntax error|sqlite|unrecognized token"),
}
notes = {}
flags = []
for probe in PROBES:
    if probe["kind"] == "http":
        url = probe["base"].rstrip("/") + probe["path"]
        if probe.get("query"):
            url += "?" + urllib.parse.urlencode(probe["query"])
        status, text = fetch(url, probe.get("form") if probe["method"] == "POST" else None)
    else:
        status, text = 0, talk(probe["host"], probe["port"], probe["line"])
    for found in FLAG.findall(text):
        if found not in flags:
            flags.append(found)
            print("FOUND", found, "via", probe["label"])
    for sign, pattern in SIGNS.items():
        if pattern.search(text) and sign not in notes:
            notes[sign] = probe["label"]
            print(sign.upper(), "via", probe["label"])
print("${resultMarker}" + json.dumps({"probes": len(PROBES), "flags": flags, "signs": notes}))
`;
}
