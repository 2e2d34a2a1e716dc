using TrustCheck.Core.Tests.Inventory;

namespace TrustCheck.Core.Tests.Licensing;

/// <summary>
/// A real project restored from the feed with packages that only give an old licenseUrl: System.* 4.x with the
/// dotnet/corefx LICENSE.TXT link, SkiaSharp 2.88.x with its fwlink, and a .NET Core 1.x package with the
/// Microsoft .NET Library license fwlink.
/// </summary>
public sealed class LegacyLicenseProject() : RestoredProject("trustcheck-legacy-licenses", """
    <PackageReference Include="System.Security.Cryptography.ProtectedData" Version="4.5.0" />
    <PackageReference Include="SkiaSharp.NativeAssets.Win32" Version="2.88.6" />
    <PackageDownload Include="Microsoft.NETCore.Platforms" Version="[1.1.0]" />
    """)
{
    public const string ProtectedData = "System.Security.Cryptography.ProtectedData";
    public const string Skia = "SkiaSharp.NativeAssets.Win32";
    public const string Platforms = "Microsoft.NETCore.Platforms";
}

[CollectionDefinition(Name)]
public sealed class LegacyLicenseProjectCollection : ICollectionFixture<LegacyLicenseProject>
{
    public const string Name = "legacy license project";
}
