"""A test RFC 3161 time-stamping authority over HTTP for the corpus's signed jar pairs.

    python3 tsa_server.py PORT KEYS_DIR CLOCK WORK_DIR

Answers every POSTed TimeStampReq with `openssl ts -reply`, signed by the test TSA key of
KEYS_DIR (tsa-key.pem, tsa-cert.pem), serial number 1, its clock frozen at CLOCK
("YYYY-MM-DD hh:mm:ss", through faketime): the token's genTime is CLOCK. Test-only.
"""
import http.server
import os
import subprocess
import sys

PORT, KEYS, CLOCK, WORK = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
CONFIG = os.path.join(WORK, "tsa.cnf")
SERIAL = os.path.join(WORK, "tsa.serial")

with open(CONFIG, "w") as fh:
    fh.write(f"""[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = {SERIAL}
crypto_device = builtin
signer_cert = {KEYS}/tsa-cert.pem
signer_key = {KEYS}/tsa-key.pem
signer_digest = sha256
default_policy = 1.3.6.1.4.1.4146.2.3
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
""")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        request = self.rfile.read(int(self.headers["Content-Length"]))
        with open(SERIAL, "w") as fh:
            fh.write("01\n")
        reply = subprocess.run(
            ["faketime", "-f", CLOCK, "openssl", "ts", "-reply", "-config", CONFIG,
             "-queryfile", "/dev/stdin", "-out", "/dev/stdout"],
            input=request, capture_output=True, check=True).stdout
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
