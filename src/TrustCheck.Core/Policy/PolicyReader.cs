using NuGet.Versioning;
using TrustCheck.Core.Reporting;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Policy;

/// <summary>
/// Maps the positioned JSON tree of trustcheck.json onto <see cref="TrustCheckPolicy"/>. Every problem (unknown key,
/// wrong type, bad value) becomes one TC9001 finding with line and column; valid parts are still applied.
/// </summary>
internal sealed class PolicyReader
{
    private static readonly string[] ModelFormats =
        ["pickle", "pytorch", "numpy", "joblib", "safetensors", "gguf", "onnx", "keras", "hdf5", "tflite", "tensorflow-savedmodel", "model-card", "unknown"];

    private static readonly string[] OpennessClasses = ["open-source", "open-weights", "restricted"];

    private readonly string _path;
    private readonly string _shownPath;
    private readonly List<Finding> _problems = new();

    public PolicyReader(string path)
    {
        _path = path;
        _shownPath = Path.GetFileName(path);
    }

    public IReadOnlyList<Finding> Problems => _problems;

    public TrustCheckPolicy Read(PositionedJson root)
    {
        var policy = new TrustCheckPolicy { SourcePath = _path };
        if (!Expect(root, JsonKind.Object, "the top level"))
        {
            return policy;
        }

        ForEachMember(root, "", member =>
        {
            switch (member.Name)
            {
                case "$schema": return Expect(member.Value, JsonKind.String, "$schema");
                case "licenses": ReadLicenses(member.Value, policy.Licenses); return true;
                case "packages": ReadPackages(member.Value, policy.Packages); return true;
                case "models": ReadModels(member.Value, policy.Models); return true;
                case "rules": ReadRules(member.Value, policy.Rules); return true;
                default: return false;
            }
        }, "licenses, packages, models, rules");
        return policy;
    }

    private void ReadLicenses(PositionedJson node, LicensePolicy licenses)
    {
        if (!Expect(node, JsonKind.Object, "licenses"))
        {
            return;
        }

        ForEachMember(node, "licenses.", member =>
        {
            switch (member.Name)
            {
                case "allow": licenses.Allow = StringList(member.Value, "licenses.allow"); return true;
                case "deny": licenses.Deny = StringList(member.Value, "licenses.deny"); return true;
                case "unknown":
                    if (Severity(member.Value, "licenses.unknown") is { } severity)
                    {
                        licenses.Unknown = severity;
                    }

                    return true;
                default: return false;
            }
        }, "allow, deny, unknown");
    }

    private void ReadPackages(PositionedJson node, PackagePolicy packages)
    {
        if (!Expect(node, JsonKind.Object, "packages"))
        {
            return;
        }

        ForEachMember(node, "packages.", member =>
        {
            switch (member.Name)
            {
                case "trustedSources": packages.TrustedSources = StringList(member.Value, "packages.trustedSources"); return true;
                case "trustedSigners": packages.TrustedSigners = ReadFingerprints(member.Value); return true;
                case "overrides": packages.Overrides = ReadOverrides(member.Value); return true;
                default: return false;
            }
        }, "trustedSources, trustedSigners, overrides");
    }

    private List<string> ReadFingerprints(PositionedJson node)
    {
        var fingerprints = StringList(node, "packages.trustedSigners");
        var valid = new List<string>();
        for (var i = 0; i < fingerprints.Count; i++)
        {
            var hex = fingerprints[i].Replace(":", "").Trim();
            if (hex.Length == 64 && hex.All(Uri.IsHexDigit))
            {
                valid.Add(hex.ToUpperInvariant());
            }
            else
            {
                Problem(node.Items[i], "packages.trustedSigners",
                    $"'{fingerprints[i]}' is not a SHA-256 certificate fingerprint. Use the 64 hex digits that 'dotnet nuget verify --all -v n' prints as 'SHA256 hash'.");
            }
        }

        return valid;
    }

    private List<PackageOverride> ReadOverrides(PositionedJson node)
    {
        var overrides = new List<PackageOverride>();
        if (!Expect(node, JsonKind.Object, "packages.overrides"))
        {
            return overrides;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in node.Members)
        {
            var key = $"packages.overrides[\"{member.Name}\"]";
            if (!seen.Add(member.Name))
            {
                Problem(member, key, "is given twice; keep one entry per package and version range.");
                continue;
            }

            if (!TryParseOverrideKey(member, key, out var id, out var range))
            {
                continue;
            }

            if (ReadOverride(member.Value, key, id, range) is { } entry)
            {
                overrides.Add(entry);
            }
        }

        return overrides;
    }

    /// <summary>"Id", "Id@1.2.3" (exactly that version) or "Id@[1.0,2.0)" (NuGet version range).</summary>
    private bool TryParseOverrideKey(JsonMember member, string key, out string id, out string? range)
    {
        var at = member.Name.IndexOf('@');
        id = (at < 0 ? member.Name : member.Name[..at]).Trim();
        range = null;
        if (id.Length == 0 || id.Any(char.IsWhiteSpace))
        {
            Problem(member, key, "does not start with a package id. Write \"Package.Id\", \"Package.Id@1.2.3\" or \"Package.Id@[1.0,2.0)\".");
            return false;
        }

        if (at < 0)
        {
            return true;
        }

        var versionText = member.Name[(at + 1)..].Trim();
        if (NuGetVersion.TryParse(versionText, out var exact))
        {
            range = $"[{exact.ToNormalizedString()}]";
            return true;
        }

        if (VersionRange.TryParse(versionText, allowFloating: true, out var parsed))
        {
            range = parsed.ToNormalizedString();
            return true;
        }

        Problem(member, key, $"has '{versionText}' after '@', which is neither a version nor a NuGet version range. Write \"{id}@1.2.3\" for one version or \"{id}@[1.0,2.0)\" for a range.");
        return false;
    }

    private PackageOverride? ReadOverride(PositionedJson node, string key, string id, string? range)
    {
        if (!Expect(node, JsonKind.Object, key))
        {
            return null;
        }

        string? license = null;
        string? reason = null;
        ForEachMember(node, key + ".", member =>
        {
            switch (member.Name)
            {
                case "license": license = NonEmptyString(member.Value, key + ".license"); return true;
                case "reason": reason = NonEmptyString(member.Value, key + ".reason"); return true;
                default: return false;
            }
        }, "license, reason");

        if (reason is null)
        {
            Problem(node, key, "has no \"reason\". Every override needs one (who reviewed what, when), e.g. { \"license\": \"MIT\", \"reason\": \"license file reviewed by legal, 2026-01\" }.");
            return null;
        }

        return new PackageOverride(id, range, license, reason);
    }

    private void ReadModels(PositionedJson node, ModelPolicy models)
    {
        if (!Expect(node, JsonKind.Object, "models"))
        {
            return;
        }

        ForEachMember(node, "models.", member =>
        {
            switch (member.Name)
            {
                case "requireLock":
                    if (Bool(member.Value, "models.requireLock") is { } requireLock)
                    {
                        models.RequireLock = requireLock;
                    }

                    return true;
                case "requireSignature":
                    if (Bool(member.Value, "models.requireSignature") is { } requireSignature)
                    {
                        models.RequireSignature = requireSignature;
                    }

                    return true;
                case "allowFormats":
                    models.AllowFormats = OneOfList(member.Value, "models.allowFormats", ModelFormats);
                    return true;
                case "minimumOpenness":
                    models.MinimumOpenness = member.Value.Kind == JsonKind.Null ? null : OneOf(member.Value, "models.minimumOpenness", OpennessClasses);
                    return true;
                case "signing": ReadSigning(member.Value, models.Signing); return true;
                case "ollamaStore": models.OllamaStore = NonEmptyString(member.Value, "models.ollamaStore"); return true;
                case "huggingFaceCache": models.HuggingFaceCache = NonEmptyString(member.Value, "models.huggingFaceCache"); return true;
                default: return false;
            }
        }, "requireLock, requireSignature, allowFormats, minimumOpenness, signing, ollamaStore, huggingFaceCache");
    }

    private void ReadSigning(PositionedJson node, SigningPolicy signing)
    {
        if (!Expect(node, JsonKind.Object, "models.signing"))
        {
            return;
        }

        ForEachMember(node, "models.signing.", member =>
        {
            switch (member.Name)
            {
                case "publicKeys": signing.PublicKeys = StringList(member.Value, "models.signing.publicKeys"); return true;
                case "certificateChains": signing.CertificateChains = StringList(member.Value, "models.signing.certificateChains"); return true;
                case "ignorePaths": signing.IgnorePaths = StringList(member.Value, "models.signing.ignorePaths"); return true;
                case "trustRoot": signing.TrustRoot = NonEmptyString(member.Value, "models.signing.trustRoot"); return true;
                case "sigstoreIdentities": signing.SigstoreIdentities = ReadSigstoreIdentities(member.Value); return true;
                default: return false;
            }
        }, "publicKeys, certificateChains, sigstoreIdentities, trustRoot, ignorePaths");
    }

    private List<SigstoreIdentity> ReadSigstoreIdentities(PositionedJson node)
    {
        var identities = new List<SigstoreIdentity>();
        if (!Expect(node, JsonKind.Array, "models.signing.sigstoreIdentities"))
        {
            return identities;
        }

        for (var i = 0; i < node.Items.Count; i++)
        {
            var key = $"models.signing.sigstoreIdentities[{i}]";
            var item = node.Items[i];
            if (!Expect(item, JsonKind.Object, key))
            {
                continue;
            }

            string? identity = null;
            string? issuer = null;
            ForEachMember(item, key + ".", member =>
            {
                switch (member.Name)
                {
                    case "identity": identity = NonEmptyString(member.Value, key + ".identity"); return true;
                    case "issuer": issuer = NonEmptyString(member.Value, key + ".issuer"); return true;
                    default: return false;
                }
            }, "identity, issuer");

            if (identity is null || issuer is null)
            {
                Problem(item, key, "needs both \"identity\" (the signer's e-mail or workflow URI) and \"issuer\" (the OIDC issuer URL).");
                continue;
            }

            identities.Add(new SigstoreIdentity(identity, issuer));
        }

        return identities;
    }

    private void ReadRules(PositionedJson node, Dictionary<string, RuleSeverity> rules)
    {
        if (!Expect(node, JsonKind.Object, "rules"))
        {
            return;
        }

        foreach (var member in node.Members)
        {
            var key = $"rules.{member.Name}";
            if (!RuleCatalog.TryGet(member.Name, out var rule))
            {
                Problem(member, key, $"names no TrustCheck rule. Use a rule id such as {RuleIds.PackageNoRepository}; 'trustcheck explain' lists them.");
                continue;
            }

            if (Severity(member.Value, key) is { } severity)
            {
                rules[rule.Id] = severity;
            }
        }
    }

    private void ForEachMember(PositionedJson node, string prefix, Func<JsonMember, bool> read, string knownKeys)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in node.Members)
        {
            if (!seen.Add(member.Name))
            {
                Problem(member, prefix + member.Name, "is given twice; the later value would silently win. Keep one.");
                continue;
            }

            if (!read(member))
            {
                Problem(member, prefix + member.Name, $"is not a known setting. Known here: {knownKeys}. Fix the spelling or remove it.");
            }
        }
    }

    private bool Expect(PositionedJson node, JsonKind kind, string key)
    {
        if (node.Kind == kind)
        {
            return true;
        }

        var wanted = kind switch
        {
            JsonKind.Object => "an object { … }",
            JsonKind.Array => "an array [ … ]",
            JsonKind.String => "a string",
            JsonKind.Boolean => "true or false",
            _ => kind.ToString(),
        };
        Problem(node, key, $"must be {wanted}, not {node.KindName}.");
        return false;
    }

    private List<string> StringList(PositionedJson node, string key)
    {
        var values = new List<string>();
        if (!Expect(node, JsonKind.Array, key))
        {
            return values;
        }

        for (var i = 0; i < node.Items.Count; i++)
        {
            if (NonEmptyString(node.Items[i], $"{key}[{i}]") is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }

    private List<string> OneOfList(PositionedJson node, string key, string[] allowed)
    {
        var values = new List<string>();
        if (!Expect(node, JsonKind.Array, key))
        {
            return values;
        }

        for (var i = 0; i < node.Items.Count; i++)
        {
            if (OneOf(node.Items[i], $"{key}[{i}]", allowed) is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }

    private string? OneOf(PositionedJson node, string key, string[] allowed)
    {
        if (NonEmptyString(node, key) is not { } text)
        {
            return null;
        }

        var match = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            Problem(node, key, $"is '{text}'; use one of: {string.Join(", ", allowed)}.");
        }

        return match;
    }

    private string? NonEmptyString(PositionedJson node, string key)
    {
        if (!Expect(node, JsonKind.String, key))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(node.Text))
        {
            Problem(node, key, "is empty; give a value or remove the entry.");
            return null;
        }

        return node.Text.Trim();
    }

    private bool? Bool(PositionedJson node, string key) => Expect(node, JsonKind.Boolean, key) ? node.Boolean : null;

    private RuleSeverity? Severity(PositionedJson node, string key)
    {
        if (!Expect(node, JsonKind.String, key))
        {
            return null;
        }

        if (RuleSeverityNames.TryParse(node.Text, out var severity))
        {
            return severity;
        }

        Problem(node, key, $"is '{node.Text}'; use one of: none, info, warning, error.");
        return null;
    }

    private void Problem(JsonMember member, string key, string what) => Problem(member.Line, member.Column, key, what);

    private void Problem(PositionedJson node, string key, string what) => Problem(node.Line, node.Column, key, what);

    private void Problem(int line, int column, string key, string what)
    {
        _problems.Add(PolicyLoader.Problem(_path,
            $"{_shownPath}({line},{column}): '{key}' {what}", line, column, key));
    }
}
