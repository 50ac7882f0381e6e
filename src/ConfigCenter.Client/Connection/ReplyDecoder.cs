using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;

namespace ConfigCenter.Client.Connection;

/// <summary>Turns a reply (its error code and body) into a result, or throws the KeeperException it stands for.</summary>
internal delegate T ReplyDecoder<T>(ErrorCode err, ref JuteReader body);
