using System.Security.Cryptography;
using System.Text.Json;
using static TrustCheck.Core.Provenance.ModelSigning.JsonFields;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>One signed file: its path relative to the signed folder ('/'-separated; "." for a single signed file) and sha256.</summary>
internal sealed record SignedResource(string Name, string Sha256Hex);

/// <summary>What the in-toto statement inside the DSSE payload says was signed.</summary>
internal sealed record SignedManifest(string PredicateType, IReadOnlyList<SignedResource> Resources, IReadOnlyList<string> IgnorePaths)
{
    public const string StatementType = "https://in-toto.io/Statement/v1";

    /// <summary>model_signing v0.3.1 and later (OMS v1.0 predicate).</summary>
    public const string PredicateV10 = "https://model_signing/signature/v1.0";

    /// <summary>model_signing v0.2.0: one in-toto subject per file.</summary>
    public const string PredicateDigestsV01 = "https://model_signing/Digests/v0.1";

    /// <summary>A signature over one file (model_signing records it as the single resource ".").</summary>
    public bool IsSingleFile => Resources.Count == 1 && Resources[0].Name == ".";

    public static SignedManifest Parse(byte[] payload)
    {
        using var document = JsonFields.Parse(payload, "the DSSE payload (in-toto statement)");
        var statement = document.RootElement;
        if (statement.ValueKind != JsonValueKind.Object)
        {
            throw new SignatureCheckFailedException("the DSSE payload is not a JSON object");
        }

        var type = RequireString(statement, "_type", "statement");
        if (type != StatementType)
        {
            throw new SignatureCheckFailedException($"statement._type is '{type}', expected {StatementType}");
        }

        var predicateType = RequireString(statement, "predicateType", "statement");
        return predicateType switch
        {
            PredicateV10 => ParseV10(statement),
            PredicateDigestsV01 => ParseDigestsV01(statement),
            _ => throw new SignatureCheckFailedException(
                $"statement.predicateType '{predicateType}' is not an OMS model signature ({PredicateV10} or {PredicateDigestsV01})"),
        };
    }

    private static SignedManifest ParseV10(JsonElement statement)
    {
        var predicate = RequireObject(statement, "predicate", "statement");
        var serialization = RequireObject(predicate, "serialization", "statement.predicate");
        var method = RequireString(serialization, "method", "statement.predicate.serialization");
        if (method != "files")
        {
            throw new SignatureCheckFailedException(
                $"statement.predicate.serialization.method is '{method}'; only per-file serialization ('files') is supported (re-sign without sharding)");
        }

        var hashType = RequireString(serialization, "hash_type", "statement.predicate.serialization");
        if (hashType != "sha256")
        {
            throw new SignatureCheckFailedException($"statement.predicate.serialization.hash_type is '{hashType}'; only sha256 is supported");
        }

        var ignorePaths = new List<string>();
        foreach (var ignored in Array(serialization, "ignore_paths", "statement.predicate.serialization", SigningLimits.MaxSignedFiles, required: false))
        {
            ignorePaths.Add(ignored.ValueKind == JsonValueKind.String
                ? ignored.GetString()!
                : throw new SignatureCheckFailedException("statement.predicate.serialization.ignore_paths[] is not a string"));
        }

        var resources = new List<SignedResource>();
        foreach (var resource in Array(predicate, "resources", "statement.predicate", SigningLimits.MaxSignedFiles))
        {
            const string path = "statement.predicate.resources[]";
            var algorithm = RequireString(resource, "algorithm", path);
            if (algorithm != "sha256")
            {
                throw new SignatureCheckFailedException($"{path}.algorithm is '{algorithm}'; only sha256 is supported");
            }

            resources.Add(new SignedResource(RequireName(resource, path), RequireDigest(RequireString(resource, "digest", path), path + ".digest")));
        }

        var subjects = Array(statement, "subject", "statement", maxItems: 1).ToList();
        if (subjects.Count != 1)
        {
            throw new SignatureCheckFailedException("statement.subject must hold exactly one entry (the model)");
        }

        var subjectDigest = RequireDigest(
            RequireString(RequireObject(subjects[0], "digest", "statement.subject[0]"), "sha256", "statement.subject[0].digest"),
            "statement.subject[0].digest.sha256");
        var expected = SubjectDigestOf(resources);
        if (subjectDigest != expected)
        {
            throw new SignatureCheckFailedException(
                $"statement.subject digest {subjectDigest} is not the sha256 of the listed resource digests ({expected}): the statement is inconsistent");
        }

        return new SignedManifest(PredicateV10, CheckUnique(resources), ignorePaths);
    }

    private static SignedManifest ParseDigestsV01(JsonElement statement)
    {
        var resources = new List<SignedResource>();
        foreach (var subject in Array(statement, "subject", "statement", SigningLimits.MaxSignedFiles))
        {
            const string path = "statement.subject[]";
            if (OptionalObject(subject, "annotations", path) is { } annotations &&
                OptionalString(annotations, "actual_hash_algorithm", path + ".annotations") is { } algorithm &&
                algorithm != "file-sha256")
            {
                throw new SignatureCheckFailedException($"{path}.annotations.actual_hash_algorithm is '{algorithm}'; only file-sha256 is supported");
            }

            var digest = RequireString(RequireObject(subject, "digest", path), "sha256", path + ".digest");
            resources.Add(new SignedResource(RequireName(subject, path), RequireDigest(digest, path + ".digest.sha256")));
        }

        return new SignedManifest(PredicateDigestsV01, CheckUnique(resources), []);
    }

    /// <summary>OMS v1.0: sha256 over the raw bytes of every resource digest, in listed order.</summary>
    internal static string SubjectDigestOf(IReadOnlyList<SignedResource> resources)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var resource in resources)
        {
            hash.AppendData(Convert.FromHexString(resource.Sha256Hex));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string RequireName(JsonElement resource, string path)
    {
        var name = RequireString(resource, "name", path);
        if (name == ".")
        {
            return name;
        }

        var segments = name.Split('/');
        if (name.Length == 0 || name.StartsWith('/') || name.Contains('\\') || name.Contains('\0') ||
            segments.Any(s => s is "" or "." or ".."))
        {
            throw new SignatureCheckFailedException($"{path}.name '{name}' is not a relative path inside the model folder");
        }

        return name;
    }

    private static string RequireDigest(string digest, string path)
    {
        if (digest.Length != 64 || !digest.All(char.IsAsciiHexDigit))
        {
            throw new SignatureCheckFailedException($"{path} '{Shorten(digest)}' is not a hex sha256 digest");
        }

        return digest.ToLowerInvariant();
    }

    private static List<SignedResource> CheckUnique(List<SignedResource> resources)
    {
        var duplicate = resources.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SignatureCheckFailedException($"the statement lists '{duplicate.Key}' more than once");
        }

        if (resources.Count > 1 && resources.Any(r => r.Name == "."))
        {
            throw new SignatureCheckFailedException("the statement mixes a single-file resource '.' with other files");
        }

        return resources;
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
