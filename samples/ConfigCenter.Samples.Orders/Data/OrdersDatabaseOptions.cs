namespace ConfigCenter.Samples.Orders.Data;

/// <summary>The "ConnectionStrings" section; Orders lives in the config center at ConnectionStrings/Orders.</summary>
public sealed class OrdersDatabaseOptions
{
    public const string Section = "ConnectionStrings";

    public string? Orders { get; set; }
}
