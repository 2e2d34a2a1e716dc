using System.Text;

namespace TrustCheck.Core.Tests.Models;

/// <summary>
/// Hand-built pickles (bytes only, nothing is ever unpickled) in the shapes public scanner bypasses used: streams a
/// scanner reading "the first bytes" misses but pickle.load accepts. Every variant imports posix.system, os.system or
/// builtins.exec and must end in an error-level TC3010. Benign look-alikes start the same way and import nothing.
/// </summary>
public static class PickleBypassGenerator
{
    /// <summary>The call every variant ends with: posix.system('id') in protocol-0 text.</summary>
    private static PickleBytes Payload(PickleBytes p) => p.Global("posix", "system").Mark().Ascii("S'id'\n").Tuple().Reduce().Stop();

    private static byte[] Frame(byte[] body) => PickleBytes.Start().Op(0x95).UInt64((ulong)body.Length).Raw(body).ToArray();

    public static IEnumerable<(string Name, byte[] Data)> Recognition()
    {
        // FRAME as the first opcode, no PROTO (pickle.py and _pickle accept opcodes of any protocol without one).
        yield return ("frame-first", Frame(PickleBytes.Start().StackGlobal("os", "system").ShortUnicode("id").Op(0x85).Reduce().Stop().ToArray()));
        yield return ("frame-first-global", Frame(Payload(PickleBytes.Start()).ToArray()));
        // Protocol 4 opcodes with no PROTO at all.
        yield return ("no-proto-stack-global", PickleBytes.Start().StackGlobal("builtins", "exec").ShortUnicode("print(1)").Op(0x85).Reduce().Stop().ToArray());
        // PROTO later in the stream, after a harmless push/pop.
        yield return ("proto-later", PickleBytes.Start().Op('N').Op('0').Op(0x80).Raw(4).StackGlobal("os", "system").ShortUnicode("id").Op(0x85).Reduce().Stop().ToArray());
        yield return ("proto-after-frame", Frame(PickleBytes.Start().Op(0x80).Raw(5).StackGlobal("os", "system").ShortUnicode("id").Op(0x85).Reduce().Stop().ToArray()));
        // Push/pop prefixes of every kind before the import.
        yield return ("push-pop-prefix", Payload(PickleBytes.Start().Op('K').Raw(1).Op('0').Op(0x88).Op('0').Op('N').Op('0')).ToArray());
        yield return ("empty-containers-prefix", Payload(PickleBytes.Start().Op('}').Op('0').Op(']').Op('0').Op(')').Op('0')).ToArray());
        yield return ("memo-prefix", Payload(PickleBytes.Start().Op('N').BinPut(0).Op('0').BinGet(0).Op('0')).ToArray());
        // A prefix longer than the 4 KB head: the walk goes on past it.
        var longPrefix = PickleBytes.Start();
        for (var i = 0; i < 3000; i++)
        {
            longPrefix.Op('N').Op('0');
        }

        yield return ("long-push-pop-prefix", Payload(longPrefix).ToArray());
        // MARK-based protocol 0/1 forms.
        yield return ("mark-mark", Encoding.ASCII.GetBytes("((I1\nI2\nt0cposix\nsystem\n(S'id'\ntR."));
        yield return ("mark-pop-mark", Encoding.ASCII.GetBytes("(I1\n1cposix\nsystem\n(S'id'\ntR."));
        yield return ("inst-after-mark", Encoding.ASCII.GetBytes("(N0(S'id'\niposix\nsystem\n."));
        yield return ("obj-protocol-1", PickleBytes.Start().Mark().Global("posix", "system").Op('U').Raw(2).Ascii("id").Op('o').Stop().ToArray());
        // Text opcodes first.
        yield return ("int-first", Encoding.ASCII.GetBytes("I1\n0cposix\nsystem\n(S'id'\ntR."));
        yield return ("float-first", Encoding.ASCII.GetBytes("F1.5\n0cposix\nsystem\n(S'id'\ntR."));
        yield return ("long-first", Encoding.ASCII.GetBytes("L12L\n0cposix\nsystem\n(S'id'\ntR."));
        yield return ("unicode-first", Encoding.ASCII.GetBytes("Vx\n0cposix\nsystem\n(S'id'\ntR."));
        yield return ("put-get-first", Encoding.ASCII.GetBytes("Np0\n0g0\n0cposix\nsystem\n(S'id'\ntR."));
        yield return ("persid-first", Encoding.ASCII.GetBytes("Pabc\n0cposix\nsystem\n(S'id'\ntR."));
    }

    /// <summary>Text arguments CPython accepts (int() rules, strtol, float(), escapes) before the import: a walker that stops there misses it.</summary>
    public static IEnumerable<(string Name, byte[] Data)> Arguments()
    {
        static byte[] Then(string prefix) => Encoding.Latin1.GetBytes(prefix + "cposix\nsystem\n(S'id'\ntR.");

        // Memo keys: PyLong_FromString(s, NULL, 10) / int(): whitespace, signs, underscores; C stops at a NUL.
        yield return ("put-underscore", Then("Np1_0\n0g10\n0"));
        yield return ("put-spaces", Then("Np 7 \n0g\t7\n0"));
        yield return ("put-plus-sign", Then("Np+3\n0g3\n0"));
        yield return ("put-nul-tail", Then("Np4\0junk\n0g4\n0"));
        yield return ("memo-key-names-the-global", Encoding.Latin1.GetBytes("S'posix'\np1_1\n0S'system'\np2\n0g 11\ng2\n\u0093(S'id'\ntR."));
        // INT / LONG: strtol base 0 then int(s, 0): hex, C octal, binary, underscores, whitespace.
        yield return ("int-underscore", Then("I1_000\n0"));
        yield return ("int-hex", Then("I0x1f\n0"));
        yield return ("int-c-octal", Then("I010\n0"));
        yield return ("int-spaces-sign", Then("I -5 \n0"));
        yield return ("int-huge", Then("I" + new string('9', 400) + "\n0"));
        yield return ("long-binary", Then("L0b101L\n0"));
        yield return ("long-underscore", Then("L1_0\n0"));
        // FLOAT: PyOS_string_to_double / float().
        yield return ("float-underscore", Then("F1_0.5\n0"));
        yield return ("float-inf", Then("Finf\n0"));
        yield return ("float-nan-spaces", Then("F -NaN \n0"));
        yield return ("float-exponent-underscore", Then("F1e1_0\n0"));
        // STRING escapes (codecs.escape_decode) and UNICODE raw-unicode-escape, including the names of the import.
        yield return ("string-escapes", Then("S'\\a\\b\\f\\v\\0\\177\\q'\n0"));
        yield return ("string-octal-module", Encoding.Latin1.GetBytes("S'p\\157six'\nS'sys\\x74em'\n\u0093(S'id'\ntR."));
        yield return ("unicode-escape-module", Encoding.Latin1.GetBytes("Vpo\\u0073ix\nVsystem\n\u0093(S'id'\ntR."));
    }

    /// <summary>Arguments both CPython unpicklers reject, after an import: malformed (TC3013) and the import still an error.</summary>
    public static IEnumerable<(string Name, byte[] Data)> RejectedAfterImport()
    {
        static byte[] After(string tail) => Encoding.Latin1.GetBytes("cposix\nsystem\n" + tail);

        yield return ("put-negative", After("p-1\n."));
        yield return ("put-double-underscore", After("p1__0\n."));
        yield return ("get-letters", After("gx\n."));
        yield return ("int-trailing-junk", After("I12abc\n."));
        yield return ("int-leading-zero-underscore", After("I0_8\n."));
        yield return ("float-hex", After("F0x1p3\n."));
        yield return ("string-bad-hex-escape", After("S'\\x4'\n."));
        yield return ("string-trailing-backslash", After("S'abc\\'\n."));
        yield return ("unicode-truncated-escape", After("Vab\\u12\n."));
        yield return ("persid-non-ascii", After("P\u00e9\n."));
    }

    /// <summary>A .npy file: magic, version, little-endian header length, the header padded to 64 bytes with a newline, the data.</summary>
    public static byte[] Npy(string header, byte[] data, int major = 1)
    {
        var prefixLength = major == 1 ? 10 : 12;
        var encoded = major == 3 ? Encoding.UTF8.GetBytes(header) : Encoding.Latin1.GetBytes(header);
        var padding = (64 - ((prefixLength + encoded.Length + 1) % 64)) % 64;
        var body = encoded.Concat(Enumerable.Repeat((byte)' ', padding)).Append((byte)'\n').ToArray();
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        bytes.AddRange(major == 1 ? BitConverter.GetBytes((ushort)body.Length) : BitConverter.GetBytes((uint)body.Length));
        bytes.AddRange(body);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    /// <summary>The pickle np.save writes for an object array, here carrying posix.system.</summary>
    public static byte[] ObjectArrayPayload() => Payload(PickleBytes.Start(3)).ToArray();

    /// <summary>'descr' spellings numpy reads as (or as containing) dtype=object, so np.load(allow_pickle=True) unpickles the data.</summary>
    public static IEnumerable<(string Name, string Header, int Major)> ObjectDtypeHeaders()
    {
        static string H(string descr, string shape = "(1,)") => "{'descr': " + descr + ", 'fortran_order': False, 'shape': " + shape + ", }";

        yield return ("plain", H("'|O'"), 1);
        yield return ("sized-8", H("'|O8'"), 1);
        yield return ("sized-4", H("'O4'"), 1);
        yield return ("byte-order", H("'<O'"), 1);
        yield return ("double-quotes", H("\"|O\""), 1);
        yield return ("u-prefix", H("u'|O'"), 1);
        yield return ("b-prefix", H("b'|O'"), 1);
        yield return ("implicit-concatenation", H("'|' 'O'"), 1);
        yield return ("concatenation-across-lines", H("('|'\n 'O')"), 1);
        yield return ("hex-escape", H("'\\x7c\\x4f'"), 1);
        yield return ("octal-escape", H("'\\117'"), 1);
        yield return ("unicode-escape", H("'\\u004f'"), 1);
        yield return ("tuple-form", H("('|O', (1,))"), 1);
        yield return ("tuple-of-tuple", H("(('<O', (2,)), (1,))"), 1);
        yield return ("shape-prefix", H("'(2,)O'"), 1);
        yield return ("comma-fields", H("'<i4, O'"), 1);
        yield return ("object-name", H("'object'"), 1);
        yield return ("structured", H("[('a', '<f8'), ('b', '|O')]"), 1);
        yield return ("structured-shape", H("[('a', 'O', (2,))]"), 1);
        yield return ("structured-title", H("[(('title', 'a'), '|O8')]"), 1);
        yield return ("structured-nested", H("[('a', [('b', [('c', '<O')])])]"), 1);
        yield return ("structured-void-wrapper", H("[('v', ([('x', 'O')], (3,)))]"), 1);
        yield return ("structured-string-field", H("['aO']"), 1);
        yield return ("key-concatenated", "{'de' 'scr': '|O', 'fortran_order': False, 'shape': (1,)}", 1);
        yield return ("key-repeated", "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'descr': '|O'}", 1);
        yield return ("comments-and-continuation", "{'descr': # the dtype\n '|O', 'fortran_order': False, \\\n 'shape': (1L,)}", 1);
        yield return ("version-2", H("'|O'"), 2);
        yield return ("version-3-utf8", H("[('\u00e9', '|O')]"), 3);
    }

    /// <summary>Headers that look object-ish but are plain numeric data: the data must not be walked as a pickle.</summary>
    public static IEnumerable<(string Name, string Header)> PlainDtypeHeaders()
    {
        static string H(string descr) => "{'descr': " + descr + ", 'fortran_order': False, 'shape': (2,), }";

        yield return ("field-named-O", H("[('O', '<f8')]"));
        yield return ("field-named-Obj", H("[('Obj', '<f8'), ('object', '<f8')]"));
        yield return ("unicode-text", H("'<U1'"));
        yield return ("tuple-float", H("('<f8', (1,))"));
        yield return ("concatenated-float", H("'<' 'f8'"));
    }

    /// <summary>numpy.dtype(name, False, True) with BUILD state (3, '|', subarray, names, fields, elsize, alignment, flags).</summary>
    private static PickleBytes Dtype(PickleBytes p, string name, int flags, Action<PickleBytes>? subarray = null, Action<PickleBytes>? fields = null, int elsize = -1)
    {
        p.StackGlobal("numpy", "dtype").ShortUnicode(name).Op(0x89).Op(0x88).Op(0x87).Reduce()
            .Mark().BinInt1(3).ShortUnicode("|");
        if (subarray is null)
        {
            p.Op('N');
        }
        else
        {
            subarray(p);
        }

        if (fields is null)
        {
            p.Op('N').Op('N');
        }
        else
        {
            fields(p);
        }

        if (elsize < 0)
        {
            p.Op('J').UInt32(0xFFFFFFFF).Op('J').UInt32(0xFFFFFFFF);
        }
        else
        {
            p.BinInt1((byte)elsize).BinInt1(8);
        }

        return p.BinInt1((byte)flags).Tuple().Build();
    }

    /// <summary>A joblib.dump stream: [NumpyArrayWrapper(shape (2,), dtype …)] followed by what joblib writes for the array: here a pickle importing posix.system.</summary>
    private static byte[] Joblib(Action<PickleBytes> dtype)
    {
        var p = PickleBytes.Start(4).Op(']').BinPut(0)
            .StackGlobal("joblib.numpy_pickle", "NumpyArrayWrapper").EmptyTuple().Op(0x81)
            .Op('}').Mark()
                .ShortUnicode("subclass").StackGlobal("numpy", "ndarray")
                .ShortUnicode("shape").BinInt1(2).Op(0x85)
                .ShortUnicode("order").ShortUnicode("C")
                .ShortUnicode("dtype");
        dtype(p);
        return p.ShortUnicode("allow_mmap").Op(0x89)
            .Op('u').Build()
            .Append(Payload(PickleBytes.Start(2)).ToArray())
            .Op('a').Stop().ToArray();
    }

    /// <summary>NumpyArrayWrapper dtypes that hold objects (dtype.hasobject), so joblib unpickles the bytes after the wrapper.</summary>
    public static IEnumerable<(string Name, byte[] Data)> JoblibObjectArrays()
    {
        yield return ("object-O8", Joblib(p => Dtype(p, "O8", 63)));
        yield return ("object-O4", Joblib(p => Dtype(p, "O4", 63)));
        yield return ("object-byte-order", Joblib(p => Dtype(p, "|O", 63)));
        yield return ("flags-only", Joblib(p => Dtype(p, "V8", 1, elsize: 8)));
        yield return ("structured-object-field", Joblib(p => Dtype(p, "V16", 0,
            fields: f =>
            {
                f.ShortUnicode("a").ShortUnicode("b").Op(0x86);
                f.Op('}').Mark().ShortUnicode("a");
                Dtype(f, "f8", 0).BinInt1(0).Op(0x86);
                f.ShortUnicode("b");
                Dtype(f, "O8", 63).BinInt1(8).Op(0x86);
                f.Op('u');
            }, elsize: 16)));
        yield return ("structured-nested", Joblib(p => Dtype(p, "V8", 0,
            fields: f =>
            {
                f.ShortUnicode("outer").Op(0x85);
                f.Op('}').Mark().ShortUnicode("outer");
                Dtype(f, "V8", 0, fields: g =>
                {
                    g.ShortUnicode("inner").Op(0x85);
                    g.Op('}').Mark().ShortUnicode("inner");
                    Dtype(g, "O8", 63).BinInt1(0).Op(0x86);
                    g.Op('u');
                }, elsize: 8).BinInt1(0).Op(0x86);
                f.Op('u');
            }, elsize: 8)));
        yield return ("subarray-of-objects", Joblib(p => Dtype(p, "V16", 0, subarray: s =>
        {
            Dtype(s, "O8", 63);
            s.BinInt1(2).Op(0x85).Op(0x86);
        }, elsize: 16)));
        yield return ("dtype-name-not-constant", Joblib(p => p.StackGlobal("numpy", "dtype").Op('N').Op(0x85).Reduce()));
    }

    /// <summary>Starts like the variants above (valid opcodes first) but imports nothing, or is text/binary that pickle.load rejects before any import.</summary>
    public static IEnumerable<(string Name, byte[] Data)> BenignLookAlikes()
    {
        yield return ("note", Encoding.ASCII.GetBytes("N.B. this folder holds the exported weights.\n"));
        yield return ("python-source", Encoding.ASCII.GetBytes("class Model:\n    pass\n"));
        yield return ("cmake", Encoding.ASCII.GetBytes("cmake_minimum_required(VERSION 3.20)\nproject(x)\n"));
        yield return ("parenthesis", Encoding.ASCII.GetBytes("(see the model card)\n"));
        yield return ("csv", Encoding.ASCII.GetBytes("I,J,K\n1,2,3\n4,5,6\n"));
        yield return ("json", Encoding.ASCII.GetBytes("{\"hidden_size\": 768, \"layers\": 12}\n"));
        yield return ("json-list", Encoding.ASCII.GetBytes("[1, 2, 3]\n"));
        yield return ("png", new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' });
        yield return ("frame-without-imports", Frame(PickleBytes.Start().Op('K').Raw(1).Op('.').ToArray()));
        yield return ("data-only-pickle-no-proto", PickleBytes.Start().Op('}').ShortUnicode("a").Op('K').Raw(1).Op('s').Op('.').ToArray());
        yield return ("underflow-before-global", Encoding.ASCII.GetBytes("tcposix\nsystem\n."));
        yield return ("binary", Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());
    }
}
