using System.Text;
using ConfigCenter.Client.Operations;
using ConfigCenter.Configuration.Mapping;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Configuration.Publishing;

/// <summary>
/// The one transaction that makes a root match a JSON document: each flattened key becomes a leaf znode
/// holding its value, the znodes on the way are created empty, znodes the document lacks are deleted
/// (deepest first), and every znode left as it is gets a version check, so an edit made by someone else
/// after the read fails the whole import instead of being overwritten or kept unknowingly.
/// </summary>
internal sealed class ImportPlan
{
    private ImportPlan(Dictionary<string, byte[]> desired) => Desired = desired;

    /// <summary>Every znode the root must hold (the root included), with its data.</summary>
    public Dictionary<string, byte[]> Desired { get; }

    public static ImportPlan FromJson(string root, string json)
    {
        var entries = JsonConfigurationFlattener.Flatten(json, "");
        var desired = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [root] = [] };
        foreach (var (key, value) in entries)
        {
            if (value is not null && JsonConfigurationFlattener.LooksLikeJson(value))
                throw new ArgumentException(
                    $"The value of '{key}' starts with '{{' or '[': stored in its own znode it would be read back as JSON. Store such text inside a JSON node instead.",
                    nameof(json));
            var path = ZnodeKeyMapper.ToPath(root, key);
            for (var parent = ZkPath.Parent(path); parent != root && ZnodeKeyMapper.IsUnderRoot(root, parent); parent = ZkPath.Parent(parent))
                desired.TryAdd(parent, []);
            desired[path] = value is null ? [] : Encoding.UTF8.GetBytes(value);
        }
        return new ImportPlan(desired);
    }

    /// <summary>Adds the operations that turn <paramref name="current"/> into the desired tree; returns what they change.</summary>
    public ImportResult AddOperations(Transaction transaction, IReadOnlyDictionary<string, SubtreeNode> current, IReadOnlyList<Acl> acl)
    {
        int created = 0, updated = 0, deleted = 0;
        foreach (var node in current.Values.Where(node => !Desired.ContainsKey(node.Path)).OrderByDescending(node => ZnodeKeyMapper.Depth(node.Path)))
        {
            transaction.Delete(node.Path, node.Stat.Version);
            deleted++;
        }
        foreach (var (path, data) in Desired.OrderBy(pair => ZnodeKeyMapper.Depth(pair.Key)).ThenBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!current.TryGetValue(path, out var existing))
            {
                transaction.Create(path, data, acl);
                created++;
            }
            else if (!existing.Data.AsSpan().SequenceEqual(data))
            {
                transaction.SetData(path, data, existing.Stat.Version);
                updated++;
            }
            else
            {
                transaction.Check(path, existing.Stat.Version);
            }
        }
        return new ImportResult(created, updated, deleted);
    }
}
