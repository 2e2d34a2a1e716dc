using System.Text.Json.Nodes;
using TrustCheck.Core.Provenance.ModelSigning;

namespace TrustCheck.Core.Tests.Provenance;

/// <summary>Keyless bundles whose transparency log entry was altered must fail the offline Rekor checks.</summary>
public class RekorEntryTamperingTests
{
    private const string Vector = "v1.0.1-sigstore";

    [Fact]
    public void Flipped_bit_in_the_signed_entry_timestamp_is_invalid()
    {
        var result = VerifyWithEditedEntry(entry =>
        {
            var set = Convert.FromBase64String((string)entry["inclusionPromise"]!["signedEntryTimestamp"]!);
            set[10] ^= 0x01;
            entry["inclusionPromise"]!["signedEntryTimestamp"] = Convert.ToBase64String(set);
        });

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("signed entry timestamp does not verify", result.Message);
    }

    [Fact]
    public void Moved_integrated_time_is_invalid()
    {
        var result = VerifyWithEditedEntry(entry =>
            entry["integratedTime"] = (long.Parse((string)entry["integratedTime"]!, System.Globalization.CultureInfo.InvariantCulture) + 60)
                .ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("signed entry timestamp does not verify", result.Message);
    }

    [Fact]
    public void Missing_signed_entry_timestamp_is_invalid()
    {
        var result = VerifyWithEditedEntry(entry => entry.Remove("inclusionPromise"));

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("no signed entry timestamp", result.Message);
    }

    [Fact]
    public void Altered_inclusion_proof_hash_is_invalid()
    {
        var result = VerifyWithEditedEntry(entry =>
        {
            var hashes = entry["inclusionProof"]!["hashes"]!.AsArray();
            var first = Convert.FromBase64String((string)hashes[0]!);
            first[0] ^= 0x80;
            hashes[0] = Convert.ToBase64String(first);
        });

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("inclusion proof does not lead to the stated root hash", result.Message);
    }

    [Fact]
    public void Altered_checkpoint_is_invalid()
    {
        var result = VerifyWithEditedEntry(entry =>
        {
            var checkpoint = entry["inclusionProof"]!["checkpoint"]!;
            var text = (string)checkpoint["envelope"]!;
            checkpoint["envelope"] = text.Replace("rekor.sigstore.dev - ", "rekor.example.org - ", StringComparison.Ordinal);
        });

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("checkpoint signature does not verify", result.Message);
    }

    [Fact]
    public void Genuine_log_entry_of_another_bundle_is_invalid()
    {
        using var other = VectorCopy.Of("v1.0.0-sigstore");
        var foreignEntry = other.ReadBundle()["verificationMaterial"]!["tlogEntries"]![0]!.DeepClone();

        var result = VerifyWithEditedBundle(bundle => bundle["verificationMaterial"]!["tlogEntries"]![0] = foreignEntry);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("transparency log entry records a different", result.Message);
    }

    [Fact]
    public void Bundle_without_log_entries_is_invalid()
    {
        var result = VerifyWithEditedBundle(bundle => bundle["verificationMaterial"]!["tlogEntries"] = new JsonArray());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("no transparency log entry", result.Message);
    }

    [Fact]
    public void Log_entry_from_a_log_not_in_the_trust_root_is_invalid()
    {
        var result = VerifyWithEditedEntry(entry => entry["logId"]!["keyId"] = Convert.ToBase64String(new byte[32]));

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("not a tlog in the trust root", result.Message);
    }

    private static SignatureVerification VerifyWithEditedEntry(Action<JsonObject> edit) =>
        VerifyWithEditedBundle(bundle => edit(bundle["verificationMaterial"]!["tlogEntries"]![0]!.AsObject()));

    private static SignatureVerification VerifyWithEditedBundle(Action<JsonObject> edit)
    {
        using var copy = VectorCopy.Of(Vector);
        copy.EditBundle(edit);
        return ModelSignatureVerifier.Verify(copy.Folder, OmsVector.Named(Vector).Policy());
    }
}
