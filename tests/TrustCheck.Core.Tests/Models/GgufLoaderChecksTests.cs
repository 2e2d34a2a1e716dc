using TrustCheck.Core.Models;
using TrustCheck.Core.Models.Gguf;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

/// <summary>
/// The checks llama.cpp's loader makes (ggml/src/gguf.cpp, llama_model_loader): a file it refuses is TC3013 with its
/// reason; a file it loads (no tensors, no metadata, empty tensors, other alignments) has no issue.
/// </summary>
public class GgufLoaderChecksTests
{
    private static ModelInspection Read(byte[] file) => new GgufReader().Inspect(new MemoryStream(file), "model.gguf");

    private static void AssertRefused(byte[] file, string reason)
    {
        var issue = Assert.Single(Read(file).Issues);
        Assert.Equal(RuleIds.ModelMalformed, issue.RuleId);
        Assert.Contains("llama.cpp refuses", issue.Message);
        Assert.Contains(reason, issue.Message);
    }

    [Fact]
    public void File_without_metadata_or_tensors_is_accepted() =>
        Assert.Empty(Read(new GgufBuilder().BuildLoadable()).Issues);

    [Fact]
    public void Empty_tensor_with_a_zero_sized_dimension_is_accepted() =>
        Assert.Empty(Read(new GgufBuilder().DataTensor("empty", [0, 4]).DataTensor("w", [8]).BuildLoadable()).Issues);

    [Theory]
    [InlineData(1u)]
    [InlineData(8u)]
    [InlineData(64u)]
    [InlineData(4096u)]
    public void Tensors_on_a_declared_power_of_two_alignment_are_accepted(uint alignment)
    {
        var file = new GgufBuilder().U32("general.alignment", alignment)
            .DataTensor("a", [3], alignment: alignment).DataTensor("b", [5, 2], alignment: alignment).BuildLoadable(alignment);

        Assert.Empty(Read(file).Issues);
    }

    [Fact]
    public void Tensor_data_past_the_end_of_the_file_is_refused()
    {
        var file = new GgufBuilder().DataTensor("w", [64, 64]).BuildLoadable();

        AssertRefused(file[..^1], "data is not within the file bounds");
    }

    [Fact]
    public void Tensor_offset_that_does_not_follow_the_previous_tensor_is_refused()
    {
        var file = new GgufBuilder().DataTensor("a", [8]).Tensor("b", [8], 0, 64).Build();

        AssertRefused([.. file, .. new byte[512]], "tensor 'b' has offset 64, expected 32");
    }

    [Fact]
    public void Duplicate_tensor_names_are_refused() =>
        AssertRefused(new GgufBuilder().DataTensor("w", [8]).DataTensor("w", [8]).BuildLoadable(), "duplicate tensor name 'w'");

    [Fact]
    public void Duplicate_and_empty_keys_are_refused()
    {
        AssertRefused(new GgufBuilder().String("general.name", "a").String("general.name", "b").BuildLoadable(), "duplicate key 'general.name'");
        AssertRefused(new GgufBuilder().String("", "a").BuildLoadable(), "is empty");
    }

    [Fact]
    public void Alignment_that_is_not_a_u32_power_of_two_is_refused()
    {
        AssertRefused(new GgufBuilder().U32("general.alignment", 48).BuildLoadable(), "alignment 48 is not a power of 2");
        AssertRefused(new GgufBuilder().U32("general.alignment", 0).BuildLoadable(), "alignment 0 is not a power of 2");
        AssertRefused(new GgufBuilder().String("general.alignment", "32").BuildLoadable(), "must be of type u32");
    }

    [Theory]
    [InlineData(40u, "invalid ggml type 40")]
    [InlineData(4u, "not a multiple of block size (0)")] // Q4_2, removed from ggml
    [InlineData(8u, "not a multiple of block size (32)")] // Q8_0 rows of 8 elements
    public void Tensor_type_llama_cpp_does_not_know_or_a_row_that_does_not_fill_its_blocks_is_refused(uint type, string reason) =>
        AssertRefused([.. new GgufBuilder().Tensor("w", [8], type, 0).Build(), .. new byte[256]], reason);

    [Fact]
    public void More_than_four_dimensions_are_refused()
    {
        var issue = Assert.Single(Read([.. new GgufBuilder().Tensor("w", [1, 1, 1, 1, 1], 0, 0).Build(), .. new byte[64]]).Issues);
        Assert.Contains("invalid number of dimensions: 5 > 4", issue.Message);
    }

    [Fact]
    public void Tensor_names_must_be_shorter_than_64_bytes()
    {
        Assert.Empty(Read(new GgufBuilder().DataTensor(new string('n', 63), [4]).BuildLoadable()).Issues);
        AssertRefused(new GgufBuilder().DataTensor(new string('n', 64), [4]).BuildLoadable(), "is too long: 64 >= 64");
    }

    [Fact]
    public void Negative_dimension_is_refused() =>
        AssertRefused([.. new GgufBuilder().Tensor("w", [ulong.MaxValue], 0, 0).Build(), .. new byte[64]], "invalid number of elements: -1 < 0");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Generated_loadable_files_in_any_key_order_with_unknown_keys_have_no_issue(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 50; i++)
        {
            var alignment = new uint[] { 32, 32, 16, 64, 128 }[random.Next(5)];
            var builder = new GgufBuilder();
            var keys = new List<Action>
            {
                () => builder.String("general.architecture", "llama"),
                () => builder.String("general.name", $"model {random.Next()}"),
                () => builder.U32("llama.context_length", (uint)random.Next(1, 100_000)),
                () => builder.StringArray("tokenizer.ggml.tokens", "a", "b", "<s>"),
                () => builder.String($"vendor.future_key_{random.Next(1000)}", "a key this reader has never seen"),
            };
            if (alignment != 32 || random.Next(2) == 0)
            {
                keys.Add(() => builder.U32("general.alignment", alignment));
            }

            foreach (var add in keys.OrderBy(_ => random.Next()))
            {
                add();
            }

            for (var t = random.Next(0, 5); t > 0; t--)
            {
                var type = new uint[] { 0, 1, 30, 8 }[random.Next(4)];
                var row = (ulong)(type == 8 ? 32 * random.Next(0, 3) : random.Next(0, 17));
                ulong[] dims = random.Next(2) == 0 ? [row] : [row, (ulong)random.Next(0, 5)];
                builder.DataTensor($"blk.{t}.weight", dims, type, alignment);
            }

            var inspection = Read(builder.BuildLoadable(alignment));

            Assert.True(inspection.Issues.Count == 0, $"seed {seed} case {i}: {string.Join(" | ", inspection.Issues.Select(x => x.Message))}");
        }
    }
}
