namespace TrustCheck.Core.Models.Binary;

/// <summary>Thrown inside a reader when content is inconsistent; the reader turns it into one TC3013 issue. Never escapes a reader.</summary>
internal sealed class MalformedModelException(string message) : Exception(message);
