namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>An invariant of the simulation broke.</summary>
internal sealed class SimulationFailure(string message) : Exception(message);
