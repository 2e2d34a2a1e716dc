using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace TrustCheck.Analyzers.Catalogs;

/// <summary>What a type's constructor does with the transport it is given (Data/Transports.txt explains the roles).</summary>
internal enum TransportRole
{
    Carrier,
    InMemory,
}

/// <summary>One row of Data/Transports.txt.</summary>
internal sealed class TransportType
{
    public TransportType(string typeName, string assemblies, string parameter, TransportRole role)
    {
        TypeName = typeName;
        Assemblies = assemblies.Split('|');
        Parameter = parameter;
        Role = role;
    }

    public string TypeName { get; }
    public string[] Assemblies { get; }
    /// <summary>For carriers: the constructor parameter that takes the transport.</summary>
    public string Parameter { get; }
    public TransportRole Role { get; }
}

/// <summary>
/// The types through which a download reaches (or does not reach) the network, parsed once per process and looked up by
/// the type's simple metadata name, then confirmed in the type's own assembly (a user type with the same name differs).
/// </summary>
internal static class TransportCatalog
{
    /// <summary>Every row, in no particular order (for tests).</summary>
    public static IEnumerable<TransportType> All
    {
        get
        {
            foreach (var rows in Rows.BySimpleName.Values)
            {
                foreach (var row in rows)
                {
                    yield return row;
                }
            }
        }
    }

    /// <summary>The row for this very type, or null.</summary>
    public static TransportType? Find(INamedTypeSymbol type)
    {
        if (!Rows.BySimpleName.TryGetValue(type.MetadataName, out var rows) || type.ContainingAssembly is not { } assembly)
        {
            return null;
        }

        foreach (var row in rows)
        {
            if (Array.IndexOf(row.Assemblies, assembly.Identity.Name) >= 0
                && SymbolEqualityComparer.Default.Equals(assembly.GetTypeByMetadataName(row.TypeName), type.OriginalDefinition))
            {
                return row;
            }
        }

        return null;
    }

    private static Dictionary<string, List<TransportType>> Load()
    {
        var bySimpleName = new Dictionary<string, List<TransportType>>(StringComparer.Ordinal);
        foreach (var row in EmbeddedData.ReadRows("Transports.txt"))
        {
            var typeName = EmbeddedData.Field(row, 0);
            var transport = new TransportType(typeName, EmbeddedData.Field(row, 1), EmbeddedData.Field(row, 2), ParseRole(EmbeddedData.Field(row, 3)));
            var simpleName = typeName.Substring(typeName.LastIndexOfAny(new[] { '.', '+' }) + 1);
            if (!bySimpleName.TryGetValue(simpleName, out var list))
            {
                bySimpleName.Add(simpleName, list = new List<TransportType>());
            }

            list.Add(transport);
        }

        return bySimpleName;
    }

    private static TransportRole ParseRole(string role) => role switch
    {
        "carrier" => TransportRole.Carrier,
        "in-memory" => TransportRole.InMemory,
        _ => throw new FormatException("Unknown transport role '" + role + "' in Transports.txt"),
    };

    /// <summary>Initialized on first use (a nested class's static field: thread-safe, no Lazy).</summary>
    private static class Rows
    {
        public static readonly Dictionary<string, List<TransportType>> BySimpleName = Load();
    }
}
