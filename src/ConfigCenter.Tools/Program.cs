using ConfigCenter.Tools;

// configcenter-tools: print and verify ConfigCenter's log segments and snapshots.
return StorageToolCli.Run(args, Console.Out, Console.Error);
