using System.Security.Cryptography;
using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Provenance;
using TrustCheck.Tests;

namespace TrustCheck.Core.Tests.FileSystem;

/// <summary>The one door to file content: what stat says about real special files, and reads bounded by the inspected length.</summary>
public class RegularFileTests
{
    private readonly string _dir = TestPaths.NewTempDirectory();

    [Fact]
    public void Kinds_of_real_special_files_are_told_apart_without_opening_them()
    {
        if (!SpecialFiles.CanMakeFifo)
        {
            return; // Windows: no FIFOs, sockets or /dev devices behind ordinary paths.
        }

        var file = Path.Combine(_dir, "file.bin");
        File.WriteAllBytes(file, [1, 2, 3]);
        using var socket = SpecialFiles.Socket(Path.Combine(_dir, "socket"));

        Assert.Equal(FileKind.Regular, FileKindProbe.Probe(file));
        Assert.Equal(FileKind.Regular, FileKindProbe.Probe(SpecialFiles.Link(Path.Combine(_dir, "link-to-file"), file)));
        Assert.Equal(FileKind.Directory, FileKindProbe.Probe(_dir));
        Assert.Equal(FileKind.Fifo, FileKindProbe.Probe(SpecialFiles.Fifo(Path.Combine(_dir, "fifo"))));
        Assert.Equal(FileKind.Socket, FileKindProbe.Probe(Path.Combine(_dir, "socket")));
        Assert.Equal(FileKind.CharacterDevice, FileKindProbe.Probe(SpecialFiles.Link(Path.Combine(_dir, "zero"), "/dev/zero")));
        Assert.Equal(FileKind.LinkLoop, FileKindProbe.Probe(SpecialFiles.LinkLoop(Path.Combine(_dir, "loop"))));
        Assert.Equal(FileKind.BrokenLink, FileKindProbe.Probe(SpecialFiles.Link(Path.Combine(_dir, "broken"), "nowhere")));
        Assert.Equal(FileKind.Missing, FileKindProbe.Probe(Path.Combine(_dir, "missing")));
    }

    [Fact]
    public void A_link_is_inspected_as_the_file_it_leads_to()
    {
        if (!SpecialFiles.CanMakeFifo)
        {
            return; // Windows: creating links needs privileges there.
        }

        var folder = Directory.CreateDirectory(Path.Combine(_dir, "real")).FullName;
        var file = Path.Combine(folder, "file.bin");
        File.WriteAllBytes(file, new byte[1234]);
        var written = new DateTime(2021, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, written);
        var link = SpecialFiles.Link(Path.Combine(_dir, "link-to-file"), file);
        var linkToLink = SpecialFiles.Link(Path.Combine(_dir, "link-to-link"), link);
        var linkedFolder = SpecialFiles.Link(Path.Combine(_dir, "linked-folder"), folder);

        foreach (var path in new[] { link, linkToLink, Path.Combine(linkedFolder, "file.bin") })
        {
            var inspected = RegularFile.Inspect(path);
            Assert.Equal(1234, inspected.Length);
            Assert.Equal(written, inspected.LastWriteTimeUtc);
        }
    }

    [Fact]
    public void Opening_a_fifo_is_refused_with_its_kind_named()
    {
        if (!SpecialFiles.CanMakeFifo)
        {
            return;
        }

        var fifo = SpecialFiles.Fifo(Path.Combine(_dir, "model.onnx"));

        var error = Assert.Throws<NotRegularFileException>(() => RegularFile.OpenRead(fifo));

        Assert.Equal(FileKind.Fifo, error.Kind);
        Assert.Equal("not a regular file (FIFO), not read", error.Message);
        Assert.IsAssignableFrom<IOException>(error); // every reader's existing IOException handling reports it
    }

    [Fact]
    public void A_file_that_grows_while_read_is_cut_at_its_inspected_length()
    {
        var path = Path.Combine(_dir, "growing.bin");
        File.WriteAllBytes(path, new byte[1000]);
        var file = RegularFile.Inspect(path);
        using var stream = file.OpenRead();
        File.AppendAllText(path, new string('x', 5000));

        var read = new MemoryStream();
        stream.CopyTo(read);

        Assert.Equal(1000, read.Length);
        Assert.Equal(1000, stream.Length);
        Assert.True(file.ChangedSince(out var now));
        Assert.Equal(6000, now);
    }

    [Fact]
    public void Hash_covers_the_inspected_length_only()
    {
        var path = Path.Combine(_dir, "weights.bin");
        var original = RandomNumberGenerator.GetBytes(3 * FileHasher.BlockSize + 17);
        File.WriteAllBytes(path, original);
        var file = RegularFile.Inspect(path);
        File.AppendAllText(path, "appended after inspection");

        var sha = HashCache.Open(null).GetSha256(file, bytesHashed: null);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), sha);
    }

    [Fact]
    public void A_file_over_the_readers_cap_is_refused_before_allocating()
    {
        var path = Path.Combine(_dir, "policy.json");
        File.WriteAllBytes(path, new byte[4096]);

        var error = Assert.Throws<FileTooLargeException>(() => RegularFile.ReadAllBytes(path, 1024));

        Assert.Contains("4096 bytes, over the 1024 byte limit", error.Message);
    }

    [Fact]
    public void Concurrent_atomic_writers_always_leave_one_whole_file()
    {
        var path = Path.Combine(_dir, "trustcheck.report.json");
        var contents = Enumerable.Range(0, 4).Select(i => new string((char)('a' + i), 200_000)).ToArray();
        using var stop = new CancellationTokenSource();
        var torn = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var text = File.ReadAllText(path);
                    if (!contents.Contains(text))
                    {
                        Interlocked.Increment(ref torn);
                    }
                }
                catch (IOException)
                {
                    // Not there yet (or replaced on Windows between open and read): not a torn file.
                }
            }
        });

        Parallel.For(0, 40, i => AtomicFile.WriteAllText(path, contents[i % contents.Length]));
        stop.Cancel();
        reader.Wait();

        Assert.Equal(0, torn);
        Assert.Contains(File.ReadAllText(path), contents);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp")); // no temporary files left behind
    }
}
