namespace TrustCheck.Core.Models.Pickle;

/// <summary>How a pickle named a global.</summary>
public enum PickleImportKind
{
    /// <summary>GLOBAL opcode ('c'): module and name as text lines.</summary>
    Global,
    /// <summary>INST opcode ('i', protocol 0): import and call in one step.</summary>
    Inst,
    /// <summary>STACK_GLOBAL (protocol 4+): module and name taken from the stack.</summary>
    StackGlobal,
    /// <summary>EXT1/EXT2/EXT4: an integer code looked up in copyreg's extension registry at load time.</summary>
    Extension,
}

/// <summary>
/// One global a pickle imports. <see cref="Resolved"/> is false when the walker could not tell the name statically
/// (STACK_GLOBAL operands that are not constant text, extension codes): such an import is never considered safe.
/// </summary>
public sealed record PickleGlobal(string Module, string Name, PickleImportKind Kind, long Offset, bool Resolved = true)
{
    /// <summary>"module.name" as Python's find_class sees it (e.g. "os.system", "bdb.Bdb.run").</summary>
    public string FullName => Module + "." + Name;

    public override string ToString() => FullName;
}
