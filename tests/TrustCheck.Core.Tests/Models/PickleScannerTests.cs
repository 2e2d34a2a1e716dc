using System.Text;
using TrustCheck.Core.Models;
using TrustCheck.Core.Models.Pickle;
using TrustCheck.Core.Rules;
using TrustCheck.Rules;

namespace TrustCheck.Core.Tests.Models;

public class PickleScannerTests
{
    /// <summary>The 68 opcode bytes of protocols 0–5, as CPython's Lib/pickletools.py lists them.</summary>
    private static readonly byte[] ProtocolOpcodes = { 0x28, 0x29, 0x2e, 0x30, 0x31, 0x32, 0x42, 0x43, 0x46, 0x47, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x58, 0x5d, 0x61, 0x62, 0x63, 0x64, 0x65, 0x67, 0x68, 0x69, 0x6a, 0x6c, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x7d, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98 };

    public static IEnumerable<object[]> AllBytes => Enumerable.Range(0, 256).Select(b => new object[] { (byte)b });

    private static PickleScanResult Scan(byte[] data) => PickleScanner.Scan(data, "test.pkl");

    private static IEnumerable<string> UnsafeNames(PickleScanResult result) => result.UnsafeGlobals.Select(g => g.FullName);

    private static bool HasError(PickleScanResult result, string global) => result.Issues.Any(i =>
        i.RuleId == RuleIds.ModelUnsafePickle && i.DefaultSeverity == RuleSeverity.Error && i.Data?["global"] == global);

    private static bool HasMalformed(PickleScanResult result) => result.Issues.Any(i => i.RuleId == RuleIds.ModelMalformed);

    [Theory]
    [MemberData(nameof(AllBytes))]
    public void Exactly_the_protocol_opcodes_are_recognised(byte code)
    {
        var data = new byte[] { code, (byte)'a', (byte)'\n', (byte)'b', (byte)'\n', 1, 0, 0, 0, 0, 0, 0, 0, (byte)'.' };

        var result = Scan(data);

        var rejected = result.Problems.Any(p => p.Contains("at offset 0 is not a pickle opcode", StringComparison.Ordinal));
        Assert.Equal(!ProtocolOpcodes.Contains(code), rejected);
    }

    [Fact]
    public void Protocol_0_global_is_reported()
    {
        var result = Scan(Encoding.ASCII.GetBytes("cos\nsystem\n(S'id'\ntR."));

        Assert.True(HasError(result, "os.system"));
        Assert.True(result.Complete);
    }

    [Fact]
    public void Protocol_0_inst_opcode_is_reported()
    {
        var result = Scan(Encoding.ASCII.GetBytes("(S'id'\nios\nsystem\n."));

        Assert.Equal(PickleImportKind.Inst, Assert.Single(result.Globals).Kind);
        Assert.True(HasError(result, "os.system"));
    }

    [Fact]
    public void Protocol_1_memo_put_and_get_keep_the_global_visible()
    {
        var data = PickleBytes.Start().Global("posix", "system").BinPut(7).Op('0').BinGet(7)
            .Mark().Op('U').Raw(2).Ascii("id").Tuple().Reduce().Stop().ToArray();

        Assert.True(HasError(Scan(data), "posix.system"));
    }

    [Fact]
    public void Protocol_2_python2_builtin_names_map_to_the_safe_list()
    {
        var data = PickleBytes.Start(2).Global("__builtin__", "set").Op(']').Op(0x85).Reduce().Stop().ToArray();

        var result = Scan(data);

        Assert.Empty(result.Issues);
        Assert.Equal(2, result.HighestProtocol);
    }

    [Fact]
    public void Protocol_2_torch_state_dict_is_clean()
    {
        var result = Scan(PickleBytes.TorchStateDict());

        Assert.Empty(result.Issues);
        Assert.Equal(
            new[] { "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch.FloatStorage" },
            result.Globals.Select(g => g.FullName));
    }

    [Fact]
    public void Protocol_3_bytes_are_data_not_code()
    {
        var result = Scan(PickleBytes.Start(3).Bytes(new byte[] { 1, 2, 3 }).Stop().ToArray());

        Assert.Empty(result.Issues);
        Assert.Equal(1, result.PickleCount);
    }

    [Fact]
    public void Protocol_4_stack_global_through_memo_is_resolved()
    {
        var result = Scan(PickleBytes.MemoStackGlobal());

        Assert.Equal(new[] { "os.system" }, UnsafeNames(result));
        Assert.True(HasError(result, "os.system"));
    }

    [Fact]
    public void Protocol_4_frames_and_dotted_names_are_followed()
    {
        var body = PickleBytes.Start().StackGlobal("bdb", "Bdb.run").Op(')').Reduce().Stop().ToArray();
        var data = PickleBytes.Start(4).Op(0x95).UInt64((ulong)body.Length).Append(body).ToArray();

        Assert.True(HasError(Scan(data), "bdb.Bdb.run"));
    }

    [Fact]
    public void Protocol_5_out_of_band_buffers_are_walked()
    {
        var data = PickleBytes.Start(5).Op(0x96).UInt64(3).Raw(1, 2, 3).Op(0x97).Op(0x98).Op(0x86).Stop().ToArray();

        var result = Scan(data);

        Assert.Empty(result.Issues);
        Assert.Equal(5, result.HighestProtocol);
    }

    [Fact]
    public void String_opcodes_feed_stack_global_like_unicode_does()
    {
        // GHSA-9gvj-pp9x-gcfr: protocol-0 STRING operands and no PROTO header.
        var result = Scan(Encoding.Latin1.GetBytes("S'os'\nS'system'\n\u0093S'id'\n\u0085R."));

        Assert.True(HasError(result, "os.system"));
    }

    [Fact]
    public void Unicode_opcode_escapes_are_decoded()
    {
        var result = Scan(Encoding.Latin1.GetBytes("V\\u006fs\nVsystem\n\u0093."));

        Assert.True(HasError(result, "os.system"));
    }

    [Theory]
    [InlineData(0x82, new byte[] { 0x01 })]
    [InlineData(0x83, new byte[] { 0x01, 0x02 })]
    [InlineData(0x84, new byte[] { 0x01, 0x02, 0x03, 0x04 })]
    public void Extension_registry_codes_are_unresolvable_errors(byte opcode, byte[] code)
    {
        var result = Scan(PickleBytes.Start(2).Op(opcode).Raw(code).Op(')').Reduce().Stop().ToArray());

        var global = Assert.Single(result.Globals);
        Assert.False(global.Resolved);
        Assert.Contains(result.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle && i.DefaultSeverity == RuleSeverity.Error &&
            i.Message.Contains("extension registry", StringComparison.Ordinal));
    }

    [Fact]
    public void Stack_global_on_a_non_constant_operand_is_an_error()
    {
        var data = PickleBytes.Start(4).BinInt1(42).ShortUnicode("os").Op(0x93).Stop().ToArray();

        var result = Scan(data);

        Assert.False(Assert.Single(result.Globals).Resolved);
        Assert.Contains(result.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle && i.DefaultSeverity == RuleSeverity.Error);
    }

    [Fact]
    public void Truncated_stream_keeps_globals_and_reports_malformed()
    {
        var data = PickleBytes.Start(4).StackGlobal("builtins", "exec").Op('X').UInt32(1000).Ascii("print(1)").ToArray();

        var result = Scan(data);

        Assert.True(HasError(result, "builtins.exec"));
        Assert.True(HasMalformed(result));
        Assert.Equal(0, result.PickleCount);
    }

    [Theory]
    [InlineData(0x8d)] // BINUNICODE8
    [InlineData(0x8e)] // BINBYTES8
    [InlineData(0x96)] // BYTEARRAY8
    public void Absurd_eight_byte_length_is_malformed_without_reading(byte opcode)
    {
        var data = PickleBytes.Start(4).Op(opcode).UInt64(1UL << 62).Ascii("tiny").ToArray();

        var result = Scan(data);

        Assert.True(HasMalformed(result));
        Assert.Contains(result.Problems, p => p.Contains("4,611,686,018,427,387,904", StringComparison.Ordinal));
        Assert.True(result.BytesRead <= data.Length);
    }

    [Fact]
    public void Negative_binstring_length_is_malformed()
    {
        var result = Scan(PickleBytes.Start().Op('T').UInt32(0xFFFFFFF0).Stop().ToArray());

        Assert.True(HasMalformed(result));
    }

    [Fact]
    public void Deep_mark_nesting_is_bounded_and_reported()
    {
        var data = new byte[2_000_001];
        Array.Fill(data, (byte)'(');
        data[^1] = (byte)'.';

        var result = Scan(data);

        Assert.True(HasMalformed(result));
        Assert.Contains(result.Problems, p => p.Contains("stack deeper", StringComparison.Ordinal));
    }

    [Fact]
    public void Deeply_nested_lists_do_not_recurse()
    {
        var builder = PickleBytes.Start(2);
        for (var i = 0; i < 200_000; i++)
        {
            builder.Op(']');
        }

        for (var i = 0; i < 199_999; i++)
        {
            builder.Op('a');
        }

        var result = Scan(builder.Stop().ToArray());

        Assert.Empty(result.Issues);
    }

    [Fact]
    public void Concatenated_pickle_after_stop_is_scanned()
    {
        var data = PickleBytes.Start(4).Op(']').Stop().Append(PickleBytes.MemoStackGlobal()).ToArray();

        var result = Scan(data);

        Assert.Equal(2, result.PickleCount);
        Assert.True(HasError(result, "os.system"));
    }

    [Fact]
    public void Thousands_of_concatenated_pickles_stop_at_a_cap()
    {
        var data = Enumerable.Repeat(new byte[] { (byte)'N', (byte)'.' }, 20_000).SelectMany(b => b).ToArray();

        var result = Scan(data);

        Assert.Equal(10_000, result.PickleCount);
        Assert.Contains(result.Problems, p => p.Contains("concatenated pickles", StringComparison.Ordinal));
    }

    [Fact]
    public void Junk_after_stop_is_trailing_data_not_a_finding()
    {
        var data = PickleBytes.Start(2).Op('N').Stop().Raw(0xff, 0xfe, 0x00, 0x13, 0x37).ToArray();

        var result = Scan(data);

        Assert.Empty(result.Issues);
        Assert.Equal(5, result.TrailingBytes);
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0x00 })]
    [InlineData(new byte[] { 0x80, 0x06, (byte)'N', (byte)'.' })]
    [InlineData(new byte[] { })]
    public void Bytes_that_are_no_pickle_are_malformed_and_not_malicious(byte[] data)
    {
        var result = Scan(data);

        Assert.True(HasMalformed(result));
        Assert.DoesNotContain(result.Issues, i => i.RuleId == RuleIds.ModelUnsafePickle);
    }

    [Fact]
    public void Missing_memo_key_is_reported_and_the_walk_goes_on()
    {
        var data = PickleBytes.Start(4).BinGet(9).ShortUnicode("system").Op(0x93)
            .StackGlobal("os", "system").Stop().ToArray();

        var result = Scan(data);

        Assert.True(HasMalformed(result));
        Assert.True(HasError(result, "os.system"));
    }

    [Fact]
    public void Memo_cap_stops_the_walk_with_a_finding()
    {
        var builder = PickleBytes.Start(4).Op('N');
        for (var i = 0; i < 20; i++)
        {
            builder.Memoize();
        }

        var result = PickleScanner.Scan(new MemoryStream(builder.Stop().ToArray()), new PickleScanOptions { MaxMemoEntries = 10 });

        Assert.Contains(result.Problems, p => p.Contains("memo entries", StringComparison.Ordinal));
    }

    [Fact]
    public void Opcode_cap_stops_the_walk_with_a_finding()
    {
        var data = PickleBytes.Start(2).Raw(Enumerable.Repeat((byte)'N', 1000).ToArray()).Stop().ToArray();

        var result = PickleScanner.Scan(new MemoryStream(data), new PickleScanOptions { MaxOpcodes = 100 });

        Assert.Contains(result.Problems, p => p.Contains("opcodes", StringComparison.Ordinal));
    }

    [Fact]
    public void Millions_of_stack_underflows_keep_a_bounded_problem_list()
    {
        var data = PickleBytes.Start(2).Raw(Enumerable.Repeat((byte)'0', 3_000_000).ToArray()).Op('N').Stop().ToArray();

        var result = Scan(data);

        Assert.True(result.Problems.Count <= 100);
        Assert.True(HasMalformed(result));
    }

    [Fact]
    public void Too_many_distinct_globals_stop_the_walk()
    {
        var builder = PickleBytes.Start(4);
        for (var i = 0; i < 10_001; i++)
        {
            builder.StackGlobal("m" + i, "f").Op('0');
        }

        var result = Scan(builder.Stop().ToArray());

        Assert.Contains(result.Problems, p => p.Contains("distinct globals", StringComparison.Ordinal));
        Assert.Equal(10_000, result.Globals.Count);
    }

    [Fact]
    public void Many_embedded_pickles_are_checked_a_bounded_number_of_times()
    {
        var inner = PickleBytes.Start(2).Op('N').Stop().ToArray();
        var builder = PickleBytes.Start(4).Op(']').Mark();
        for (var i = 0; i < 50_000; i++)
        {
            builder.Bytes(inner);
        }

        var result = Scan(builder.Op('e').Stop().ToArray());

        Assert.Equal(1_000, result.NestedPickles.Count);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Nested_pickle_in_bytes_is_a_warning_naming_its_globals()
    {
        var inner = PickleBytes.Start(4).StackGlobal("builtins", "print").Op(')').Reduce().Stop().ToArray();
        var outer = PickleBytes.Start(4).Op('}').ShortUnicode("blob").Bytes(inner).Op('s').Stop().ToArray();

        var result = Scan(outer);

        var issue = Assert.Single(result.Issues);
        Assert.Equal(RuleSeverity.Warning, issue.DefaultSeverity);
        Assert.Contains("builtins.print", issue.Message, StringComparison.Ordinal);
        Assert.Empty(result.UnsafeGlobals);
    }

    [Fact]
    public void Nested_pickle_in_base64_text_is_found()
    {
        var inner = PickleBytes.Start(4).StackGlobal("os", "system").Stop().ToArray();
        var outer = PickleBytes.Start(4).BinUnicode(Convert.ToBase64String(inner)).Stop().ToArray();

        var result = Scan(outer);

        Assert.Equal(NestedPickleEncoding.Base64, Assert.Single(result.NestedPickles).Encoding);
    }

    [Fact]
    public void Codecs_encode_of_protocol_2_bytes_is_clean()
    {
        // numpy arrays and joblib object arrays pickled at protocol 2 write their bytes this way.
        var data = PickleBytes.Start(2).Global("_codecs", "encode").Mark().BinUnicode("abc").BinUnicode("latin1").Tuple().Reduce().Stop().ToArray();

        Assert.Empty(Scan(data).Issues);
    }

    [Fact]
    public void Main_module_function_is_an_error_but_main_class_is_a_warning()
    {
        var cls = Scan(PickleBytes.Start(4).StackGlobal("__main__", "MyNet").Op(')').Op(0x81).Stop().ToArray());
        var function = Scan(PickleBytes.Start(4).StackGlobal("__main__", "system").Stop().ToArray());

        Assert.Equal(RuleSeverity.Warning, Assert.Single(cls.Issues).DefaultSeverity);
        Assert.Equal(RuleSeverity.Error, Assert.Single(function.Issues).DefaultSeverity);
    }

    [Fact]
    public void Joblib_array_bytes_are_skipped_and_later_globals_still_seen()
    {
        // NumpyArrayWrapper state: shape (3,), dtype float64, 16-byte alignment; then raw bytes; then an import.
        var raw = new byte[24];
        Array.Fill(raw, (byte)'c'); // would look like GLOBAL opcodes if not skipped
        var data = PickleBytes.Start(4)
            .Op(']').BinPut(0)
            .StackGlobal("joblib.numpy_pickle", "NumpyArrayWrapper").EmptyTuple().Op(0x81)
            .Op('}').Mark()
                .ShortUnicode("subclass").StackGlobal("numpy", "ndarray")
                .ShortUnicode("shape").BinInt1(3).Op(0x85)
                .ShortUnicode("order").ShortUnicode("C")
                .ShortUnicode("dtype").StackGlobal("numpy", "dtype").ShortUnicode("f8").Op(0x89).Op(0x88).Op(0x87).Reduce()
                    .Mark().BinInt1(3).ShortUnicode("<").Op('N').Op('N').Op('N').Op('J').UInt32(0xFFFFFFFF).Op('J').UInt32(0xFFFFFFFF).BinInt1(0).Tuple().Build()
                .ShortUnicode("allow_mmap").Op(0x89)
                .ShortUnicode("numpy_array_alignment_bytes").BinInt1(16)
            .Op('u').Build()
            .Raw(3, 0xff, 0xff, 0xff).Raw(raw)
            .Op('a')
            .StackGlobal("os", "system").Op('a')
            .Stop().ToArray();

        var result = PickleScanner.Scan(new MemoryStream(data), new PickleScanOptions { JoblibArrays = true });

        Assert.Equal(new[] { "os.system" }, UnsafeNames(result));
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Every_safe_list_entry_is_a_dotted_name()
    {
        Assert.All(SafePickleGlobals.Default.SafeNames, n => Assert.Matches(@"^[A-Za-z_][\w]*(\.[\w]+)+$", n));
        Assert.Contains("torch._utils._rebuild_tensor_v2", SafePickleGlobals.Default.SafeNames);
        Assert.DoesNotContain("torch.storage._load_from_bytes", SafePickleGlobals.Default.SafeNames);
        Assert.DoesNotContain("sklearn.preprocessing._function_transformer.FunctionTransformer", SafePickleGlobals.Default.SafeNames);
    }

    [Fact]
    public void Pickle_reader_adds_the_format_notice()
    {
        var inspection = new PickleReader().Inspect(new MemoryStream(PickleBytes.TorchStateDict()), "weights.pkl");

        var notice = Assert.Single(inspection.Issues);
        Assert.Equal(RuleIds.ModelPickleFormat, notice.RuleId);
        Assert.Equal("pickle", inspection.Format);
        Assert.Same(ModelReaders.For("pickle")!.GetType(), typeof(PickleReader));
    }
}
