using System.Buffers.Binary;
using System.Text;

namespace TrustCheck.Core.Tests.Models;

/// <summary>Writes pickle opcodes byte by byte, per CPython's pickletools opcode table, so tests need no Python.</summary>
public sealed class PickleBytes
{
    private readonly MemoryStream _bytes = new();

    public static PickleBytes Start(int protocol = -1)
    {
        var p = new PickleBytes();
        return protocol >= 2 ? p.Op(0x80).Raw((byte)protocol) : p;
    }

    public PickleBytes Op(byte opcode) => Raw(opcode);

    public PickleBytes Op(char opcode) => Raw((byte)opcode);

    public PickleBytes Raw(params byte[] bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    public PickleBytes Ascii(string text) => Raw(Encoding.ASCII.GetBytes(text));

    /// <summary>GLOBAL 'c': "module\nname\n".</summary>
    public PickleBytes Global(string module, string name) => Op('c').Ascii(module + "\n" + name + "\n");

    /// <summary>SHORT_BINUNICODE (protocol 4).</summary>
    public PickleBytes ShortUnicode(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        return Op(0x8c).Raw((byte)utf8.Length).Raw(utf8);
    }

    /// <summary>BINUNICODE 'X' with a 4-byte length.</summary>
    public PickleBytes BinUnicode(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        return Op('X').UInt32((uint)utf8.Length).Raw(utf8);
    }

    /// <summary>SHORT_BINBYTES 'C' (protocol 3) or BINBYTES 'B' for longer values.</summary>
    public PickleBytes Bytes(byte[] data) =>
        data.Length < 256 ? Op('C').Raw((byte)data.Length).Raw(data) : Op('B').UInt32((uint)data.Length).Raw(data);

    /// <summary>STACK_GLOBAL from two SHORT_BINUNICODE strings.</summary>
    public PickleBytes StackGlobal(string module, string name) => ShortUnicode(module).ShortUnicode(name).Op(0x93);

    public PickleBytes BinInt1(byte value) => Op('K').Raw(value);

    public PickleBytes BinPut(byte key) => Op('q').Raw(key);

    public PickleBytes BinGet(byte key) => Op('h').Raw(key);

    public PickleBytes Memoize() => Op(0x94);

    public PickleBytes Mark() => Op('(');

    public PickleBytes Tuple() => Op('t');

    public PickleBytes EmptyTuple() => Op(')');

    public PickleBytes Reduce() => Op('R');

    public PickleBytes Build() => Op('b');

    public PickleBytes Stop() => Op('.');

    public PickleBytes UInt32(uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        return Raw(buffer.ToArray());
    }

    public PickleBytes UInt64(ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, value);
        return Raw(buffer.ToArray());
    }

    public PickleBytes Append(byte[] other) => Raw(other);

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>A torch.save-style state_dict: OrderedDict({"weight": tensor}) with a persistent storage id, protocol 2.</summary>
    public static byte[] TorchStateDict() => Start(2)
        .Global("collections", "OrderedDict").BinPut(0).EmptyTuple().Reduce().BinPut(1)
        .BinUnicode("weight")
        .Global("torch._utils", "_rebuild_tensor_v2").BinPut(2)
        .Mark()
            .Mark().BinUnicode("storage").Global("torch", "FloatStorage").BinUnicode("0").BinUnicode("cpu").BinInt1(4).Tuple()
            .Op('Q')
            .BinInt1(0)
            .BinInt1(2).BinInt1(2).Op(0x86)
            .BinInt1(2).BinInt1(1).Op(0x86)
            .Op(0x89)
            .Global("collections", "OrderedDict").EmptyTuple().Reduce()
        .Tuple().Reduce().BinPut(3)
        .Op('s')
        .Stop()
        .ToArray();

    /// <summary>os.system('id') through STACK_GLOBAL whose strings are memoized and fetched back (protocol 4).</summary>
    public static byte[] MemoStackGlobal() => Start(4)
        .ShortUnicode("torch").Memoize().ShortUnicode("LongStorage").Memoize()
        .ShortUnicode("os").Memoize().ShortUnicode("system").Memoize()
        .Op('0').Op('0').Op('0').Op('0')
        .BinGet(2).BinGet(3).Op(0x93).Memoize()
        .ShortUnicode("id").Op(0x85).Reduce().Stop()
        .ToArray();
}
