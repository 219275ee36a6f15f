<?php
/**
 * Test harness: reads one JSON case (or an array of cases) on stdin, prints the result(s) as JSON.
 *   {"kind":"answer","request":{...},"headers":{...},"bodyBase64":"...","keys":{...},"now":1,"maxSkew":300}
 *   {"kind":"certificate","certificate":"kwc1...","keys":{...},"now":1,"fingerprint":"...","nonce":"..."}
 */
require __DIR__ . '/keyway.php';

function keyway_cli_case(array $case): array
{
    if (($case['kind'] ?? null) === 'answer') {
        return keyway_verify_answer(
            $case['request'],
            $case['headers'],
            base64_decode($case['bodyBase64'], true),
            $case['keys'],
            $case['now'] ?? null,
            $case['maxSkew'] ?? 300
        );
    }
    if (($case['kind'] ?? null) === 'certificate') {
        return keyway_verify_certificate(
            $case['certificate'],
            $case['keys'],
            $case['now'] ?? null,
            $case['fingerprint'] ?? null,
            $case['nonce'] ?? null
        );
    }
    throw new InvalidArgumentException('kind must be "answer" or "certificate"');
}

$input = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$output = array_is_list($input) ? array_map('keyway_cli_case', $input) : keyway_cli_case($input);
echo json_encode($output, JSON_UNESCAPED_SLASHES), "\n";
