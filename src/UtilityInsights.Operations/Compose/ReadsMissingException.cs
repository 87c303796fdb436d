namespace UtilityInsights.Operations.Compose;

/// <summary>
/// An interval meter's reads do not cover the billing period (not loaded yet, or a gap ingestion could not estimate): a user's
/// matter like any <see cref="UserErrorException"/>, which a bill run holds as <c>reads_missing</c> and bills once the reads are in.
/// </summary>
public sealed class ReadsMissingException : UserErrorException
{
    public ReadsMissingException(string message)
        : base(message)
    {
    }

    public ReadsMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ReadsMissingException()
    {
    }
}
