using System.Diagnostics;
using SharpFuzz;
using TrustCheck.Core.Models;

namespace TrustCheck.Fuzz;

/// <summary>
/// One harness for every pickle-family reader. Modes:
///   --afl                          run under afl-fuzz (instrument TrustCheck.Core.dll with `sharpfuzz` first)
///   --libfuzzer                    run under libfuzzer-dotnet
///   --mutate SEEDS N [CRASHDIR]    in-process random mutation of the seed files, N executions, no external fuzzer
///   --repro FILE                   run one input (to replay a crash)
/// A "crash" is any exception escaping Inspect: readers must turn bad input into TC3013, never throw.
/// </summary>
public static class FuzzHarness
{
    public static int Run(IModelReader reader, string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "--mutate";
        switch (mode)
        {
            case "--afl":
                Fuzzer.Run(stream => Inspect(reader, stream));
                return 0;
            case "--libfuzzer":
                Fuzzer.LibFuzzer.Run(span => Inspect(reader, new MemoryStream(span.ToArray(), writable: false)));
                return 0;
            case "--repro":
                Inspect(reader, new MemoryStream(File.ReadAllBytes(args[1]), writable: false));
                Console.WriteLine("no crash");
                return 0;
            default:
                var seeds = args.Length > 1 ? args[1] : throw new ArgumentException("--mutate SEEDS N [CRASHDIR]");
                var executions = args.Length > 2 ? long.Parse(args[2]) : 1_000_000;
                var crashDir = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), "trustcheck-fuzz-crashes");
                return Mutate(reader, seeds, executions, crashDir);
        }
    }

    private static void Inspect(IModelReader reader, Stream stream)
    {
        // Seekable like every real caller's FileStream.
        var seekable = stream.CanSeek ? stream : Copy(stream);
        reader.Inspect(seekable, "fuzz.bin");
    }

    private static MemoryStream Copy(Stream stream)
    {
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    /// <summary>Per input (seeds are small): more is reported like a crash. Time is wall clock, so generous on a loaded machine.</summary>
    private const long MaxAllocatedPerInput = 512L * 1024 * 1024;

    private static readonly TimeSpan MaxTimePerInput = TimeSpan.FromSeconds(2);

    private static int Mutate(IModelReader reader, string seedDir, long executions, string crashDir)
    {
        var seeds = Directory.EnumerateFiles(seedDir, "*", SearchOption.AllDirectories)
            .Select(File.ReadAllBytes).Where(b => b.Length is > 0 and < 4 * 1024 * 1024).ToList();
        if (seeds.Count == 0)
        {
            Console.Error.WriteLine("no seeds in " + seedDir);
            return 2;
        }

        var random = new Random(12345);
        var crashes = 0;
        var distinct = new HashSet<string>();
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < executions; i++)
        {
            var input = Mutator.Mutate(seeds[random.Next(seeds.Count)], seeds, random);
            try
            {
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var started = clock.Elapsed;
                reader.Inspect(new MemoryStream(input, writable: false), "fuzz.bin");
                var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                var took = clock.Elapsed - started;
                if (allocated > MaxAllocatedPerInput || took > MaxTimePerInput)
                {
                    // Not an exception, but a small input must not cost seconds or gigabytes either: kept like a crash.
                    throw new FuzzBudgetExceededException($"{input.Length}-byte input: {allocated:N0} bytes allocated, {took.TotalMilliseconds:N0} ms");
                }
            }
            catch (Exception e)
            {
                crashes++;
                var signature = e is FuzzBudgetExceededException
                    ? "budget exceeded #" + (i + 1) + ": " + e.Message
                    : e.GetType().Name + " " + e.StackTrace?.Split('\n').FirstOrDefault()?.Trim();
                if (distinct.Add(signature))
                {
                    Directory.CreateDirectory(crashDir);
                    var file = Path.Combine(crashDir, $"{reader.Format}-crash-{distinct.Count}.bin");
                    File.WriteAllBytes(file, input);
                    Console.WriteLine($"CRASH {signature} -> {file}");
                }
            }

            if ((i + 1) % 100_000 == 0)
            {
                Console.WriteLine($"{reader.Format}: {i + 1:N0} executions, {crashes} crashes, {(i + 1) / clock.Elapsed.TotalSeconds:N0} exec/s");
            }
        }

        Console.WriteLine($"{reader.Format}: done, {executions:N0} executions in {clock.Elapsed.TotalSeconds:N0} s, {crashes} crashing inputs, {distinct.Count} distinct");
        return crashes == 0 ? 0 : 1;
    }
}

/// <summary>An input that took too long or allocated too much (a hang or bomb in the making).</summary>
public sealed class FuzzBudgetExceededException(string message) : Exception(message);

/// <summary>AFL-style havoc mutations: bit flips, interesting integers, block copy/delete/insert, splicing two seeds.</summary>
public static class Mutator
{
    private static readonly byte[] OpcodeBytes = "(.012FIJKLMNPQRSTUVXabcdeghijlopqrstu}])GBC"u8.ToArray()
        .Concat(Enumerable.Range(0x80, 0x19).Select(b => (byte)b)).ToArray();

    private static readonly long[] Interesting = { 0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, long.MaxValue, 1L << 62 };

    public static byte[] Mutate(byte[] seed, IReadOnlyList<byte[]> all, Random random)
    {
        var data = new List<byte>(seed);
        var rounds = 1 << random.Next(0, 4);
        for (var r = 0; r < rounds; r++)
        {
            if (data.Count == 0)
            {
                data.Add((byte)random.Next(256));
            }

            var at = random.Next(data.Count);
            switch (random.Next(8))
            {
                case 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2:
                {
                    var value = Interesting[random.Next(Interesting.Length)];
                    var width = new[] { 1, 2, 4, 8 }[random.Next(4)];
                    for (var k = 0; k < width && at + k < data.Count; k++)
                    {
                        data[at + k] = (byte)(value >> (8 * k));
                    }

                    break;
                }

                case 3:
                    data.RemoveRange(at, Math.Min(data.Count - at, random.Next(1, 32)));
                    break;
                case 4:
                {
                    var from = random.Next(data.Count);
                    var length = Math.Min(data.Count - from, random.Next(1, 64));
                    data.InsertRange(at, data.GetRange(from, length));
                    break;
                }

                case 5:
                    data.RemoveRange(at, data.Count - at); // truncate
                    break;
                case 6:
                {
                    var other = all[random.Next(all.Count)];
                    var from = random.Next(other.Length);
                    data.InsertRange(at, other.Skip(from).Take(random.Next(1, 128)));
                    break;
                }

                default:
                    // Pickle-aware: drop in an opcode byte.
                    data[at] = OpcodeBytes[random.Next(OpcodeBytes.Length)];
                    break;
            }
        }

        return data.ToArray();
    }
}
