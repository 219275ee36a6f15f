<?php
/**
 * Keyway verifier for PHP >= 7.2 (ext-sodium, built into PHP since 7.2). One file, no dependency.
 * Implements docs/signatures.md: signed answers (Keyway-Signature) and kwc1 certificates, trusted
 * only when signed by a key of the vendor's list (GET /api/v1/vendors/{slug}/signing-keys) whose
 * status is `active` or `rotated`.
 *
 * Each function answers ['valid' => true, ...] or ['valid' => false, 'reason' => '<reason>'].
 */

const KEYWAY_SIGNED_HEADERS = '(request-target) host date digest keyway-nonce';

/**
 * Checks a verification answer against the request it was made for.
 *
 * @param array  $request ['method' => 'POST', 'path' => '/api/v1/licenses/validate?x=1',
 *                        'host' => 'keyway.example.com', 'nonce' => 'the nonce sent, or null']
 * @param array  $headers the answer's headers, any case: name => value (or name => [value, ...])
 * @param string $body    the answer's body bytes exactly as received
 * @param array  $keyList the decoded key list document (['keys' => [...]]) or its `keys` array
 * @param ?int   $now     unix seconds; default time()
 * @param int    $maxSkew seconds the answer's Date may be away from now
 * @return array ['valid' => true, 'kid' => ..., 'status' => <the key's status>] or ['valid' => false, 'reason' => ...]
 */
function keyway_verify_answer(array $request, array $headers, string $body, array $keyList, ?int $now = null, int $maxSkew = 300): array
{
    $signature = keyway_header($headers, 'keyway-signature');
    if ($signature === null) return keyway_refuse('unsigned');
    $params = keyway_parse_signature_header($signature);
    $date = keyway_header($headers, 'date');
    $digest = keyway_header($headers, 'digest');
    if ($params === null || $date === null || $digest === null) return keyway_refuse('malformed');
    $time = keyway_http_date($date);
    if ($time === null) return keyway_refuse('malformed');

    $key = keyway_find_key($keyList, $params['keyid']);
    if ($key === null) return keyway_refuse('unknown_key');
    if (!keyway_trusted($key)) return keyway_refuse('untrusted_key');

    $expected = 'sha-256=' . base64_encode(hash('sha256', $body, true));
    if (!hash_equals($expected, $digest)) return keyway_refuse('bad_digest');

    $message = implode("\n", [
        '(request-target): ' . strtolower((string) ($request['method'] ?? '')) . ' ' . (string) ($request['path'] ?? ''),
        'host: ' . (string) ($request['host'] ?? ''),
        'date: ' . $date,
        'digest: ' . $digest,
        'keyway-nonce: ' . (string) ($request['nonce'] ?? ''),
    ]);
    if (!sodium_crypto_sign_verify_detached($params['signature'], $message, $key['publicKey'])) {
        return keyway_refuse('bad_signature');
    }
    if (abs(($now ?? time()) - $time) > $maxSkew) return keyway_refuse('stale');
    return ['valid' => true, 'kid' => $params['keyid'], 'status' => $key['status']];
}

/**
 * Checks a kwc1 certificate offline.
 *
 * @param ?string $fingerprint the machine's fingerprint, to require the certificate be bound to it
 *                             (compared trimmed and lower-cased, as the server stores it)
 * @param ?string $nonce       the nonce of the air-gapped activation request, to require it
 * @return array ['valid' => true, 'kid' => ..., 'facts' => <the certificate's JSON as an array>] or a refusal
 */
function keyway_verify_certificate(string $certificate, array $keyList, ?int $now = null, ?string $fingerprint = null, ?string $nonce = null): array
{
    $parts = explode('.', $certificate);
    if (count($parts) !== 3 || $parts[0] !== 'kwc1') return keyway_refuse('malformed');
    $payload = keyway_base64url($parts[1]);
    $signature = keyway_base64url($parts[2]);
    if ($payload === null || $signature === null || strlen($signature) !== SODIUM_CRYPTO_SIGN_BYTES) {
        return keyway_refuse('malformed');
    }
    $facts = json_decode($payload, true);
    if (!is_array($facts) || ($facts['v'] ?? null) !== 2
        || !is_string($facts['kid'] ?? null) || !is_int($facts['exp'] ?? null)) {
        return keyway_refuse('malformed');
    }
    $key = keyway_find_key($keyList, $facts['kid']);
    if ($key === null) return keyway_refuse('unknown_key');
    if (!keyway_trusted($key)) return keyway_refuse('untrusted_key');
    if (!sodium_crypto_sign_verify_detached($signature, 'kwc1.' . $parts[1], $key['publicKey'])) {
        return keyway_refuse('bad_signature');
    }
    if ($facts['exp'] <= ($now ?? time())) return keyway_refuse('expired');
    // The server keeps fingerprints trimmed and lower-cased: compare them as it does.
    if ($fingerprint !== null && ($facts['binding']['value'] ?? null) !== strtolower(trim($fingerprint))) {
        return keyway_refuse('wrong_machine');
    }
    if ($nonce !== null && ($facts['nonce'] ?? null) !== $nonce) return keyway_refuse('wrong_nonce');
    return ['valid' => true, 'kid' => $facts['kid'], 'facts' => $facts];
}

function keyway_refuse(string $reason): array
{
    return ['valid' => false, 'reason' => $reason];
}

/** A header's value, by case-insensitive name (the first when repeated), or null. */
function keyway_header(array $headers, string $name): ?string
{
    foreach ($headers as $k => $v) {
        if (strtolower((string) $k) !== $name) continue;
        if (is_array($v)) $v = $v[0] ?? null;
        return is_string($v) ? $v : null;
    }
    return null;
}

/** keyid, signature (64 raw bytes) of a valid Keyway-Signature header, or null. */
function keyway_parse_signature_header(string $header): ?array
{
    $params = [];
    foreach (explode(',', $header) as $item) {
        if (!preg_match('/^\s*([a-z]+)="([^"]*)"\s*$/', $item, $m) || isset($params[$m[1]])) return null;
        $params[$m[1]] = $m[2];
    }
    if (!isset($params['keyid'], $params['algorithm'], $params['headers'], $params['signature'])) return null;
    if ($params['algorithm'] !== 'ed25519' || $params['headers'] !== KEYWAY_SIGNED_HEADERS) return null;
    $signature = base64_decode($params['signature'], true);
    if ($signature === false || strlen($signature) !== SODIUM_CRYPTO_SIGN_BYTES) return null;
    return ['keyid' => $params['keyid'], 'signature' => $signature];
}

/** Unix seconds of an IMF-fixdate (`Mon, 30 Nov 2026 16:08:15 GMT`), or null. */
function keyway_http_date(string $value): ?int
{
    $date = DateTimeImmutable::createFromFormat('!D, d M Y H:i:s \G\M\T', $value, new DateTimeZone('UTC'));
    return $date === false || $date->format('D, d M Y H:i:s \G\M\T') !== $value ? null : $date->getTimestamp();
}

/** Strict base64url without padding, or null. */
function keyway_base64url(string $value): ?string
{
    if (!preg_match('/^[A-Za-z0-9_-]*$/', $value) || strlen($value) % 4 === 1) return null;
    $bytes = base64_decode(strtr($value, '-_', '+/'), true);
    return $bytes === false ? null : $bytes;
}

/**
 * The listed key with this kid, with its raw public key, or null. An entry whose kid is not the
 * RFC 7638 thumbprint of its `x` (or whose `x` is not 32 bytes) is ignored.
 */
function keyway_find_key(array $keyList, string $kid): ?array
{
    $keys = isset($keyList['keys']) && is_array($keyList['keys']) ? $keyList['keys'] : $keyList;
    foreach ($keys as $key) {
        if (!is_array($key) || ($key['kid'] ?? null) !== $kid || !is_string($key['x'] ?? null)) continue;
        $raw = keyway_base64url($key['x']);
        $thumbprint = rtrim(strtr(base64_encode(hash('sha256', '{"crv":"Ed25519","kty":"OKP","x":"' . $key['x'] . '"}', true)), '+/', '-_'), '=');
        if ($raw === null || strlen($raw) !== SODIUM_CRYPTO_SIGN_PUBLICKEYBYTES || $thumbprint !== $kid) continue;
        return ['publicKey' => $raw, 'status' => $key['status'] ?? null];
    }
    return null;
}

function keyway_trusted(array $key): bool
{
    return $key['status'] === 'active' || $key['status'] === 'rotated';
}
