using KnowledgeHub.Bench;

return await BenchCommandLine.RunAsync(args);
