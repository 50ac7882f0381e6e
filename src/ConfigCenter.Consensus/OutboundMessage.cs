using ConfigCenter.Consensus.Messages;

namespace ConfigCenter.Consensus;

/// <summary>A message the shell must send to <paramref name="To"/>.</summary>
public readonly record struct OutboundMessage(PeerId To, ZabMessage Message);
