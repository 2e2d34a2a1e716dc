using System.Diagnostics;

namespace TrustCheck.Fuzz.Formats;

/// <summary>
/// A dependency-free fallback when libFuzzer/AFL are not installed: random byte flips, inserts, deletes, splices and
/// "interesting" integers (0, -1, 2^31, 2^60 …) over corpus seeds, run in-process. Crashing inputs (any exception) and
/// slow inputs (over 2 s) are written to the output folder for regression tests.
/// </summary>
public static class MutationLoop
{
    private static readonly ulong[] Interesting = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 1UL << 40, 1UL << 60, ulong.MaxValue];

    public static int Run(string target, Action<byte[]> action, IReadOnlyList<byte[]> seeds, TimeSpan duration, string outputFolder, int randomSeed)
    {
        var random = new Random(randomSeed);
        var clock = Stopwatch.StartNew();
        long executions = 0, failures = 0;
        while (clock.Elapsed < duration)
        {
            var input = Mutate(seeds[random.Next(seeds.Count)], seeds, random);
            var started = clock.Elapsed;
            try
            {
                action(input);
            }
            catch (Exception ex)
            {
                failures++;
                Save(outputFolder, target, "crash", input, ex.GetType().Name + ": " + ex.Message + "\n" + ex.StackTrace);
            }

            if (clock.Elapsed - started > TimeSpan.FromSeconds(2))
            {
                failures++;
                Save(outputFolder, target, "slow", input, $"took {(clock.Elapsed - started).TotalMilliseconds:F0} ms");
            }

            executions++;
        }

        Console.WriteLine($"{target}: {executions} executions in {clock.Elapsed.TotalSeconds:F0} s, {failures} failing inputs");
        return failures == 0 ? 0 : 1;
    }

    private static byte[] Mutate(byte[] seed, IReadOnlyList<byte[]> seeds, Random random)
    {
        var data = new List<byte>(seed);
        var rounds = 1 + random.Next(8);
        for (var r = 0; r < rounds; r++)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(7))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2:
                    data.InsertRange(at, Enumerable.Range(0, 1 + random.Next(16)).Select(_ => (byte)random.Next(256)));
                    break;
                case 3 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(64)));
                    break;
                case 4:
                    var value = Interesting[random.Next(Interesting.Length)];
                    var width = new[] { 1, 2, 4, 8 }[random.Next(4)];
                    for (var i = 0; i < width && at + i < data.Count; i++)
                    {
                        data[at + i] = (byte)(value >> (8 * i));
                    }

                    break;
                case 5:
                    var other = seeds[random.Next(seeds.Count)];
                    if (other.Length > 0)
                    {
                        var from = random.Next(other.Length);
                        data.InsertRange(at, other.Skip(from).Take(1 + random.Next(256)));
                    }

                    break;
                case 6 when data.Count > 0:
                    data.RemoveRange(at, data.Count - at); // truncate
                    break;
            }
        }

        return [.. data];
    }

    private static void Save(string folder, string target, string kind, byte[] input, string why)
    {
        Directory.CreateDirectory(folder);
        var name = $"{target}-{kind}-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(input))[..16].ToLowerInvariant()}";
        File.WriteAllBytes(Path.Combine(folder, name + ".bin"), input);
        File.WriteAllText(Path.Combine(folder, name + ".txt"), why);
    }
}
