namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>One verification step failed; the message is the user-facing cause and becomes an Invalid verdict.</summary>
internal sealed class SignatureCheckFailedException(string message) : Exception(message);
