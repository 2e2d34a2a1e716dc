namespace TrustCheck.Cli;

internal static class StarterPolicy
{
    public const string Text = """
        // TrustCheck policy: https://github.com/trustcheck/trustcheck#policy-file
        {
          "licenses": {
            // SPDX ids or patterns. An OR expression passes when one branch is allowed; AND needs all.
            "allow": ["MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "MS-PL", "Zlib", "BSL-1.0", "Unlicense", "CC0-1.0"],
            "deny": ["AGPL-3.0-only", "AGPL-3.0-or-later", "LicenseRef-*-NC"],
            // Severity when a license cannot be determined: none | info | warning | error.
            "unknown": "warning"
          },
          "packages": {
            "trustedSources": [],
            "trustedSigners": [],
            // "Some.Package@[1.0,2.0)": { "license": "MIT", "reason": "license file reviewed by legal, 2026-01" }
            "overrides": {}
          },
          "models": {
            "requireLock": true,
            "requireSignature": false,
            "allowFormats": ["onnx", "safetensors", "gguf"],
            "minimumOpenness": "open-weights"
          },
          // Per-rule severity: none | info | warning | error.
          "rules": {}
        }

        """;
}
