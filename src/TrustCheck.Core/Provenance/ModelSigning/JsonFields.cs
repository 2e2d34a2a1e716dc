using System.Globalization;
using System.Text.Json;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>Typed, path-naming accessors over untrusted JSON: every shape error becomes a message that says which field.</summary>
internal static class JsonFields
{
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string what)
    {
        try
        {
            return JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = SigningLimits.MaxJsonDepth });
        }
        catch (JsonException ex)
        {
            throw new SignatureCheckFailedException($"{what} is not valid JSON ({ex.Message})");
        }
    }

    public static JsonElement RequireObject(JsonElement parent, string name, string path)
    {
        var value = Optional(parent, name);
        if (value is not { ValueKind: JsonValueKind.Object } obj)
        {
            throw new SignatureCheckFailedException($"{path}.{name} is missing or not an object");
        }

        return obj;
    }

    public static JsonElement? Optional(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static JsonElement? OptionalObject(JsonElement parent, string name, string path)
    {
        var value = Optional(parent, name);
        if (value is { } v && v.ValueKind != JsonValueKind.Object)
        {
            throw new SignatureCheckFailedException($"{path}.{name} is not an object");
        }

        return value;
    }

    public static JsonElement.ArrayEnumerator Array(JsonElement parent, string name, string path, int maxItems, bool required = true)
    {
        var value = Optional(parent, name);
        if (value is null && !required)
        {
            return default;
        }

        if (value is not { ValueKind: JsonValueKind.Array } array)
        {
            throw new SignatureCheckFailedException($"{path}.{name} is missing or not an array");
        }

        if (array.GetArrayLength() > maxItems)
        {
            throw new SignatureCheckFailedException($"{path}.{name} has {array.GetArrayLength()} items, more than the limit of {maxItems}");
        }

        return array.EnumerateArray();
    }

    public static string RequireString(JsonElement parent, string name, string path) =>
        OptionalString(parent, name, path) ?? throw new SignatureCheckFailedException($"{path}.{name} is missing");

    public static string? OptionalString(JsonElement parent, string name, string path)
    {
        var value = Optional(parent, name);
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.String)
        {
            throw new SignatureCheckFailedException($"{path}.{name} is not a string");
        }

        return value.Value.GetString()!;
    }

    public static byte[] RequireBase64(JsonElement parent, string name, string path) =>
        OptionalBase64(parent, name, path) ?? throw new SignatureCheckFailedException($"{path}.{name} is missing");

    public static byte[]? OptionalBase64(JsonElement parent, string name, string path)
    {
        var text = OptionalString(parent, name, path);
        if (text is null)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new SignatureCheckFailedException($"{path}.{name} is not valid base64");
        }
    }

    /// <summary>Protobuf JSON writes int64 as a string; accept either form.</summary>
    public static long RequireInt64(JsonElement parent, string name, string path)
    {
        var value = Optional(parent, name) ?? throw new SignatureCheckFailedException($"{path}.{name} is missing");
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String &&
            long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw new SignatureCheckFailedException($"{path}.{name} is not an integer");
    }
}
