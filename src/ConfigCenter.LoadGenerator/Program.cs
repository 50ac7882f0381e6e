using ConfigCenter.LoadGenerator.Cli;

// configcenter-loadgen: drive a ZooKeeper-protocol server with pipelined load, or run the durability benchmark.
return await LoadGeneratorCli.InvokeAsync(args, Console.Out, Console.Error);
