namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>Where a model's OMS signature is and what it may cover.</summary>
/// <param name="SignaturePath">The bundle file.</param>
/// <param name="Folder">The folder the signature sits in (folder signatures cover it).</param>
/// <param name="File">The single model file asked about, when the caller passed a file.</param>
internal sealed record SignatureLocation(string SignaturePath, string Folder, string? File)
{
    public const string FolderSignatureName = "model.sig";

    /// <summary>
    /// A folder: its <c>model.sig</c>. A file: <c>&lt;file&gt;.sig</c> beside it, else the folder's <c>model.sig</c>
    /// (model_signing signs single files with any --signature path, and commonly model.sig).
    /// </summary>
    public static SignatureLocation? Find(string modelPath)
    {
        var full = Path.GetFullPath(modelPath);
        if (Directory.Exists(full))
        {
            var folderSignature = Path.Combine(full, FolderSignatureName);
            return System.IO.File.Exists(folderSignature) ? new SignatureLocation(folderSignature, full, null) : null;
        }

        if (!System.IO.File.Exists(full))
        {
            return null;
        }

        var folder = Path.GetDirectoryName(full)!;
        var beside = full + ".sig";
        if (System.IO.File.Exists(beside))
        {
            return new SignatureLocation(beside, folder, full);
        }

        var inFolder = Path.Combine(folder, FolderSignatureName);
        return System.IO.File.Exists(inFolder) && !string.Equals(inFolder, full, StringComparison.Ordinal)
            ? new SignatureLocation(inFolder, folder, full)
            : null;
    }
}
