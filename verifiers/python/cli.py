"""Test harness: reads one JSON case (or a list of cases) on stdin, prints the result(s) as JSON.

{"kind":"answer","request":{...},"headers":{...},"bodyBase64":"...","keys":{...},"now":1,"maxSkew":300}
{"kind":"certificate","certificate":"kwc1...","keys":{...},"now":1,"fingerprint":"...","nonce":"..."}
"""

import base64
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from keyway_verify import verify_answer, verify_certificate  # noqa: E402


def run(case):
    if case.get("kind") == "answer":
        return verify_answer(
            case["request"],
            case["headers"],
            base64.b64decode(case["bodyBase64"]),
            case["keys"],
            now=case.get("now"),
            max_skew=case.get("maxSkew", 300),
        )
    if case.get("kind") == "certificate":
        return verify_certificate(
            case["certificate"],
            case["keys"],
            now=case.get("now"),
            fingerprint=case.get("fingerprint"),
            nonce=case.get("nonce"),
        )
    raise ValueError('kind must be "answer" or "certificate"')


cases = json.load(sys.stdin)
print(json.dumps([run(c) for c in cases] if isinstance(cases, list) else run(cases)))
