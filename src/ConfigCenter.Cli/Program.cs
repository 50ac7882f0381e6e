using ConfigCenter.Cli;

// configcenter: publish and inspect configuration in a ConfigCenter (or any ZooKeeper) ensemble.
return await ConfigCli.RunAsync(args, Console.Out, Console.Error);
