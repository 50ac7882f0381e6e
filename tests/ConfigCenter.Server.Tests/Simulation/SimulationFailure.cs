namespace ConfigCenter.Server.Tests.Simulation;

/// <summary>An invariant of the server-level simulation broke.</summary>
internal sealed class SimulationFailure(string message) : Exception(message);
