namespace ConfigCenter.Client.Recipes.Counters;

/// <summary>The outcome of an update of a <see cref="DistributedAtomicLong"/>.</summary>
/// <param name="Succeeded">False only for a compare-and-set whose expected value did not match.</param>
/// <param name="PreviousValue">The value before the update (the current value when it did not succeed).</param>
/// <param name="NewValue">The value after the update (the current value when it did not succeed).</param>
public readonly record struct AtomicUpdate(bool Succeeded, long PreviousValue, long NewValue);
