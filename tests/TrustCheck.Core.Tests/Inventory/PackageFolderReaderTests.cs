using TrustCheck.Tests;
using NuGet.Versioning;
using TrustCheck.Core.Inventory;

namespace TrustCheck.Core.Tests.Inventory;

[Collection(RestoredProjectCollection.Name)]
public class PackageFolderReaderTests(RestoredProject project)
{
    private PackageFacts Read(string id, string version) =>
        PackageFolderReader.Read(project.InstallPath(id, version), id, NuGetVersion.Parse(version));

    [Fact]
    public void License_expression_is_read_from_the_nuspec()
    {
        var facts = Read("System.CommandLine", "2.0.0");

        Assert.True(facts.ManifestRead);
        Assert.Equal("expression", facts.License.Kind);
        Assert.Equal("MIT", facts.License.Expression);
        Assert.Equal("nuspec", facts.License.Source);
        Assert.Empty(facts.Problems);
    }

    [Fact]
    public void License_file_wins_over_the_deprecateLicenseUrl_placeholder()
    {
        var facts = Read("Microsoft.ML.OnnxRuntime.Managed", "1.31.1");

        Assert.Equal("file", facts.License.Kind);
        Assert.Equal("license-text", facts.License.Source);
        Assert.Null(facts.License.Url); // https://aka.ms/deprecateLicenseUrl says nothing about the license
        Assert.Equal("MIT", facts.License.Expression); // LICENSE.txt identified by its text
    }

    [Fact]
    public void LicenseUrl_only_package_reports_kind_url()
    {
        var facts = Read("Newtonsoft.Json", "9.0.1");

        Assert.Equal("url", facts.License.Kind);
        Assert.Equal("license-url", facts.License.Source);
        Assert.Contains("LICENSE", facts.License.Url, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Repository_authors_source_and_content_hash_are_read()
    {
        var facts = Read("Microsoft.ML.OnnxRuntime.Managed", "1.31.1");

        Assert.NotNull(facts.Repository);
        Assert.Equal("git", facts.Repository!.Type);
        Assert.StartsWith("https://github.com/", facts.Repository.Url);
        Assert.False(string.IsNullOrEmpty(facts.Authors));
        Assert.StartsWith("https://", facts.Source);
        var metadata = File.ReadAllText(Path.Combine(project.InstallPath("Microsoft.ML.OnnxRuntime.Managed", "1.31.1"), ".nupkg.metadata"));
        Assert.Contains(facts.ContentHash!, metadata);
    }

    [Fact]
    public void Author_signed_package_with_repository_countersignature_names_both_signers()
    {
        var facts = Read("System.CommandLine", "2.0.0");

        Assert.True(facts.Signature.Author);
        Assert.True(facts.Signature.Repository);
        Assert.Contains("Microsoft Corporation", facts.Signature.AuthorSigner);
        Assert.Contains("NuGet.org Repository", facts.Signature.RepositorySigner);
        Assert.Matches("^[0-9A-F]{64}$", facts.Signature.AuthorFingerprint);
        Assert.Matches("^[0-9A-F]{64}$", facts.Signature.RepositoryFingerprint);
    }

    [Fact]
    public void Repository_signed_only_package_has_no_author_signature()
    {
        var facts = Read("OllamaSharp", "5.5.2");

        Assert.False(facts.Signature.Author);
        Assert.True(facts.Signature.Repository);
        Assert.Equal(("file", "MIT"), (facts.License.Kind, facts.License.Expression));
        Assert.Contains("NuGet.org Repository", facts.Signature.RepositorySigner);
    }

    [Fact]
    public void Package_folder_without_nuspec_is_a_problem_not_a_crash()
    {
        var copy = CopyPackage("System.CommandLine", "2.0.0");
        File.Delete(Path.Combine(copy, "system.commandline.nuspec"));

        var facts = PackageFolderReader.Read(copy, "System.CommandLine", NuGetVersion.Parse("2.0.0"));

        Assert.False(facts.ManifestRead);
        Assert.Contains(facts.Problems, p => p.Contains("no .nuspec", StringComparison.Ordinal));
        Assert.True(facts.Signature.Author); // the rest still ran
    }

    [Fact]
    public void Garbage_signature_file_is_a_problem_and_counts_as_unsigned()
    {
        var copy = CopyPackage("System.CommandLine", "2.0.0");
        File.WriteAllBytes(Path.Combine(copy, ".signature.p7s"), "this is not a CMS signature"u8.ToArray());

        var facts = PackageFolderReader.Read(copy, "System.CommandLine", NuGetVersion.Parse("2.0.0"));

        Assert.False(facts.SignatureReadable);
        Assert.False(facts.Signature.Author || facts.Signature.Repository);
        Assert.Contains(facts.Problems, p => p.Contains(".signature.p7s", StringComparison.Ordinal));
        Assert.Equal("MIT", facts.License.Expression); // the rest still ran
    }

    [Fact]
    public void Truncated_signature_file_is_a_problem()
    {
        var copy = CopyPackage("OllamaSharp", "5.5.2");
        var path = Path.Combine(copy, ".signature.p7s");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var facts = PackageFolderReader.Read(copy, "OllamaSharp", NuGetVersion.Parse("5.5.2"));

        Assert.False(facts.SignatureReadable);
    }

    [Fact]
    public void Corrupt_nupkg_metadata_is_a_problem()
    {
        var copy = CopyPackage("System.CommandLine", "2.0.0");
        File.WriteAllText(Path.Combine(copy, ".nupkg.metadata"), "{ \"version\": 2, \"contentHash\": ");

        var facts = PackageFolderReader.Read(copy, "System.CommandLine", NuGetVersion.Parse("2.0.0"));

        Assert.Null(facts.ContentHash);
        Assert.Contains(facts.Problems, p => p.Contains(".nupkg.metadata", StringComparison.Ordinal));
    }

    [Fact]
    public void Package_files_that_are_fifos_or_device_links_are_problems_never_opened()
    {
        if (!SpecialFiles.CanMakeFifo)
        {
            return; // no FIFOs or /dev devices on Windows
        }

        var copy = CopyPackage("Microsoft.ML.OnnxRuntime.Managed", "1.31.1");
        var license = Directory.GetFiles(copy, "LICENSE*", SearchOption.AllDirectories).First();
        File.Delete(license);
        SpecialFiles.Fifo(license);
        File.Delete(Path.Combine(copy, ".signature.p7s"));
        SpecialFiles.Link(Path.Combine(copy, ".signature.p7s"), "/dev/zero");
        File.Delete(Path.Combine(copy, ".nupkg.metadata"));
        SpecialFiles.Fifo(Path.Combine(copy, ".nupkg.metadata"));

        var facts = PackageFolderReader.Read(copy, "Microsoft.ML.OnnxRuntime.Managed", NuGetVersion.Parse("1.31.1"));

        Assert.Contains(facts.Problems, p => p.Contains("license file", StringComparison.Ordinal) && p.Contains("not a regular file (FIFO)", StringComparison.Ordinal));
        Assert.Contains(facts.Problems, p => p.Contains(".signature.p7s", StringComparison.Ordinal) && p.Contains("character device", StringComparison.Ordinal));
        Assert.Contains(facts.Problems, p => p.Contains(".nupkg.metadata", StringComparison.Ordinal) && p.Contains("FIFO", StringComparison.Ordinal));
        Assert.True(facts.ManifestRead); // the nuspec was still read
    }

    /// <summary>A copy of the package folder laid out like a global packages folder (root/id/version).</summary>
    private string CopyPackage(string id, string version)
    {
        var source = project.InstallPath(id, version);
        var target = Path.Combine(TestPaths.NewTempDirectory("trustcheck-pkgcopy"), id.ToLowerInvariant(), version);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            if (!file.EndsWith(".nupkg", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        return target;
    }
}
