using System.Security.Cryptography;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>RFC 9162 §2.1.3.2: the root hash an inclusion proof leads to.</summary>
internal static class MerkleInclusion
{
    /// <summary>The computed root, or null when the proof's shape does not fit the index and tree size.</summary>
    public static byte[]? RootFromProof(long leafIndex, long treeSize, byte[] leafHash, IReadOnlyList<byte[]> path)
    {
        if (leafIndex < 0 || treeSize <= 0 || leafIndex >= treeSize || path.Any(p => p.Length != SHA256.HashSizeInBytes))
        {
            return null;
        }

        var fn = leafIndex;
        var sn = treeSize - 1;
        var r = leafHash;
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return null;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 ? r : null;
    }

    private static byte[] NodeHash(byte[] left, byte[] right) => SHA256.HashData([1, .. left, .. right]);
}
