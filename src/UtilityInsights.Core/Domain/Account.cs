namespace UtilityInsights.Domain;

/// <summary>
/// A customer account: the party that is billed, where its statements go and in which language.
/// <see cref="Cycle"/> is the read route / bill cycle code that decides when it is billed.
/// Names, addresses, emails and phone numbers are personal data: they are never logged.
/// </summary>
public sealed record Account
{
    public Account(AccountId id, string name, string serviceAddress, string mailingAddress, string? email, string? phone,
        Language language, DeliveryChannel channel, string cycle)
    {
        Id = id;
        Name = Required(name, "name");
        ServiceAddress = Required(serviceAddress, "service address");
        MailingAddress = string.IsNullOrWhiteSpace(mailingAddress) ? ServiceAddress : mailingAddress.Trim();
        Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        if (Email is not null && !LooksLikeEmail(Email))
            throw new ArgumentException($"Account {id}: '{Email}' is not an email address.", nameof(email));
        if (channel is DeliveryChannel.Email or DeliveryChannel.Both && Email is null)
            throw new ArgumentException($"Account {id}: channel {channel.ToText()} needs an email address.", nameof(channel));
        Phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        Language = language;
        Channel = channel;
        Cycle = Required(cycle, "cycle");
    }

    public AccountId Id { get; }

    public string Name { get; }

    /// <summary>Where the service is delivered (the premise's street address).</summary>
    public string ServiceAddress { get; }

    /// <summary>Where paper statements are sent; the service address when none is given.</summary>
    public string MailingAddress { get; }

    public string? Email { get; }

    public string? Phone { get; }

    public Language Language { get; }

    public DeliveryChannel Channel { get; }

    /// <summary>Whether the account pays by AutoPay: its bank account is charged on each due date.</summary>
    public bool AutoPay { get; init; }

    /// <summary>The first day of service (a move-in), or null when the account was served before anything billed here.</summary>
    public DateOnly? StartDate { get; init; }

    /// <summary>The day service ended (a move-out, excluded: the final bill runs to the day before), or null while it goes on.</summary>
    public DateOnly? EndDate { get; init; }

    /// <summary>Read route / bill cycle code (e.g. <c>C07</c>).</summary>
    public string Cycle { get; }

    /// <summary>A deliberately loose check: one @, something before it, a dot after it, no spaces.</summary>
    public static bool LooksLikeEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == value.LastIndexOf('@') && value.IndexOf('.', at) > at + 1
            && !value.EndsWith('.') && !value.Any(char.IsWhiteSpace);
    }

    private string Required(string value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"Account {Id}: {what} is required.") : value.Trim();
}
