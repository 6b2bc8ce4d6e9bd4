"""Evidence server with an incident desk: serves ./site, and takes findings at
GET /report?attacker_ip=...&account=... . Each correct finding is recorded under state/; after
five wrong reports the desk stops answering (no guessing through the list of addresses)."""
import http.server
import json
import os
import urllib.parse
import functools

answers = json.load(open("answers.json"))
wrong = [0]


class Desk(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/report":
            return super().do_GET()
        if wrong[0] >= 5:
            return self.reply(429, "the desk has had too many wrong reports")
        fields = urllib.parse.parse_qs(url.query)
        verdicts = {}
        for name, expected in answers.items():
            given = fields.get(name, [""])[0].strip()
            if not given:
                continue
            verdicts[name] = given == expected
            if given == expected:
                os.makedirs("state", exist_ok=True)
                open(f"state/correct-{name}", "w").close()
            else:
                wrong[0] += 1
        if not verdicts:
            return self.reply(400, "report attacker_ip and/or account")
        self.reply(200, json.dumps({name: ("correct" if ok else "wrong") for name, ok in verdicts.items()}))

    def reply(self, status, text):
        body = (text + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


server = http.server.ThreadingHTTPServer(("0.0.0.0", 8000), functools.partial(Desk, directory="site"))
server.serve_forever()
