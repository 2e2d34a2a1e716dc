using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrustCheck.Tests.Online;

/// <summary>One .nupkg answer of <see cref="LoopbackNuGetFeed"/>: <paramref name="Range"/> as asked, <paramref name="Bytes"/> as sent.</summary>
public sealed record NupkgResponse(string Path, string? Range, int Status, long Bytes);

/// <summary>One package version the feed serves, with the metadata nuget.org's registration puts on it.</summary>
public sealed class FeedPackage
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    /// <summary>The registration's licenseExpression; null for a license file (then <see cref="Nupkg"/> says it) or none.</summary>
    public string? LicenseExpression { get; init; }
    public bool Listed { get; init; } = true;
    public string[]? DeprecationReasons { get; init; }
    public string? DeprecationMessage { get; init; }
    public string? AlternatePackageId { get; init; }
    public string? AlternatePackageRange { get; init; }
    /// <summary>(severity 0–3, advisory URL), as in nuget.org's registration.</summary>
    public (int Severity, string AdvisoryUrl)[] Vulnerabilities { get; init; } = [];
    /// <summary>The .nupkg bytes the package content service returns; null = 404.</summary>
    public byte[]? Nupkg { get; init; }
}

/// <summary>
/// A NuGet v3 feed on 127.0.0.1 (a random free port) with the resources NuGet.Protocol reads: the service index,
/// registration (RegistrationsBaseUrl/3.6.0: inline pages with deprecation and vulnerabilities in nuget.org's JSON shape),
/// search (the SearchQueryService types nuget.org lists: owners, verified) and package content (PackageBaseAddress/3.0.0).
/// Package downloads honour a single HTTP Range (as nuget.org's blob storage does) unless <see cref="IgnoresRange"/>.
/// Counts requests and the .nupkg bytes it sent, and can fail (<see cref="FailWithStatus"/>) or stall (<see cref="Delay"/>) on purpose.
/// </summary>
public sealed class LoopbackNuGetFeed : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, List<FeedPackage>> _packages;
    private readonly Dictionary<string, (string[] Owners, bool Verified)> _owners;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<NupkgResponse> _nupkgResponses = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    /// <param name="port">0 = a random free port; a fixed one keeps the source URL (and so online cache keys) stable across processes.</param>
    public LoopbackNuGetFeed(IEnumerable<FeedPackage> packages, IDictionary<string, (string[] Owners, bool Verified)>? owners = null, int port = 0)
    {
        _packages = packages.GroupBy(p => p.Id.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.ToList());
        _owners = new Dictionary<string, (string[], bool)>(owners ?? new Dictionary<string, (string[], bool)>(), StringComparer.OrdinalIgnoreCase);
        Port = port == 0 ? LoopbackListener.FreePort() : port;
        BaseUrl = $"http://127.0.0.1:{Port}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }
    public string BaseUrl { get; }
    public string ServiceIndexUrl => BaseUrl + "v3/index.json";

    /// <summary>Every request path so far (service index included).</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();
    public int RequestCount => _requests.Count;

    /// <summary>Every .nupkg answer: its path, the Range asked for, the status and how many body bytes were sent.</summary>
    public IReadOnlyList<NupkgResponse> NupkgResponses => _nupkgResponses.ToArray();

    /// <summary>True: Range headers are ignored and every .nupkg answer is the whole package (200), like a naive static server.</summary>
    public bool IgnoresRange { get; init; }

    /// <summary>When set, every request gets this status and no body.</summary>
    public HttpStatusCode? FailWithStatus { get; set; }

    /// <summary>Requests whose path contains this get <see cref="FailPathStatus"/> (e.g. only the search service fails).</summary>
    public string? FailPathsContaining { get; set; }

    public HttpStatusCode FailPathStatus { get; set; } = HttpStatusCode.NotFound;

    /// <summary>Added before every answer (a slow feed).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>False: the service index lists no search service, like a partial mirror.</summary>
    public bool HasSearch { get; init; } = true;

    /// <summary>False: the package content service has no .nuspec files (404), like a mirror that keeps only .nupkg files.</summary>
    public bool HasNuspecs { get; init; } = true;

    /// <summary>A nuget.config in <paramref name="directory"/> whose only source is this feed.</summary>
    public string WriteNuGetConfig(string directory) => WriteNuGetConfig(directory, ServiceIndexUrl);

    public static string WriteNuGetConfig(string directory, params string[] sources)
    {
        var entries = string.Join("\n", sources.Select((s, i) => $"""    <add key="feed{i}" value="{s}" protocolVersion="3" allowInsecureConnections="true" />"""));
        var path = Path.Combine(directory, "nuget.config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
            {entries}
              </packageSources>
            </configuration>
            """);
        return path;
    }

    /// <summary>Size of the library entry in <see cref="NupkgWithLicenseFile"/>: well beyond the 64 KB tail a range reader starts with.</summary>
    public const int FillerBytes = 256 * 1024;

    /// <summary>A real .nupkg: a nuspec whose license is the file LICENSE.txt holding <paramref name="licenseText"/>, then a <see cref="FillerBytes"/> library.</summary>
    /// <param name="extraFiles">Small files added last: enough of them make the central directory larger than the 64 KB tail.</param>
    public static byte[] NupkgWithLicenseFile(string id, string version, string licenseText, int extraFiles = 0)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, $"{id}.nuspec", $"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata>
                    <id>{id}</id>
                    <version>{version}</version>
                    <authors>Contoso</authors>
                    <description>Test package.</description>
                    <license type="file">LICENSE.txt</license>
                  </metadata>
                </package>
                """);
            Write(zip, "LICENSE.txt", licenseText);
            // The library after the license, stored uncompressed as DLLs often are: a package far larger than its license.
            var filler = new byte[FillerBytes];
            new Random(11).NextBytes(filler);
            using var library = zip.CreateEntry("lib/netstandard2.0/Contoso.bin", CompressionLevel.NoCompression).Open();
            library.Write(filler);
            library.Dispose();
            for (var i = 0; i < extraFiles; i++)
            {
                Write(zip, $"content/docs/page{i:D5}.md", $"# Page {i}");
            }
        }

        return buffer.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    private Task AcceptLoop() => LoopbackListener.AcceptUntilClosed(_listener, _stopping.Token, Serve);

    private async Task Serve(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        _requests.Enqueue(path + context.Request.Url.Query);
        try
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, _stopping.Token);
            }

            var failure = FailWithStatus
                ?? (FailPathsContaining is { } part && path.Contains(part, StringComparison.Ordinal) ? (HttpStatusCode?)FailPathStatus : null);
            if (failure is { } status)
            {
                context.Response.StatusCode = (int)status;
                context.Response.Close();
                return;
            }

            var (code, body, type) = Route(path, context.Request.QueryString["q"]);
            var range = context.Request.Headers["Range"];
            if (code == 200 && path.EndsWith(".nupkg", StringComparison.Ordinal))
            {
                if (!IgnoresRange && range is not null)
                {
                    (code, body) = ApplyRange(context.Response, body, range);
                }

                _nupkgResponses.Enqueue(new NupkgResponse(path, range, code, body.Length));
            }

            context.Response.StatusCode = code;
            context.Response.ContentType = type;
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The client gave up (timeout tests) or the feed is being disposed.
        }
    }

    /// <summary>One range, "bytes=a-b", "bytes=a-" or "bytes=-n" (RFC 9110); 416 when it starts past the end.</summary>
    private static (int Code, byte[] Body) ApplyRange(HttpListenerResponse response, byte[] body, string range)
    {
        var match = System.Text.RegularExpressions.Regex.Match(range, @"^bytes=(\d*)-(\d*)$");
        if (!match.Success || (match.Groups[1].Length == 0 && match.Groups[2].Length == 0))
        {
            return (200, body); // Not a single range: the whole body, as servers do.
        }

        long start, end;
        if (match.Groups[1].Length == 0)
        {
            start = Math.Max(0, body.Length - long.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            end = body.Length - 1;
        }
        else
        {
            start = long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            end = match.Groups[2].Length == 0 ? body.Length - 1 : Math.Min(body.Length - 1, long.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        if (start >= body.Length || end < start)
        {
            response.AddHeader("Content-Range", $"bytes */{body.Length}");
            return (416, []);
        }

        response.AddHeader("Content-Range", $"bytes {start}-{end}/{body.Length}");
        return (206, body[(int)start..(int)(end + 1)]);
    }

    private (int Code, byte[] Body, string Type) Route(string path, string? query)
    {
        var segments = path.Trim('/').Split('/');
        if (path == "/v3/index.json")
        {
            return Json(ServiceIndex());
        }

        if (segments is ["v3", "registration", var id, "index.json"] && _packages.TryGetValue(id, out var versions))
        {
            return Json(Registration(id, versions));
        }

        if (segments is ["v3", "query"])
        {
            return Json(Search(query ?? ""));
        }

        if (segments is ["v3", "flatcontainer", var contentId, "index.json"] && _packages.TryGetValue(contentId, out var contentVersions))
        {
            return Json(new JsonObject { ["versions"] = new JsonArray(contentVersions.Select(v => (JsonNode)v.Version.ToLowerInvariant()).ToArray()) });
        }

        if (segments is ["v3", "flatcontainer", var nuspecId, var nuspecVersion, var nuspecName]
            && nuspecName.EndsWith(".nuspec", StringComparison.Ordinal)
            && HasNuspecs
            && _packages.TryGetValue(nuspecId, out var nuspecVersions)
            && nuspecVersions.FirstOrDefault(v => v.Version.Equals(nuspecVersion, StringComparison.OrdinalIgnoreCase)) is { } nuspecPackage)
        {
            return (200, Nuspec(nuspecPackage), "application/xml");
        }

        if (segments is ["v3", "flatcontainer", var nupkgId, var nupkgVersion, var nupkgName]
            && nupkgName.EndsWith(".nupkg", StringComparison.Ordinal)
            && _packages.TryGetValue(nupkgId, out var nupkgVersions)
            && nupkgVersions.FirstOrDefault(v => v.Version.Equals(nupkgVersion, StringComparison.OrdinalIgnoreCase)) is { Nupkg: { } nupkg })
        {
            return (200, nupkg, "application/octet-stream");
        }

        return (404, [], "text/plain");
    }

    /// <summary>The .nuspec inside the package when it has one, else the one its registration describes.</summary>
    private static byte[] Nuspec(FeedPackage package)
    {
        if (package.Nupkg is { } nupkg)
        {
            using var zip = new ZipArchive(new MemoryStream(nupkg), ZipArchiveMode.Read);
            var entry = zip.Entries.First(e => e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        var license = package.LicenseExpression is { } expression ? $"<license type=\"expression\">{expression}</license>" : "";
        return Encoding.UTF8.GetBytes($"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>{package.Id}</id>
                <version>{package.Version}</version>
                <authors>Contoso</authors>
                <description>Test package.</description>
                {license}
              </metadata>
            </package>
            """);
    }

    private static (int, byte[], string) Json(JsonNode node) => (200, Encoding.UTF8.GetBytes(node.ToJsonString()), "application/json");

    private JsonObject ServiceIndex()
    {
        var resources = new JsonArray(
            Resource("v3/registration/", "RegistrationsBaseUrl/3.6.0"),
            Resource("v3/registration/", "RegistrationsBaseUrl"),
            Resource("v3/flatcontainer/", "PackageBaseAddress/3.0.0"));
        if (HasSearch)
        {
            resources.Add(Resource("v3/query", "SearchQueryService/3.5.0"));
            resources.Add(Resource("v3/query", "SearchQueryService/3.0.0-rc"));
            resources.Add(Resource("v3/query", "SearchQueryService/3.0.0-beta"));
            resources.Add(Resource("v3/query", "SearchQueryService"));
        }

        return new JsonObject { ["version"] = "3.0.0", ["resources"] = resources };
    }

    private JsonObject Resource(string relative, string type) => new() { ["@id"] = BaseUrl + relative, ["@type"] = type };

    /// <summary>One inline page, as nuget.org serves registrations of packages with few versions.</summary>
    private JsonObject Registration(string id, List<FeedPackage> versions)
    {
        var index = $"{BaseUrl}v3/registration/{id}/index.json";
        var ordered = versions.OrderBy(v => NuGet.Versioning.NuGetVersion.Parse(v.Version)).ToList();
        var leaves = new JsonArray(ordered.Select(v => (JsonNode)Leaf(id, index, v)).ToArray());
        return new JsonObject
        {
            ["@id"] = index,
            ["@type"] = new JsonArray("catalog:CatalogRoot", "PackageRegistration", "catalog:Permalink"),
            ["count"] = 1,
            ["items"] = new JsonArray(new JsonObject
            {
                ["@id"] = $"{index}#page/{ordered[0].Version}/{ordered[^1].Version}",
                ["@type"] = "catalog:CatalogPage",
                ["count"] = ordered.Count,
                ["lower"] = ordered[0].Version,
                ["upper"] = ordered[^1].Version,
                ["parent"] = index,
                ["items"] = leaves,
            }),
        };
    }

    private JsonObject Leaf(string id, string index, FeedPackage package)
    {
        var version = package.Version.ToLowerInvariant();
        var content = $"{BaseUrl}v3/flatcontainer/{id}/{version}/{id}.{version}.nupkg";
        var catalogId = $"{BaseUrl}v3/catalog/{id}.{version}.json";
        var entry = new JsonObject
        {
            ["@id"] = catalogId,
            ["@type"] = "PackageDetails",
            ["authors"] = "Contoso",
            ["description"] = $"{package.Id} test package.",
            ["id"] = package.Id,
            ["version"] = package.Version,
            ["listed"] = package.Listed,
            ["published"] = package.Listed ? "2025-01-01T00:00:00+00:00" : "1900-01-01T00:00:00+00:00",
            ["licenseExpression"] = package.LicenseExpression ?? "",
            ["licenseUrl"] = package.LicenseExpression is { } expression
                ? $"https://licenses.nuget.org/{expression}"
                : $"https://www.nuget.org/packages/{package.Id}/{package.Version}/license",
            ["packageContent"] = content,
            ["requireLicenseAcceptance"] = false,
            ["tags"] = new JsonArray(),
        };
        if (package.DeprecationReasons is { } reasons)
        {
            var deprecation = new JsonObject
            {
                ["@id"] = catalogId + "#deprecation",
                ["reasons"] = new JsonArray(reasons.Select(r => (JsonNode)r).ToArray()),
            };
            if (package.DeprecationMessage is { } message)
            {
                deprecation["message"] = message;
            }

            if (package.AlternatePackageId is { } alternate)
            {
                deprecation["alternatePackage"] = new JsonObject
                {
                    ["@id"] = catalogId + "#deprecation/alternatePackage",
                    ["id"] = alternate,
                    ["range"] = package.AlternatePackageRange ?? "*",
                };
            }

            entry["deprecation"] = deprecation;
        }

        if (package.Vulnerabilities.Length > 0)
        {
            entry["vulnerabilities"] = new JsonArray(package.Vulnerabilities.Select((v, i) => (JsonNode)new JsonObject
            {
                ["@id"] = $"{catalogId}#vulnerability/GitHub/{i}",
                ["@type"] = "Vulnerability",
                ["advisoryUrl"] = v.AdvisoryUrl,
                ["severity"] = v.Severity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }).ToArray());
        }

        return new JsonObject
        {
            ["@id"] = $"{BaseUrl}v3/registration/{id}/{version}.json",
            ["@type"] = "Package",
            ["catalogEntry"] = entry,
            ["packageContent"] = content,
            ["registration"] = index,
        };
    }

    /// <summary>nuget.org's search answers "packageid:X" with that package only; owners and verified are per package id.</summary>
    private JsonObject Search(string query)
    {
        var wanted = query.StartsWith("packageid:", StringComparison.OrdinalIgnoreCase) ? query["packageid:".Length..].Trim() : query.Trim();
        var data = new JsonArray();
        if (_packages.TryGetValue(wanted.ToLowerInvariant(), out var versions))
        {
            var latest = versions.OrderBy(v => NuGet.Versioning.NuGetVersion.Parse(v.Version)).Last();
            var result = new JsonObject
            {
                ["@id"] = $"{BaseUrl}v3/registration/{wanted.ToLowerInvariant()}/index.json",
                ["@type"] = "Package",
                ["registration"] = $"{BaseUrl}v3/registration/{wanted.ToLowerInvariant()}/index.json",
                ["id"] = latest.Id,
                ["version"] = latest.Version,
                ["description"] = "",
                ["totalDownloads"] = 1,
                ["versions"] = new JsonArray(versions.Select(v => (JsonNode)new JsonObject { ["version"] = v.Version, ["downloads"] = 1, ["@id"] = "" }).ToArray()),
            };
            if (_owners.TryGetValue(latest.Id, out var owners))
            {
                result["owners"] = new JsonArray(owners.Owners.Select(o => (JsonNode)o).ToArray());
                result["verified"] = owners.Verified;
            }

            data.Add(result);
        }

        return new JsonObject { ["totalHits"] = data.Count, ["data"] = data };
    }

    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopping.
        }

    }
}
