using System.Security.Cryptography;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>A key the DSSE signature may verify with, and how it is named in messages.</summary>
internal sealed record CandidateKey(ECDsa Key, string Name, bool NamedByBundle);

/// <summary>
/// The keys to try for the DSSE signature. <see cref="UntrustedReason"/> is set when they come from the bundle itself
/// (the policy has no trust material for this method): the check then only shows self-consistency.
/// </summary>
internal sealed record SignerResolution(string Method, IReadOnlyList<CandidateKey> Keys, string Signer, string? UntrustedReason) : IDisposable
{
    public bool Anchored => UntrustedReason is null;

    public void Dispose()
    {
        foreach (var candidate in Keys)
        {
            candidate.Key.Dispose();
        }
    }
}
