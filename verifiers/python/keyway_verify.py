"""Keyway verifier for Python >= 3.8, with the `cryptography` package. One file.

Implements docs/signatures.md: signed answers (Keyway-Signature) and kwc1 certificates, trusted
only when signed by a key of the vendor's list (GET /api/v1/vendors/{slug}/signing-keys) whose
status is `active` or `rotated`.

Each function returns {"valid": True, ...} or {"valid": False, "reason": "<reason>"}.
"""

import base64
import binascii
import calendar
import hashlib
import hmac
import json
import re
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

SIGNED_HEADERS = "(request-target) host date digest keyway-nonce"
_PARAM = re.compile(r'^\s*([a-z]+)="([^"]*)"\s*$')
_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")
_B64 = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")
_IMF_FIXDATE = "%a, %d %b %Y %H:%M:%S GMT"


def verify_answer(request, headers, body, key_list, now=None, max_skew=300):
    """Checks a verification answer against the request it was made for.

    request:  {"method": "POST", "path": "/api/v1/licenses/validate", "host": "keyway.example.com",
               "nonce": "the nonce sent, or None"}
    headers:  the answer's headers (any mapping, names in any case)
    body:     the answer's body bytes exactly as received
    key_list: the decoded key list document ({"keys": [...]}) or its "keys" list
    now:      unix seconds (default: time.time()); max_skew: seconds Date may be away from now
    """
    signature = _header(headers, "keyway-signature")
    if signature is None:
        return _refuse("unsigned")
    params = _parse_signature_header(signature)
    date = _header(headers, "date")
    digest = _header(headers, "digest")
    if params is None or date is None or digest is None:
        return _refuse("malformed")
    sent_at = _http_date(date)
    if sent_at is None:
        return _refuse("malformed")

    key = _find_key(key_list, params["keyid"])
    if key is None:
        return _refuse("unknown_key")
    if key["status"] not in ("active", "rotated"):
        return _refuse("untrusted_key")

    if isinstance(body, str):
        body = body.encode("utf-8")
    expected = "sha-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")
    if not hmac.compare_digest(expected.encode("utf-8"), digest.encode("utf-8")):
        return _refuse("bad_digest")

    message = "\n".join(
        [
            "(request-target): %s %s" % (str(request.get("method") or "").lower(), request.get("path") or ""),
            "host: %s" % (request.get("host") or ""),
            "date: " + date,
            "digest: " + digest,
            "keyway-nonce: %s" % (request.get("nonce") or ""),
        ]
    )
    if not _verify(key["public_key"], params["signature"], message.encode("utf-8")):
        return _refuse("bad_signature")
    if abs((time.time() if now is None else now) - sent_at) > max_skew:
        return _refuse("stale")
    return {"valid": True, "kid": params["keyid"], "status": key["status"]}


def verify_certificate(certificate, key_list, now=None, fingerprint=None, nonce=None):
    """Checks a kwc1 certificate offline.

    fingerprint: the machine's fingerprint, to require the certificate be bound to it (compared
                 trimmed and lower-cased, as the server stores it)
    nonce:       the nonce of the air-gapped activation request, to require it
    Returns {"valid": True, "kid": ..., "facts": <the certificate's JSON>} or a refusal.
    """
    parts = certificate.split(".") if isinstance(certificate, str) else []
    if len(parts) != 3 or parts[0] != "kwc1":
        return _refuse("malformed")
    payload = _base64url(parts[1])
    signature = _base64url(parts[2])
    if payload is None or signature is None or len(signature) != 64:
        return _refuse("malformed")
    try:
        facts = json.loads(payload.decode("utf-8"))
    except ValueError:
        return _refuse("malformed")
    if (
        not isinstance(facts, dict)
        or not _is_int(facts.get("v"))
        or facts.get("v") != 2
        or not isinstance(facts.get("kid"), str)
        or not _is_int(facts.get("exp"))
    ):
        return _refuse("malformed")
    key = _find_key(key_list, facts["kid"])
    if key is None:
        return _refuse("unknown_key")
    if key["status"] not in ("active", "rotated"):
        return _refuse("untrusted_key")
    if not _verify(key["public_key"], signature, ("kwc1." + parts[1]).encode("ascii")):
        return _refuse("bad_signature")
    if facts["exp"] <= (time.time() if now is None else now):
        return _refuse("expired")
    binding = facts.get("binding")
    bound_to = binding.get("value") if isinstance(binding, dict) else None
    # The server keeps fingerprints trimmed and lower-cased: compare them as it does.
    if fingerprint is not None and bound_to != fingerprint.strip().lower():
        return _refuse("wrong_machine")
    if nonce is not None and facts.get("nonce") != nonce:
        return _refuse("wrong_nonce")
    return {"valid": True, "kid": facts["kid"], "facts": facts}


def _refuse(reason):
    return {"valid": False, "reason": reason}


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _header(headers, name):
    for key, value in headers.items():
        if str(key).lower() == name:
            if isinstance(value, (list, tuple)):
                value = value[0] if value else None
            return value if isinstance(value, str) else None
    return None


def _parse_signature_header(header):
    params = {}
    for item in header.split(","):
        match = _PARAM.match(item)
        if not match or match.group(1) in params:
            return None
        params[match.group(1)] = match.group(2)
    if not all(name in params for name in ("keyid", "algorithm", "headers", "signature")):
        return None
    if params["algorithm"] != "ed25519" or params["headers"] != SIGNED_HEADERS:
        return None
    if not _B64.match(params["signature"]):
        return None
    try:
        signature = base64.b64decode(params["signature"], validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(signature) != 64:
        return None
    return {"keyid": params["keyid"], "signature": signature}


def _http_date(value):
    try:
        parsed = time.strptime(value, _IMF_FIXDATE)
    except ValueError:
        return None
    seconds = calendar.timegm(parsed)
    return seconds if time.strftime(_IMF_FIXDATE, time.gmtime(seconds)) == value else None


def _base64url(value):
    if not _B64URL.match(value) or len(value) % 4 == 1:
        return None
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


def _thumbprint(x):
    canonical = '{"crv":"Ed25519","kty":"OKP","x":"%s"}' % x
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode("utf-8")).digest()).decode("ascii").rstrip("=")


def _find_key(key_list, kid):
    """The listed key with this kid, or None. An entry whose kid is not the RFC 7638 thumbprint
    of its `x` (or whose `x` is not 32 bytes) is ignored."""
    keys = key_list.get("keys", []) if isinstance(key_list, dict) else key_list
    for key in keys:
        if not isinstance(key, dict) or key.get("kid") != kid or not isinstance(key.get("x"), str):
            continue
        raw = _base64url(key["x"])
        if raw is None or len(raw) != 32 or _thumbprint(key["x"]) != kid:
            continue
        return {"public_key": raw, "status": key.get("status")}
    return None


def _verify(public_key, signature, message):
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False
