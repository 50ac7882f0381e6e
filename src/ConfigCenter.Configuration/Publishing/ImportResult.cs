namespace ConfigCenter.Configuration.Publishing;

/// <summary>What an import changed, all in one transaction.</summary>
/// <param name="Created">Znodes created.</param>
/// <param name="Updated">Znodes whose data was replaced.</param>
/// <param name="Deleted">Znodes deleted.</param>
public sealed record ImportResult(int Created, int Updated, int Deleted)
{
    /// <summary>True when the root already matched the document.</summary>
    public bool Unchanged => Created == 0 && Updated == 0 && Deleted == 0;
}
