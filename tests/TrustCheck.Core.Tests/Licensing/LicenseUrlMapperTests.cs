using TrustCheck.Core.Licensing;

namespace TrustCheck.Core.Tests.Licensing;

public class LicenseUrlMapperTests
{
    [Theory]
    // NuGet's generated license pages.
    [InlineData("https://licenses.nuget.org/MIT", "MIT")]
    [InlineData("licenses.nuget.org/MIT", "MIT")]
    [InlineData("https://licenses.nuget.org/Apache-2.0", "Apache-2.0")]
    [InlineData("https://licenses.nuget.org/(MIT+OR+Apache-2.0)", "(MIT OR Apache-2.0)")]
    [InlineData("https://licenses.nuget.org/MIT%20OR%20Apache-2.0", "MIT OR Apache-2.0")]
    [InlineData("https://licenses.nuget.org/GPL-2.0-only+WITH+Classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("https://licenses.nuget.org/LGPL-2.1-or-later", "LGPL-2.1-or-later")]
    // opensource.org, old and new layouts, and its aliases.
    [InlineData("https://opensource.org/licenses/MIT", "MIT")]
    [InlineData("http://www.opensource.org/licenses/mit-license.php", "MIT")]
    [InlineData("https://opensource.org/licenses/MIT-License", "MIT")]
    [InlineData("http://opensource.org/licenses/ms-pl", "MS-PL")]
    [InlineData("http://www.opensource.org/licenses/ms-pl.html", "MS-PL")]
    [InlineData("https://opensource.org/licenses/Apache-2.0", "Apache-2.0")]
    [InlineData("https://opensource.org/licenses/BSD-3-Clause", "BSD-3-Clause")]
    [InlineData("http://www.opensource.org/licenses/bsd-license.php", "BSD-2-Clause")]
    [InlineData("https://opensource.org/license/mit/", "MIT")]
    [InlineData("https://opensource.org/licenses/GPL-3.0", "GPL-3.0-only")]
    // apache.org.
    [InlineData("http://www.apache.org/licenses/LICENSE-2.0", "Apache-2.0")]
    [InlineData("https://www.apache.org/licenses/LICENSE-2.0.html", "Apache-2.0")]
    [InlineData("https://apache.org/licenses/LICENSE-2.0.txt", "Apache-2.0")]
    [InlineData("HTTPS://WWW.APACHE.ORG/licenses/LICENSE-2.0/", "Apache-2.0")]
    // gnu.org.
    [InlineData("https://www.gnu.org/licenses/gpl-3.0.html", "GPL-3.0-only")]
    [InlineData("https://www.gnu.org/licenses/gpl-3.0.en.html", "GPL-3.0-only")]
    [InlineData("http://www.gnu.org/licenses/gpl-3.0.txt", "GPL-3.0-only")]
    [InlineData("https://www.gnu.org/licenses/old-licenses/gpl-2.0.html", "GPL-2.0-only")]
    [InlineData("https://www.gnu.org/licenses/old-licenses/lgpl-2.1.html", "LGPL-2.1-only")]
    [InlineData("https://www.gnu.org/licenses/lgpl-3.0.html", "LGPL-3.0-only")]
    [InlineData("https://www.gnu.org/licenses/agpl-3.0.en.html", "AGPL-3.0-only")]
    // spdx.org.
    [InlineData("https://spdx.org/licenses/MIT.html", "MIT")]
    [InlineData("https://spdx.org/licenses/BSD-2-Clause", "BSD-2-Clause")]
    [InlineData("https://spdx.org/licenses/GPL-2.0-or-later.html", "GPL-2.0-or-later")]
    // Creative Commons.
    [InlineData("https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0")]
    [InlineData("https://creativecommons.org/licenses/by-sa/4.0/legalcode", "CC-BY-SA-4.0")]
    [InlineData("http://creativecommons.org/licenses/by-nc-nd/4.0/deed.en", "CC-BY-NC-ND-4.0")]
    [InlineData("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0")]
    // Other license homes.
    [InlineData("https://mit-license.org/", "MIT")]
    [InlineData("https://unlicense.org", "Unlicense")]
    [InlineData("https://www.mozilla.org/en-US/MPL/2.0/", "MPL-2.0")]
    [InlineData("https://www.boost.org/LICENSE_1_0.txt", "BSL-1.0")]
    // Repository files that name their license.
    [InlineData("https://github.com/boncheolgu/tflite-rs/blob/master/LICENSE-MIT", "MIT")]
    [InlineData("https://raw.githubusercontent.com/rust-lang/rust/master/LICENSE-MIT", "MIT")]
    [InlineData("https://github.com/contoso/lib/blob/main/LICENSE.Apache-2.0.txt", "Apache-2.0")]
    [InlineData("https://github.com/contoso/lib/raw/v1.2/MIT-LICENSE.txt", "MIT")]
    [InlineData("https://github.com/contoso/lib/blob/main/COPYING.LGPL-2.1", "LGPL-2.1-only")]
    public void Known_license_url_maps_to_its_spdx_expression(string url, string expected)
    {
        Assert.Equal(expected, LicenseUrlMapper.TryMap(url));
    }

    [Theory]
    // Repository license files that do not say which license they hold: never guess.
    [InlineData("https://github.com/JamesNK/Newtonsoft.Json/blob/master/LICENSE.md")]
    [InlineData("https://raw.githubusercontent.com/dotnet/runtime/main/LICENSE.TXT")]
    [InlineData("https://github.com/contoso/lib/blob/main/LICENSE")]
    [InlineData("https://github.com/boncheolgu/tflite-rs/blob/master/LICENSE-APACHE")]
    [InlineData("https://github.com/contoso/lib/blob/main/docs/MIT.md")]
    [InlineData("https://github.com/contoso/lib")]
    // License pages that do not name one license, or unknown ids.
    [InlineData("https://www.gnu.org/licenses/gpl.html")]
    [InlineData("https://www.gnu.org/licenses/")]
    [InlineData("https://opensource.org/licenses")]
    [InlineData("https://opensource.org/licenses/not-a-license")]
    [InlineData("https://spdx.org/licenses/")]
    [InlineData("https://licenses.nuget.org/")]
    [InlineData("https://licenses.nuget.org/MIT+OR")]
    [InlineData("https://creativecommons.org/licenses/")]
    [InlineData("https://creativecommons.org/licenses/by-xyz/9.0/")]
    [InlineData("https://www.apache.org/licenses/")]
    // Other pages, and fwlinks no one has mapped (329770 and 868514 are in known-license-urls.json with their evidence).
    [InlineData("https://go.microsoft.com/fwlink/?LinkId=329771")]
    [InlineData("https://www.contoso.com/eula")]
    [InlineData("https://aka.ms/deprecateLicenseUrl")]
    [InlineData("ftp://opensource.org/licenses/MIT")]
    [InlineData("not a url at all")]
    [InlineData("")]
    [InlineData("https://opensource.org.evil.example/licenses/MIT")]
    [InlineData("https://evil.example/opensource.org/licenses/MIT")]
    public void Other_url_maps_to_nothing(string url)
    {
        Assert.Null(LicenseUrlMapper.TryMap(url));
    }

    [Theory]
    [InlineData("https://aka.ms/deprecateLicenseUrl", true)]
    [InlineData("http://aka.ms/deprecatelicenseurl", true)]
    [InlineData("http://LICENSE_URL_HERE_OR_DELETE_THIS_LINE", true)]
    [InlineData("https://licenses.nuget.org/MIT", false)]
    [InlineData("https://github.com/contoso/lib/blob/main/LICENSE", false)]
    public void Placeholder_urls_are_recognized(string url, bool expected)
    {
        Assert.Equal(expected, LicenseUrlMapper.IsPlaceholder(url));
    }

    [Fact]
    public void Overlong_url_maps_to_nothing()
    {
        Assert.Null(LicenseUrlMapper.TryMap("https://opensource.org/licenses/" + new string('a', 10_000)));
    }
}
