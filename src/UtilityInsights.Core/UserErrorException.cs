namespace UtilityInsights;

/// <summary>
/// A mistake of the user's (a missing file, a bad option, a database that cannot be opened),
/// as opposed to a bug. Its message is one line that names the thing and the reason; the CLI
/// prints it without a stack trace and exits with code 1. A kind that some caller treats apart
/// derives from it (a bill run holds <c>ReadsMissingException</c>'s account under a code of its own).
/// </summary>
public class UserErrorException : Exception
{
    public UserErrorException(string message)
        : base(message)
    {
    }

    public UserErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UserErrorException()
    {
    }
}
