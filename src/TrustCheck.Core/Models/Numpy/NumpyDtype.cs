namespace TrustCheck.Core.Models.Numpy;

/// <summary>
/// Whether a .npy header's 'descr' makes numpy pickle the data (dtype.hasobject), following numpy.lib.format's
/// descr_to_dtype: a string is a dtype spec (possibly comma-separated fields), a tuple is (base, shape), a list is
/// structured fields (name, spec[, shape]) nested to any depth. Names never count, only specs.
/// </summary>
public static class NumpyDtype
{
    private const int MaxDepth = 64;

    public static bool HoldsObjects(PythonLiteral descr) => HoldsObjects(descr, 0);

    /// <summary>A dtype string numpy.dtype() turns into (or into fields holding) Python objects: 'O', '|O8', 'O4', '(2,)O', 'i4,O', 'object'.</summary>
    public static bool IsObjectSpec(string spec)
    {
        foreach (var part in SplitFields(spec))
        {
            var code = part.Trim();
            // A leading shape "(2,3)" or repeat count "3" does not change the type.
            if (code.StartsWith('('))
            {
                var close = code.IndexOf(')');
                code = close < 0 ? code : code[(close + 1)..].TrimStart();
            }

            code = code.TrimStart('0', '1', '2', '3', '4', '5', '6', '7', '8', '9').TrimStart('<', '>', '|', '=', '!').Trim();
            if (code.StartsWith('O') || code.StartsWith("object", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"i4, (2,3)O" → "i4", " (2,3)O": commas inside a shape do not separate fields.</summary>
    private static IEnumerable<string> SplitFields(string spec)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < spec.Length; i++)
        {
            switch (spec[i])
            {
                case '(' or '[': depth++; break;
                case ')' or ']': depth = Math.Max(0, depth - 1); break;
                case ',' when depth == 0:
                    yield return spec[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return spec[start..];
    }

    private static bool HoldsObjects(PythonLiteral descr, int depth)
    {
        if (depth > MaxDepth)
        {
            return true; // deeper than numpy would go: do not guess "no objects"
        }

        switch (descr.Kind)
        {
            case PythonLiteralKind.Str:
            case PythonLiteralKind.Bytes:
                return IsObjectSpec(descr.Text!);
            case PythonLiteralKind.Tuple:
                // (base, shape): the base decides; numpy rejects other lengths, so any element could be the base.
                return descr.Items!.Count > 0 && HoldsObjects(descr.Items[0], depth + 1);
            case PythonLiteralKind.List:
                return descr.Items!.Any(field => FieldHoldsObjects(field, depth + 1));
            case PythonLiteralKind.Dict:
                // descr_to_dtype iterates a dict's keys as if they were fields.
                return Enumerable.Range(0, descr.Items!.Count / 2).Any(i => FieldHoldsObjects(descr.Items[2 * i], depth + 1));
            default:
                return false;
        }
    }

    /// <summary>A field is (name, spec) or (name, spec, shape); a 2-3 character string unpacks the same way in Python.</summary>
    private static bool FieldHoldsObjects(PythonLiteral field, int depth)
    {
        if (field.Kind is PythonLiteralKind.Tuple or PythonLiteralKind.List && field.Items!.Count >= 2)
        {
            return HoldsObjects(field.Items[1], depth + 1);
        }

        if (field.IsString && field.Text!.Length is 2 or 3)
        {
            return IsObjectSpec(field.Text[1].ToString());
        }

        return false;
    }
}
