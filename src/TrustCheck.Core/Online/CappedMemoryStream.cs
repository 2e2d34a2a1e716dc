namespace TrustCheck.Core.Online;

/// <summary>A memory stream that refuses to grow past a cap: a download's size is decided by the server, not by us.</summary>
internal sealed class CappedMemoryStream(long cap) : MemoryStream
{
    public override void Write(byte[] buffer, int offset, int count)
    {
        EnsureRoom(count);
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        EnsureRoom(buffer.Length);
        base.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        EnsureRoom(count);
        return base.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureRoom(buffer.Length);
        return base.WriteAsync(buffer, cancellationToken);
    }

    public override void WriteByte(byte value)
    {
        EnsureRoom(1);
        base.WriteByte(value);
    }

    /// <summary>True once a write was refused (callers may only see it wrapped in another exception).</summary>
    public bool CapExceeded { get; private set; }

    private void EnsureRoom(int count)
    {
        if (Position + count > cap)
        {
            CapExceeded = true;
            throw new CapExceededException(cap);
        }
    }

    public sealed class CapExceededException(long cap) : IOException($"more than {cap} bytes");
}
