using System.Globalization;
using System.Text;

namespace TrustCheck.Core.Models.Pickle;

/// <summary>
/// Walks pickle opcodes with a symbolic stack and memo, the way CPython's Unpickler would, but never imports or calls
/// anything: it only records which globals a load would import. Iterative (no recursion on input depth), and every
/// length field is checked against the bytes that remain before anything is read or allocated.
/// </summary>
internal sealed class PickleWalker
{
    private const int MaxLineLength = 64 * 1024;
    private const int MaxKeptTextLength = 1024;
    private const int MaxInlineReadLength = 4096;
    private const int MaxNestedCandidateLength = 4 * 1024 * 1024;
    private const int MaxRecordedGlobals = 10_000;
    private const int MaxNestedChecks = 1_000;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly PickleInput _input;
    private readonly PickleScanOptions _options;
    private readonly List<PickleGlobal> _globals = new();
    private readonly List<string> _problems = new();
    private readonly List<NestedPickle> _nested = new();
    private long _opcodes;
    private int _highestProtocol;
    private int _pickleCount;
    private long _trailingBytes;
    private int _nestedChecks;
    private bool _endedMidPickle;

    /// <summary>Keep tuple/dict items and call arguments (joblib array sizing needs them); other walks need only names.</summary>
    private readonly bool _keepStructure;

    private PickleWalker(PickleInput input, PickleScanOptions options)
    {
        _input = input;
        _options = options;
        _keepStructure = options.JoblibArrays;
    }

    private enum Outcome
    {
        Stop,
        /// <summary>The data ended inside a pickle.</summary>
        Truncated,
        /// <summary>A byte that is no opcode, a bad argument, or a hard cap: the walk cannot go on.</summary>
        Broken,
    }

    public static PickleScanResult Walk(Stream stream, PickleScanOptions options)
    {
        var limit = options.MaxBytes;
        if (stream.CanSeek)
        {
            limit = Math.Min(limit, Math.Max(0, stream.Length - stream.Position));
        }

        var walker = new PickleWalker(new PickleInput(stream, limit), options);
        walker.WalkStream();
        var issues = PickleIssues.Build(walker._globals, walker._problems, walker._nested, options.Location, options.InTorchScriptArchive);
        return new PickleScanResult(walker._globals, walker._problems, walker._nested, walker._pickleCount,
            walker._highestProtocol, walker._opcodes, walker._input.Position, walker._trailingBytes, issues)
        {
            EndedMidPickle = walker._endedMidPickle,
        };
    }

    private void WalkStream()
    {
        if (_input.AtEnd)
        {
            _problems.Add("the stream is empty: no pickle to read");
            return;
        }

        var first = new Attempt();
        var outcome = WalkOne(first);
        Merge(first);
        if (outcome != Outcome.Stop)
        {
            _endedMidPickle = outcome == Outcome.Truncated;
            return;
        }

        // torch legacy files and "append a second stream" attacks: pickle.load is called again on the same file.
        while (_options.ReadConcatenatedPickles && !_input.AtEnd)
        {
            if (_pickleCount >= _options.MaxPickles)
            {
                _problems.Add($"more than {_options.MaxPickles:N0} concatenated pickles: stopped walking at offset {_input.Position}");
                return;
            }

            var start = _input.Position;
            var startsWithProto = _input.PeekByte() == (int)PickleOpcode.Proto;
            var next = new Attempt();
            outcome = WalkOne(next);
            if (outcome == Outcome.Stop || (startsWithProto && next.Globals.Count > 0))
            {
                // A real pickle (or a real pickle cut short after importing something): keep what it found.
                Merge(next);
                if (outcome != Outcome.Stop)
                {
                    _endedMidPickle = outcome == Outcome.Truncated;
                    return;
                }

                continue;
            }

            // Not a pickle: trailing data (raw tensor bytes, junk). Python would never import from it.
            _trailingBytes = _input.Position - start + _input.Remaining;
            return;
        }
    }

    private void Merge(Attempt attempt)
    {
        foreach (var g in attempt.Globals)
        {
            if (_globals.Count < MaxRecordedGlobals)
            {
                _globals.Add(g);
            }
        }

        _problems.AddRange(attempt.Problems);
        _nested.AddRange(attempt.Nested);
        if (attempt.Completed)
        {
            _pickleCount++;
        }
    }

    /// <summary>Everything one pickle (one pickle.load call) produced; merged only when the walk decides it was a pickle.</summary>
    private sealed class Attempt
    {
        private const int MaxProblems = 100;
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        /// <summary>Each distinct global once (its first occurrence): repeats add nothing to the verdict.</summary>
        public List<PickleGlobal> Globals { get; } = new();
        public List<string> Problems { get; } = new();
        public List<NestedPickle> Nested { get; } = new();
        public bool Completed { get; set; }

        /// <summary>Set where CPython's unpickler raises (stack underflow, missing MARK, unknown memo key); the default walk goes on regardless.</summary>
        public bool PythonFails { get; set; }

        /// <summary>False once enough problems are recorded: hot paths skip formatting messages nobody will read.</summary>
        public bool WantsProblems => Problems.Count < MaxProblems;

        /// <summary>Keeps the first <see cref="MaxProblems"/> problems: a hostile stream can produce one per opcode.</summary>
        public void AddProblem(string problem)
        {
            if (WantsProblems)
            {
                Problems.Add(problem);
            }
        }

        /// <summary>False when the stream names more distinct globals than anyone needs (the walk then stops with TC3013).</summary>
        public bool AddGlobal(PickleGlobal global)
        {
            if (_seen.Contains(global.FullName))
            {
                return true;
            }

            if (_seen.Count >= MaxRecordedGlobals)
            {
                return false;
            }

            _seen.Add(global.FullName);
            Globals.Add(global);
            return true;
        }
    }

    /// <summary>The Unpickler's state for one load: stack, MARK positions (the metastack) and memo.</summary>
    private sealed class Machine
    {
        public List<PickleValue> Stack { get; } = new();
        public Stack<int> Marks { get; } = new();
        public PickleMemo Memo { get; } = new();
    }

    private Outcome WalkOne(Attempt attempt)
    {
        var machine = new Machine();
        var machines = new Stack<Machine>();
        while (true)
        {
            var outcome = Step(attempt, machine, out var startNestedMachine);
            if (startNestedMachine)
            {
                // A joblib object array: a whole pickle written inline; walk it with a fresh machine, then resume.
                machines.Push(machine);
                machine = new Machine();
                continue;
            }

            if (outcome is null)
            {
                if (_options.StopWherePythonFails && attempt.PythonFails)
                {
                    // Nothing after this point is ever imported by pickle.load.
                    return Outcome.Broken;
                }

                continue;
            }

            if (outcome == Outcome.Stop && machines.Count > 0)
            {
                machine = machines.Pop();
                continue;
            }

            if (outcome == Outcome.Stop)
            {
                attempt.Completed = true;
            }

            return outcome.Value;
        }
    }

    /// <summary>Executes one opcode symbolically. Null means "go on"; an outcome ends this pickle.</summary>
    private Outcome? Step(Attempt attempt, Machine m, out bool startNestedMachine)
    {
        startNestedMachine = false;
        var offset = _input.Position;
        var code = _input.ReadByte();
        if (code < 0)
        {
            return Truncated(attempt, offset, "the stream ends before the STOP opcode");
        }

        if (++_opcodes > _options.MaxOpcodes)
        {
            attempt.AddProblem($"more than {_options.MaxOpcodes:N0} opcodes: stopped walking at offset {offset}");
            return Outcome.Broken;
        }

        if (m.Stack.Count > _options.MaxStackDepth || m.Marks.Count > _options.MaxStackDepth)
        {
            attempt.AddProblem($"stack deeper than {_options.MaxStackDepth:N0} items at offset {offset}: stopped walking");
            return Outcome.Broken;
        }

        switch ((PickleOpcode)code)
        {
            case PickleOpcode.Mark:
                m.Marks.Push(m.Stack.Count);
                return null;
            case PickleOpcode.Stop:
                Pop(attempt, m, offset);
                return Outcome.Stop;
            case PickleOpcode.Pop:
                if (m.Stack.Count > Floor(m))
                {
                    m.Stack.RemoveAt(m.Stack.Count - 1);
                }
                else
                {
                    DropToMark(attempt, m, offset);
                }

                return null;
            case PickleOpcode.PopMark:
                DropToMark(attempt, m, offset);
                return null;
            case PickleOpcode.Dup:
                m.Stack.Add(Peek(attempt, m, offset));
                return null;

            case PickleOpcode.Float:
            case PickleOpcode.Long:
            case PickleOpcode.PersId:
            case PickleOpcode.Int:
                return ReadTextArgument(attempt, m, offset, (PickleOpcode)code);

            case PickleOpcode.BinInt:
                return ReadInt(attempt, m, offset, 4, signed: true);
            case PickleOpcode.BinInt1:
                return ReadInt(attempt, m, offset, 1, signed: false);
            case PickleOpcode.BinInt2:
                return ReadInt(attempt, m, offset, 2, signed: false);
            case PickleOpcode.Long1:
                return ReadLong(attempt, m, offset, 1);
            case PickleOpcode.Long4:
                return ReadLong(attempt, m, offset, 4);
            case PickleOpcode.BinFloat:
                return _input.Skip(8) ? Push(m, PickleValue.Opaque) : Truncated(attempt, offset, "BINFLOAT needs 8 bytes");
            case PickleOpcode.None:
                return Push(m, PickleValue.None);
            case PickleOpcode.NewTrue:
                return Push(m, PickleValue.FromBool(true));
            case PickleOpcode.NewFalse:
                return Push(m, PickleValue.FromBool(false));

            case PickleOpcode.BinPersId:
                Pop(attempt, m, offset);
                return Push(m, PickleValue.Opaque);
            case PickleOpcode.Reduce:
            {
                var args = Pop(attempt, m, offset);
                var callee = Pop(attempt, m, offset);
                return Push(m, Call(callee, args));
            }

            case PickleOpcode.String:
                return ReadQuotedString(attempt, m, offset);
            case PickleOpcode.BinString:
                return ReadCounted(attempt, m, offset, 4, signedLength: true, TextKind.Latin1);
            case PickleOpcode.ShortBinString:
                return ReadCounted(attempt, m, offset, 1, signedLength: false, TextKind.Latin1);
            case PickleOpcode.Unicode:
            {
                var line = ReadLine(attempt, offset, out _);
                if (line is null)
                {
                    return LineOutcome(attempt, offset);
                }

                var text = RawUnicodeEscape.Decode(line);
                if (text is null)
                {
                    attempt.AddProblem($"UNICODE at offset {offset} has a truncated or out-of-range \\u escape, which Python rejects");
                    return Outcome.Broken;
                }

                CheckNested(attempt, offset, line);
                return Push(m, text.Length <= MaxKeptTextLength ? PickleValue.FromText(text) : PickleValue.Opaque);
            }

            case PickleOpcode.BinUnicode:
                return ReadCounted(attempt, m, offset, 4, signedLength: false, TextKind.Utf8);
            case PickleOpcode.ShortBinUnicode:
                return ReadCounted(attempt, m, offset, 1, signedLength: false, TextKind.Utf8);
            case PickleOpcode.BinUnicode8:
                return ReadCounted(attempt, m, offset, 8, signedLength: false, TextKind.Utf8);
            case PickleOpcode.BinBytes:
                return ReadCounted(attempt, m, offset, 4, signedLength: false, TextKind.Bytes);
            case PickleOpcode.ShortBinBytes:
                return ReadCounted(attempt, m, offset, 1, signedLength: false, TextKind.Bytes);
            case PickleOpcode.BinBytes8:
            case PickleOpcode.ByteArray8:
                return ReadCounted(attempt, m, offset, 8, signedLength: false, TextKind.Bytes);

            case PickleOpcode.Append:
                Pop(attempt, m, offset);
                Peek(attempt, m, offset);
                return null;
            case PickleOpcode.Appends:
            case PickleOpcode.AddItems:
                DropToMark(attempt, m, offset);
                Peek(attempt, m, offset);
                return null;
            case PickleOpcode.Build:
            {
                var state = Pop(attempt, m, offset);
                var target = Peek(attempt, m, offset);
                if (_keepStructure && target.Kind == PickleValueKind.Call)
                {
                    target.State = state;
                    if (_options.JoblibArrays && IsJoblibArrayWrapper(target))
                    {
                        return SkipJoblibArray(attempt, target, offset, out startNestedMachine);
                    }
                }

                return null;
            }

            case PickleOpcode.Global:
                return ReadGlobalLines(attempt, m, offset, PickleImportKind.Global);
            case PickleOpcode.Inst:
                return ReadGlobalLines(attempt, m, offset, PickleImportKind.Inst);
            case PickleOpcode.StackGlobal:
            {
                var name = Pop(attempt, m, offset);
                var module = Pop(attempt, m, offset);
                var resolved = module.Kind == PickleValueKind.Text && name.Kind == PickleValueKind.Text;
                if (!resolved)
                {
                    // CPython: "STACK_GLOBAL requires str"; a string only the loader could compute needs an earlier call.
                    attempt.PythonFails = true;
                }

                var global = new PickleGlobal(
                    resolved ? module.Text! : Describe(module),
                    resolved ? name.Text! : Describe(name),
                    PickleImportKind.StackGlobal,
                    offset,
                    resolved);
                if (!attempt.AddGlobal(global))
                {
                    return TooManyGlobals(attempt, offset);
                }

                return Push(m, new PickleValue(PickleValueKind.Global) { Global = global });
            }

            case PickleOpcode.Ext1:
            case PickleOpcode.Ext2:
            case PickleOpcode.Ext4:
            {
                var size = code == (int)PickleOpcode.Ext1 ? 1 : code == (int)PickleOpcode.Ext2 ? 2 : 4;
                if (!_input.TryReadUInt(size, out var extension))
                {
                    return Truncated(attempt, offset, "EXT opcode needs its code");
                }

                // copyreg's extension registry maps the code to (module, name) in the loading process: not knowable here.
                var global = new PickleGlobal("copyreg.extension", "code " + extension.ToString(CultureInfo.InvariantCulture),
                    PickleImportKind.Extension, offset, Resolved: false);
                if (!attempt.AddGlobal(global))
                {
                    return TooManyGlobals(attempt, offset);
                }

                return Push(m, new PickleValue(PickleValueKind.Global) { Global = global });
            }

            case PickleOpcode.Dict:
                if (!_keepStructure)
                {
                    DropToMark(attempt, m, offset);
                    return Push(m, PickleValue.OpaqueDict);
                }

                return Push(m, new PickleValue(PickleValueKind.Dict) { Items = Keep(PopMark(attempt, m, offset)) });
            case PickleOpcode.EmptyDict:
                return Push(m, _keepStructure ? new PickleValue(PickleValueKind.Dict) { Items = new List<PickleValue>() } : PickleValue.OpaqueDict);
            case PickleOpcode.SetItem:
            {
                var value = Pop(attempt, m, offset);
                var key = Pop(attempt, m, offset);
                AddItems(Peek(attempt, m, offset), new[] { key, value });
                return null;
            }

            case PickleOpcode.SetItems:
            {
                // Copy the items only when the dict below the MARK still keeps entries (small state dicts).
                var target = m.Marks.Count > 0 && m.Marks.Peek() > 0 ? m.Stack[m.Marks.Peek() - 1] : null;
                if (target is { Kind: PickleValueKind.Dict, Items.Count: < PickleValue.MaxKeptItems * 2 })
                {
                    var items = PopMark(attempt, m, offset);
                    AddItems(Peek(attempt, m, offset), items);
                }
                else
                {
                    DropToMark(attempt, m, offset);
                    Peek(attempt, m, offset);
                }
                return null;
            }

            case PickleOpcode.Get:
            {
                var line = ReadLine(attempt, offset, out _);
                if (line is null)
                {
                    return LineOutcome(attempt, offset);
                }

                if (!PickleTextNumbers.TryParseMemoKey(line, out var bigKey) || !PickleTextNumbers.TryToLong(bigKey, out var key))
                {
                    attempt.AddProblem($"GET at offset {offset} has a memo key Python's int() rejects ('{PickleTextNumbers.Show(line)}')");
                    return Outcome.Broken;
                }

                return Push(m, MemoGet(attempt, m, key, offset));
            }

            case PickleOpcode.BinGet:
            case PickleOpcode.LongBinGet:
            {
                if (!_input.TryReadUInt(code == (int)PickleOpcode.BinGet ? 1 : 4, out var key))
                {
                    return Truncated(attempt, offset, "GET needs its memo key");
                }

                return Push(m, MemoGet(attempt, m, (long)key, offset));
            }

            case PickleOpcode.Put:
            {
                var line = ReadLine(attempt, offset, out _);
                if (line is null)
                {
                    return LineOutcome(attempt, offset);
                }

                if (!PickleTextNumbers.TryParseMemoKey(line, out var bigKey) || !PickleTextNumbers.TryToLong(bigKey, out var key) || key < 0)
                {
                    attempt.AddProblem($"PUT at offset {offset} has a memo key Python rejects ('{PickleTextNumbers.Show(line)}')");
                    return Outcome.Broken;
                }

                return MemoPut(attempt, m, key, offset);
            }

            case PickleOpcode.BinPut:
            case PickleOpcode.LongBinPut:
            {
                if (!_input.TryReadUInt(code == (int)PickleOpcode.BinPut ? 1 : 4, out var key))
                {
                    return Truncated(attempt, offset, "PUT needs its memo key");
                }

                return MemoPut(attempt, m, (long)key, offset);
            }

            case PickleOpcode.Memoize:
                return MemoPut(attempt, m, m.Memo.Count, offset);

            case PickleOpcode.List:
                DropToMark(attempt, m, offset);
                return Push(m, PickleValue.Opaque);
            case PickleOpcode.EmptyList:
            case PickleOpcode.EmptySet:
                return Push(m, PickleValue.Opaque);
            case PickleOpcode.FrozenSet:
                DropToMark(attempt, m, offset);
                return Push(m, PickleValue.Opaque);
            case PickleOpcode.Tuple:
                if (!_keepStructure)
                {
                    DropToMark(attempt, m, offset);
                    return Push(m, PickleValue.OpaqueTuple);
                }

                return Push(m, PickleValue.Tuple(PopMark(attempt, m, offset)));
            case PickleOpcode.EmptyTuple:
                return Push(m, PickleValue.EmptyTuple);
            case PickleOpcode.Tuple1:
            case PickleOpcode.Tuple2:
            case PickleOpcode.Tuple3:
            {
                var count = code - (int)PickleOpcode.Tuple1 + 1;
                if (!_keepStructure)
                {
                    for (var i = 0; i < count; i++)
                    {
                        Pop(attempt, m, offset);
                    }

                    return Push(m, PickleValue.OpaqueTuple);
                }

                var items = new PickleValue[count];
                for (var i = count - 1; i >= 0; i--)
                {
                    items[i] = Pop(attempt, m, offset);
                }

                return Push(m, PickleValue.Tuple(items));
            }

            case PickleOpcode.Obj:
            {
                var items = PopMark(attempt, m, offset);
                if (items.Count == 0)
                {
                    attempt.PythonFails = true;
                    attempt.AddProblem($"OBJ at offset {offset} has no class on the stack");
                    return Push(m, PickleValue.Opaque);
                }

                return Push(m, Call(items[0], PickleValue.Tuple(items.GetRange(1, items.Count - 1))));
            }

            case PickleOpcode.NewObj:
            {
                var args = Pop(attempt, m, offset);
                var cls = Pop(attempt, m, offset);
                return Push(m, Call(cls, args));
            }

            case PickleOpcode.NewObjEx:
            {
                Pop(attempt, m, offset);
                var args = Pop(attempt, m, offset);
                var cls = Pop(attempt, m, offset);
                return Push(m, Call(cls, args));
            }

            case PickleOpcode.Proto:
            {
                var version = _input.ReadByte();
                if (version < 0)
                {
                    return Truncated(attempt, offset, "PROTO needs its version byte");
                }

                if (version > 5)
                {
                    attempt.AddProblem($"unsupported pickle protocol {version} at offset {offset}");
                    return Outcome.Broken;
                }

                _highestProtocol = Math.Max(_highestProtocol, version);
                return null;
            }

            case PickleOpcode.Frame:
            {
                // Frames only group opcodes for buffering; the opcodes inside are walked like any others.
                if (!_input.TryReadUInt(8, out var frameLength))
                {
                    return Truncated(attempt, offset, "FRAME needs its 8-byte length");
                }

                if (frameLength > (ulong)_input.Remaining)
                {
                    // pickle.py reads a short frame without complaint and goes on: so must the walk, or it would miss imports.
                    attempt.AddProblem($"FRAME at offset {offset} declares {frameLength:N0} bytes but only {_input.Remaining:N0} remain");
                }

                return null;
            }

            case PickleOpcode.NextBuffer:
                return Push(m, PickleValue.Opaque);
            case PickleOpcode.ReadOnlyBuffer:
                Peek(attempt, m, offset);
                return null;

            default:
                attempt.AddProblem($"byte 0x{code:x2} at offset {offset} is not a pickle opcode");
                return Outcome.Broken;
        }
    }

    private static int Floor(Machine m) => m.Marks.Count > 0 ? m.Marks.Peek() : 0;

    private static Outcome? Push(Machine m, PickleValue value)
    {
        m.Stack.Add(value);
        return null;
    }

    /// <summary>Pops above the innermost MARK, as Python's per-mark stack does; underflow is noted and an opaque value used.</summary>
    private static PickleValue Pop(Attempt attempt, Machine m, long offset)
    {
        if (m.Stack.Count <= Floor(m))
        {
            // Python would stop with "unpickling stack underflow"; keep walking so no later import goes unseen.
            attempt.PythonFails = true;
            if (attempt.WantsProblems)
            {
                attempt.AddProblem($"stack underflow at offset {offset}");
            }

            return PickleValue.Opaque;
        }

        var value = m.Stack[^1];
        m.Stack.RemoveAt(m.Stack.Count - 1);
        return value;
    }

    private static PickleValue Peek(Attempt attempt, Machine m, long offset)
    {
        if (m.Stack.Count <= Floor(m))
        {
            attempt.PythonFails = true;
            if (attempt.WantsProblems)
            {
                attempt.AddProblem($"stack underflow at offset {offset}");
            }

            return PickleValue.Opaque;
        }

        return m.Stack[^1];
    }

    private static List<PickleValue> PopMark(Attempt attempt, Machine m, long offset)
    {
        if (m.Marks.Count == 0)
        {
            attempt.PythonFails = true;
            if (attempt.WantsProblems)
            {
                attempt.AddProblem($"opcode at offset {offset} needs a MARK that is not there");
            }

            return new List<PickleValue>();
        }

        var start = m.Marks.Pop();
        var items = m.Stack.GetRange(start, m.Stack.Count - start);
        m.Stack.RemoveRange(start, m.Stack.Count - start);
        return items;
    }

    /// <summary>PopMark for opcodes that discard the items (APPENDS, LIST, POP_MARK, …): no copy.</summary>
    private static void DropToMark(Attempt attempt, Machine m, long offset)
    {
        if (m.Marks.Count == 0)
        {
            attempt.PythonFails = true;
            if (attempt.WantsProblems)
            {
                attempt.AddProblem($"opcode at offset {offset} needs a MARK that is not there");
            }

            return;
        }

        var start = m.Marks.Pop();
        m.Stack.RemoveRange(start, m.Stack.Count - start);
    }

    private static List<PickleValue> Keep(List<PickleValue> items) =>
        items.Count <= PickleValue.MaxKeptItems * 2 ? items : items.Take(PickleValue.MaxKeptItems * 2).ToList();

    private static void AddItems(PickleValue target, IReadOnlyList<PickleValue> items)
    {
        if (target.Kind != PickleValueKind.Dict || target.Items is null)
        {
            return;
        }

        for (var i = 0; i + 1 < items.Count && target.Items.Count < PickleValue.MaxKeptItems * 2; i += 2)
        {
            target.Items.Add(items[i]);
            target.Items.Add(items[i + 1]);
        }
    }

    /// <summary>
    /// A call's result. Only joblib framing needs to know what was called with what (dtype, wrapper state); otherwise a
    /// shared placeholder keeps the walk from retaining the whole object graph.
    /// </summary>
    private PickleValue Call(PickleValue callee, PickleValue args) =>
        _keepStructure ? new(PickleValueKind.Call) { Callee = callee, Arguments = args } : PickleValue.CallResult;

    /// <summary>
    /// Names a non-constant STACK_GLOBAL operand for the message. Bounded: a chain of STACK_GLOBALs on each other's results
    /// nested every earlier description, so "N\x93" repeated 4,000 times (8 KB) allocated 3.7 GB (fuzz find).
    /// </summary>
    private static string Describe(PickleValue value)
    {
        var text = value.Kind switch
        {
            PickleValueKind.Global => "<global " + Bounded(value.Global!.FullName) + ">",
            PickleValueKind.Call => "<result of a call>",
            PickleValueKind.Int => "<int " + value.Int.ToString(CultureInfo.InvariantCulture) + ">",
            PickleValueKind.Text => value.Text!,
            _ => "<non-constant " + value.Kind.ToString().ToLowerInvariant() + ">",
        };
        return Bounded(text);
    }

    private const int MaxDescribedLength = 160;

    private static string Bounded(string text) => text.Length <= MaxDescribedLength ? text : string.Concat(text.AsSpan(0, MaxDescribedLength), "…");

    private PickleValue MemoGet(Attempt attempt, Machine m, long key, long offset)
    {
        if (m.Memo.TryGet(key, out var value))
        {
            return value;
        }

        attempt.PythonFails = true;
        attempt.AddProblem($"GET at offset {offset} reads memo key {key} that was never stored");
        return new PickleValue(PickleValueKind.Opaque);
    }

    private Outcome? MemoPut(Attempt attempt, Machine m, long key, long offset)
    {
        if (m.Memo.Count >= _options.MaxMemoEntries && !m.Memo.Contains(key))
        {
            attempt.AddProblem($"more than {_options.MaxMemoEntries:N0} memo entries at offset {offset}: stopped walking");
            return Outcome.Broken;
        }

        m.Memo.Set(key, Peek(attempt, m, offset));
        return null;
    }

    private static Outcome TooManyGlobals(Attempt attempt, long offset)
    {
        attempt.AddProblem($"more than {MaxRecordedGlobals:N0} distinct globals at offset {offset}: stopped walking");
        return Outcome.Broken;
    }

    private static Outcome Truncated(Attempt attempt, long offset, string why)
    {
        attempt.AddProblem($"truncated at offset {offset}: {why}");
        return Outcome.Truncated;
    }

    private byte[]? ReadLine(Attempt attempt, long offset, out bool tooLong)
    {
        var line = _input.ReadLine(MaxLineLength, out tooLong);
        if (line is null && tooLong)
        {
            attempt.AddProblem($"text argument at offset {offset} is longer than {MaxLineLength:N0} bytes");
        }

        return line;
    }

    private Outcome LineOutcome(Attempt attempt, long offset) =>
        attempt.Problems.Count > 0 && attempt.Problems[^1].StartsWith("text argument at offset " + offset, StringComparison.Ordinal)
            ? Outcome.Broken
            : Truncated(attempt, offset, "a text argument has no terminating newline");

    private Outcome? ReadInt(Attempt attempt, Machine m, long offset, int size, bool signed)
    {
        if (!_input.TryReadUInt(size, out var raw))
        {
            return Truncated(attempt, offset, $"integer needs {size} bytes");
        }

        var value = signed ? (long)(int)(uint)raw : (long)raw;
        return Push(m, PickleValue.FromInt(value));
    }

    private Outcome? ReadLong(Attempt attempt, Machine m, long offset, int lengthSize)
    {
        if (!_input.TryReadUInt(lengthSize, out var rawLength))
        {
            return Truncated(attempt, offset, "LONG needs its length");
        }

        long length = lengthSize == 4 ? (int)(uint)rawLength : (long)rawLength;
        if (length < 0)
        {
            attempt.AddProblem($"LONG4 at offset {offset} has a negative length");
            return Outcome.Broken;
        }

        if (length > _input.Remaining)
        {
            return Truncated(attempt, offset, $"LONG declares {length:N0} bytes but only {_input.Remaining:N0} remain");
        }

        if (length is > 0 and <= 8)
        {
            // A stream that cannot tell its length (decompressed data) may end before the declared bytes.
            if (_input.ReadExactly((int)length) is not { } bytes)
            {
                return Truncated(attempt, offset, "LONG data ends early");
            }

            long value = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                value |= (long)bytes[i] << (8 * i);
            }

            if (bytes.Length < 8 && (bytes[^1] & 0x80) != 0)
            {
                value -= 1L << (8 * bytes.Length);
            }

            return Push(m, PickleValue.FromInt(value));
        }

        return _input.Skip(length) ? Push(m, PickleValue.Opaque) : Truncated(attempt, offset, "LONG data ends early");
    }

    private enum TextKind
    {
        Utf8,
        Latin1,
        Bytes,
    }

    /// <summary>A length-prefixed string or bytes value: the length is checked against what remains before reading.</summary>
    private Outcome? ReadCounted(Attempt attempt, Machine m, long offset, int lengthSize, bool signedLength, TextKind kind)
    {
        if (!_input.TryReadUInt(lengthSize, out var rawLength))
        {
            return Truncated(attempt, offset, "length field is cut off");
        }

        if (signedLength && (int)(uint)rawLength < 0)
        {
            attempt.AddProblem($"negative length at offset {offset}");
            return Outcome.Broken;
        }

        if (rawLength > (ulong)_input.Remaining)
        {
            return Truncated(attempt, offset, $"a value declares {rawLength:N0} bytes but only {_input.Remaining:N0} remain");
        }

        var length = (long)rawLength;
        if (length <= MaxInlineReadLength && _input.TryReadSpan((int)length, out var inline))
        {
            // The common case: a short value decoded straight from the read buffer, no copy.
            return PushCounted(attempt, m, offset, inline, complete: true, kind);
        }

        var data = ReadPayload(length);
        if (data is null)
        {
            return Truncated(attempt, offset, "a value's bytes end early");
        }

        return PushCounted(attempt, m, offset, data, complete: data.Length == length, kind);
    }

    private Outcome? PushCounted(Attempt attempt, Machine m, long offset, ReadOnlySpan<byte> data, bool complete, TextKind kind)
    {
        if (kind == TextKind.Bytes)
        {
            if (complete)
            {
                CheckNested(attempt, offset, data);
            }

            return Push(m, PickleValue.Bytes);
        }

        string? text = null;
        if (complete && data.Length <= MaxKeptTextLength * 4)
        {
            try
            {
                text = kind == TextKind.Utf8 ? StrictUtf8.GetString(data) : Encoding.Latin1.GetString(data);
            }
            catch (DecoderFallbackException)
            {
                // CPython decodes with surrogatepass; lone surrogates are rare and never a module name.
                text = null;
            }
        }

        if (complete)
        {
            CheckNested(attempt, offset, data);
        }

        return Push(m, text is not null && text.Length <= MaxKeptTextLength ? PickleValue.FromText(text) : PickleValue.Opaque);
    }

    /// <summary>
    /// Reads a value's bytes when small or when they look like an embedded pickle (bounded); otherwise skips them and
    /// returns only their first bytes. Null when the data ends first.
    /// </summary>
    private byte[]? ReadPayload(long length)
    {
        if (length <= MaxInlineReadLength)
        {
            return _input.ReadExactly((int)length);
        }

        var prefix = _input.ReadExactly(8);
        if (prefix is null)
        {
            return null;
        }

        if (length <= MaxNestedCandidateLength && _options.NestedPickleDepth > 0 && NestedPickleDetector.LooksLikeStart(prefix))
        {
            var rest = _input.ReadExactly((int)length - prefix.Length);
            return rest is null ? null : prefix.Concat(rest).ToArray();
        }

        return _input.Skip(length - prefix.Length) ? prefix : null;
    }

    private Outcome? ReadQuotedString(Attempt attempt, Machine m, long offset)
    {
        var line = ReadLine(attempt, offset, out _);
        if (line is null)
        {
            return LineOutcome(attempt, offset);
        }

        // Python requires matching quotes around the STRING argument.
        if (line.Length < 2 || line[0] != line[^1] || (line[0] != '\'' && line[0] != '"'))
        {
            attempt.AddProblem($"STRING at offset {offset} is not quoted");
            return Outcome.Broken;
        }

        var text = PythonStringEscape.Decode(line.AsSpan(1, line.Length - 2));
        if (text is null)
        {
            attempt.AddProblem($"STRING at offset {offset} has an escape Python rejects (\\x without two hex digits, or a trailing backslash)");
            return Outcome.Broken;
        }

        CheckNested(attempt, offset, Encoding.Latin1.GetBytes(text));
        return Push(m, text.Length <= MaxKeptTextLength ? PickleValue.FromText(text) : PickleValue.Opaque);
    }

    /// <summary>INT, LONG, FLOAT and PERSID: one text line, checked as CPython's unpickler parses it (see <see cref="PickleTextNumbers"/>).</summary>
    private Outcome? ReadTextArgument(Attempt attempt, Machine m, long offset, PickleOpcode opcode)
    {
        var line = ReadLine(attempt, offset, out _);
        if (line is null)
        {
            return LineOutcome(attempt, offset);
        }

        System.Numerics.BigInteger number = default;
        var valid = opcode switch
        {
            PickleOpcode.Int => PickleTextNumbers.TryParseInt(line, out number),
            PickleOpcode.Long => PickleTextNumbers.TryParseLong(line, out number),
            PickleOpcode.Float => PickleTextNumbers.IsFloat(line),
            _ => System.Text.Ascii.IsValid(line), // the persistent id is decoded as ASCII
        };
        if (!valid)
        {
            attempt.AddProblem($"{opcode.ToString().ToUpperInvariant()} at offset {offset} has an argument Python rejects ('{PickleTextNumbers.Show(line)}')");
            return Outcome.Broken;
        }

        if (opcode == PickleOpcode.Int && line is [(byte)'0', (byte)'0' or (byte)'1'])
        {
            return Push(m, PickleValue.FromBool(line[1] == '1'));
        }

        return Push(m, opcode is PickleOpcode.Int or PickleOpcode.Long && PickleTextNumbers.TryToLong(number, out var value)
            ? PickleValue.FromInt(value)
            : PickleValue.Opaque);
    }

    private Outcome? ReadGlobalLines(Attempt attempt, Machine m, long offset, PickleImportKind kind)
    {
        var moduleLine = ReadLine(attempt, offset, out _);
        if (moduleLine is null)
        {
            return LineOutcome(attempt, offset);
        }

        var nameLine = ReadLine(attempt, offset, out _);
        if (nameLine is null)
        {
            return LineOutcome(attempt, offset);
        }

        string module, name;
        try
        {
            module = StrictUtf8.GetString(moduleLine);
            name = StrictUtf8.GetString(nameLine);
        }
        catch (DecoderFallbackException)
        {
            // Python fails decoding before it imports anything.
            attempt.AddProblem($"{(kind == PickleImportKind.Inst ? "INST" : "GLOBAL")} at offset {offset} names a module or attribute that is not valid UTF-8");
            return Outcome.Broken;
        }

        var global = new PickleGlobal(module, name, kind, offset);
        if (!attempt.AddGlobal(global))
                {
                    return TooManyGlobals(attempt, offset);
                }

        var pushed = new PickleValue(PickleValueKind.Global) { Global = global };
        if (kind == PickleImportKind.Inst)
        {
            var args = PopMark(attempt, m, offset);
            return Push(m, Call(pushed, PickleValue.Tuple(args)));
        }

        return Push(m, pushed);
    }

    /// <summary>Looks for a complete pickle stored in a bytes/text value (raw, base64 or hex) and walks it, bounded.</summary>
    private void CheckNested(Attempt attempt, long offset, ReadOnlySpan<byte> data)
    {
        if (_options.NestedPickleDepth <= 0 || !NestedPickleDetector.LooksLikeStart(data))
        {
            return;
        }

        var candidate = NestedPickleDetector.Decode(data.ToArray(), out var encoding);
        if (candidate is null)
        {
            return;
        }

        if (++_nestedChecks > MaxNestedChecks)
        {
            // Thousands of embedded pickles: report the first ones, do not let them multiply the work.
            return;
        }

        var inner = Walk(new MemoryStream(candidate, writable: false), _options with
        {
            NestedPickleDepth = _options.NestedPickleDepth - 1,
            MaxBytes = candidate.Length,
            ReadConcatenatedPickles = false,
            JoblibArrays = false,
            Location = null,
        });

        if (inner.PickleCount == 0)
        {
            return;
        }

        var innerGlobals = inner.Globals.Concat(inner.NestedPickles.SelectMany(n => n.Globals)).ToList();
        attempt.Nested.Add(new NestedPickle(offset, encoding, innerGlobals));
    }

    private static bool IsJoblibArrayWrapper(PickleValue value) =>
        value.Callee?.Kind == PickleValueKind.Global &&
        value.Callee.Global!.Name == "NumpyArrayWrapper" &&
        value.Callee.Global.Module.EndsWith("joblib.numpy_pickle", StringComparison.Ordinal);

    /// <summary>
    /// joblib writes each array's raw bytes right after the wrapper's BUILD (object arrays as a protocol-2 pickle).
    /// The size comes from the wrapper state (shape, dtype); anything we cannot size stops the walk with TC3013.
    /// </summary>
    private Outcome? SkipJoblibArray(Attempt attempt, PickleValue wrapper, long offset, out bool startNestedPickle)
    {
        startNestedPickle = false;
        var layout = JoblibArrayLayout.FromWrapperState(wrapper.State);
        if (layout is null)
        {
            // Never skip what cannot be sized: if it is a pickle (an object array), its imports are seen; if not, the walk breaks.
            attempt.AddProblem($"joblib array at offset {offset} has a shape or dtype that cannot be sized: what follows was walked as a pickle");
            startNestedPickle = true;
            return null;
        }

        if (layout.IsObjectArray)
        {
            startNestedPickle = true;
            return null;
        }

        if (layout.HasAlignmentPadding)
        {
            var padding = _input.ReadByte();
            if (padding < 0 || !_input.Skip(padding))
            {
                return Truncated(attempt, offset, "joblib array padding ends early");
            }
        }

        if (layout.ByteCount > _input.Remaining)
        {
            return Truncated(attempt, offset, $"joblib array declares {layout.ByteCount:N0} bytes but only {_input.Remaining:N0} remain");
        }

        return _input.Skip(layout.ByteCount) ? null : Truncated(attempt, offset, "joblib array data ends early");
    }
}
