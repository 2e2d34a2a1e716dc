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
