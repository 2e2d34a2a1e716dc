using System.Text;
using TrustCheck.Core.Licensing;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.Licensing;

public class LicenseTextIdentifierTests
{
    private static readonly string LicenseData = Path.Combine(TestPaths.RepoRoot, "src", "TrustCheck.Core", "Data", "licenses");

    [Theory]
    [InlineData("picklescan/LICENSE", "MIT")]
    [InlineData("modelaudit/LICENSE", "MIT")]
    [InlineData("onnxruntime_go/LICENSE", "MIT")]
    [InlineData("ggml-llama.cpp/LICENSE", "MIT")]
    [InlineData("llama-jni-bridge/LICENSE", "MIT")]
    [InlineData("tflite-rs/LICENSE-MIT", "MIT")]
    [InlineData("modelscan/LICENSE", "Apache-2.0")]
    [InlineData("oms/LICENSE", "Apache-2.0")]
    [InlineData("onnx/LICENSE", "Apache-2.0")]
    [InlineData("tflite-rs/LICENSE-APACHE", "Apache-2.0")]
    [InlineData("schemas/LICENSE.CycloneDX", "Apache-2.0")]
    public void Real_license_file_from_the_corpus_is_identified(string corpusPath, string expected)
    {
        var match = LicenseTextIdentifier.Identify(File.ReadAllText(TestPaths.CorpusFile(corpusPath)));

        Assert.NotNull(match);
        Assert.Equal(expected, match.SpdxId);
        Assert.InRange(match.Similarity, LicenseTextIdentifier.Threshold, 1.0);
    }

    [Theory]
    [InlineData("Microsoft.ML.OnnxRuntime.Managed", "1.31.1", "LICENSE.txt")]
    [InlineData("Newtonsoft.Json", "13.0.4", "LICENSE.md")]
    [InlineData("CommunityToolkit.HighPerformance", "8.4.2", "License.md")]
    public void License_file_shipped_in_a_restored_package_is_identified_as_MIT(string id, string version, string file)
    {
        var text = File.ReadAllText(RestoredPackages.File(id, version, file));

        Assert.Equal("MIT", LicenseTextIdentifier.Identify(text)?.SpdxId);
    }

    [Fact]
    public void Windows_line_endings_and_a_byte_order_mark_do_not_matter()
    {
        var text = "\uFEFF" + File.ReadAllText(TestPaths.CorpusFile("picklescan/LICENSE")).Replace("\n", "\r\n");

        Assert.Equal("MIT", LicenseTextIdentifier.Identify(text)?.SpdxId);
    }

    [Fact]
    public void Apache_text_without_its_appendix_is_apache()
    {
        // Many projects ship the terms only, ending at "END OF TERMS AND CONDITIONS".
        var text = File.ReadAllText(TestPaths.CorpusFile("modelscan/LICENSE"));
        var end = text.IndexOf("END OF TERMS AND CONDITIONS", StringComparison.Ordinal);

        Assert.True(end > 0);
        Assert.Equal("Apache-2.0", LicenseTextIdentifier.Identify(text[..end])?.SpdxId);
    }

    [Fact]
    public void Mit_text_without_its_warranty_clause_is_not_identified()
    {
        // Real corpus file: the MIT grant and condition, then a note instead of the disclaimer.
        var text = File.ReadAllText(TestPaths.CorpusFile("modelaudit/scenarios/license_scenarios/mixed_licenses/LICENSE"));

        Assert.Null(LicenseTextIdentifier.Identify(text));
    }

    [Fact]
    public void Truncated_mit_text_is_not_identified()
    {
        var text = File.ReadAllText(TestPaths.CorpusFile("picklescan/LICENSE"));
        var truncated = text[..text.IndexOf("THE SOFTWARE IS PROVIDED", StringComparison.Ordinal)];

        Assert.Equal("MIT", LicenseTextIdentifier.Identify(text)?.SpdxId);
        Assert.Null(LicenseTextIdentifier.Identify(truncated));
    }

    [Fact]
    public void Other_real_license_text_is_not_identified()
    {
        // OASIS IPR terms of the SARIF spec: a real license file, none of the known ones.
        var text = File.ReadAllText(TestPaths.CorpusFile("schemas/LICENSE.SARIF"));

        Assert.Null(LicenseTextIdentifier.Identify(text));
    }

    [Fact]
    public void Proprietary_eula_is_not_identified()
    {
        const string eula = """
            CONTOSO AI SOFTWARE LICENSE TERMS

            These license terms are an agreement between Contoso Ltd. and you. They apply to the software named above.
            The software is licensed, not sold. You may install and use one copy of the software on your devices for
            internal evaluation only. You may not copy, modify, distribute, sublicense, sell, reverse engineer,
            decompile or disassemble the software, publish benchmarks of it, or use it to train other models.
            Contoso reserves all other rights. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
            EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
            PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL CONTOSO BE LIABLE FOR ANY CLAIM, DAMAGES OR
            OTHER LIABILITY ARISING FROM THE SOFTWARE.
            """;

        Assert.Null(LicenseTextIdentifier.Identify(eula));
    }

    public static TheoryData<string> LicenseFiles() =>
        new(Directory.GetFiles(LicenseData, "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(LicenseFiles))]
    public void Every_known_license_is_identified_through_rewrapping_case_and_copyright_changes(string file)
    {
        var expected = Path.GetFileNameWithoutExtension(file).Split('~')[0];
        var original = File.ReadAllText(Path.Combine(LicenseData, file));
        var variant = "Copyright (c) 2019-2025 Contoso Ltd. and contributors\n\n" + Rewrap(original, 57);

        var match = LicenseTextIdentifier.Identify(variant);

        Assert.NotNull(match);
        Assert.Equal(expected, match.SpdxId);
    }

    [Theory]
    // Close relatives: the text of the first must never be taken for the second.
    [InlineData("BSD-2-Clause.txt", "BSD-3-Clause")]
    [InlineData("BSD-3-Clause.txt", "BSD-2-Clause")]
    [InlineData("MIT.txt", "ISC")]
    [InlineData("ISC.txt", "MIT")]
    [InlineData("MS-PL.txt", "MS-RL")]
    [InlineData("MS-RL.txt", "MS-PL")]
    [InlineData("GPL-2.0-only.txt", "LGPL-2.1-only")]
    [InlineData("LGPL-2.1-only.txt", "GPL-2.0-only")]
    [InlineData("GPL-3.0-only.txt", "AGPL-3.0-only")]
    [InlineData("AGPL-3.0-only.txt", "GPL-3.0-only")]
    [InlineData("Apache-2.0~notice.txt", "MIT")]
    public void Close_relative_is_not_mistaken_for_its_sibling(string file, string sibling)
    {
        var text = File.ReadAllText(Path.Combine(LicenseData, file));

        Assert.NotEqual(sibling, LicenseTextIdentifier.Identify(text)?.SpdxId);
        Assert.NotEqual(sibling, LicenseTextIdentifier.BestMatch(text)?.SpdxId);
    }

    [Fact]
    public void Bsd_3_text_with_its_third_clause_removed_is_bsd_2()
    {
        var bsd3 = File.ReadAllText(Path.Combine(LicenseData, "BSD-3-Clause.txt"));
        var start = bsd3.IndexOf("3. Neither the name", StringComparison.Ordinal);
        var end = bsd3.IndexOf("THIS SOFTWARE IS PROVIDED", StringComparison.Ordinal);
        var withoutThirdClause = bsd3[..start] + bsd3[end..];

        Assert.Equal("BSD-3-Clause", LicenseTextIdentifier.Identify(bsd3)?.SpdxId);
        Assert.Equal("BSD-2-Clause", LicenseTextIdentifier.Identify(withoutThirdClause)?.SpdxId);
    }

    [Fact]
    public void Short_apache_header_notice_in_source_comments_is_apache()
    {
        const string header = """
            // Copyright 2024 The Contoso Authors. All Rights Reserved.
            //
            // Licensed under the Apache License, Version 2.0 (the "License");
            // you may not use this file except in compliance with the License.
            // You may obtain a copy of the License at
            //
            //      https://www.apache.org/licenses/LICENSE-2.0
            //
            // Unless required by applicable law or agreed to in writing, software
            // distributed under the License is distributed on an "AS IS" BASIS,
            // WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
            // See the License for the specific language governing permissions and
            // limitations under the License.
            """;

        Assert.Equal("Apache-2.0", LicenseTextIdentifier.Identify(header)?.SpdxId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("MIT")]
    [InlineData("See LICENSE.txt")]
    [InlineData("Licensed under the MIT license.")]
    public void Text_too_short_to_be_a_license_is_unknown(string text)
    {
        Assert.Null(LicenseTextIdentifier.Identify(text));
    }

    [Fact]
    public void Huge_text_is_rejected_without_full_processing()
    {
        var mit = File.ReadAllText(TestPaths.CorpusFile("picklescan/LICENSE"));
        var huge = new StringBuilder().Insert(0, mit, 20_000).ToString();

        Assert.Null(LicenseTextIdentifier.Identify(huge));
    }

    [Fact]
    public void Binary_garbage_is_unknown()
    {
        var bytes = File.ReadAllBytes(TestPaths.CorpusFile("picklescan/data/bad_pytorch.pt"));
        var random = new Random(42);
        var noise = new byte[64 * 1024];
        random.NextBytes(noise);

        Assert.Null(LicenseTextIdentifier.Identify(Encoding.Latin1.GetString(bytes)));
        Assert.Null(LicenseTextIdentifier.Identify(Encoding.Latin1.GetString(noise)));
    }

    [Fact]
    public void Known_licenses_cover_the_common_package_licenses()
    {
        string[] required =
        [
            "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "MS-PL", "MS-RL", "MPL-2.0", "LGPL-2.1-only",
            "LGPL-3.0-only", "GPL-2.0-only", "GPL-3.0-only", "AGPL-3.0-only", "Unlicense", "Zlib", "BSL-1.0", "CC0-1.0",
        ];

        Assert.Empty(required.Except(LicenseTextIdentifier.KnownLicenses));
        Assert.All(LicenseTextIdentifier.KnownLicenses, id => Assert.True(SpdxLicenseFacts.IsKnown(id), id));
    }

    /// <summary>Re-flows every paragraph to <paramref name="width"/> columns and swaps the case of each line's first word.</summary>
    private static string Rewrap(string text, int width)
    {
        var builder = new StringBuilder();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split("\n\n"))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length + word.Length + 1 > width)
                {
                    builder.Append(line).Append('\n');
                    line.Clear();
                }

                line.Append(line.Length == 0 ? "  " : " ").Append(word);
            }

            builder.Append(line).Append("\n\n");
        }

        return builder.ToString();
    }
}
